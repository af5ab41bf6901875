// The hub loader against a real HTTP server on 127.0.0.1 with the platform's own fetch: real Range
// requests, real Content-Length/Content-Range headers, and a 302 hop like the Hub's `resolve/` URLs,
// which redirect to a CDN. Complements the request-counting tests in baseline-parquet.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadBaseline, loadBaselineFromUrl } from '../../src/lib/baseline/load.ts';
import type { HubRef } from '../../src/lib/baseline/cache.ts';
import { BaselineError } from '../../src/lib/baseline/errors.ts';
import { writeParquet } from './baseline-parquet-writer.ts';

// Four row groups of about 1 MB of text each: large enough that hyparquet's 512 KB footer read cannot cover
// the file, so "downloads less than half" is a real claim about Range use.
const texts = Array.from({ length: 40 }, (_, i) => `Document ${i}: ${'lorem ipsum dolor '.repeat(5500)}`.trim());
const file = writeParquet({ id: texts.map((_, i) => String(i)), text: texts }, 10).bytes;
const ranges: string[] = [];
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/resolve/sample.parquet') {
      res.writeHead(302, { Location: '/cdn/sample.parquet' }); // the Hub answers resolve/ URLs with a redirect
      res.end();
      return;
    }
    if (req.url !== '/cdn/sample.parquet') {
      res.writeHead(404).end();
      return;
    }
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (req.method === 'HEAD' || !m) {
      res.writeHead(200, { 'Content-Length': file.length, 'Accept-Ranges': 'bytes' });
      res.end(req.method === 'HEAD' ? undefined : Buffer.from(file));
      return;
    }
    ranges.push(m[0]);
    const [start, end] = [Number(m[1]), Math.min(Number(m[2]), file.length - 1)];
    res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${file.length}`, 'Content-Length': end - start + 1 });
    res.end(Buffer.from(file.subarray(start, end + 1)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const ref: HubRef = { kind: 'hub', dataset: 'test/local', revision: 'main', file: 'sample.parquet', column: 'text', rowStart: 12, rowEnd: 15 };

describe('hub loader over real HTTP (local server)', () => {
  it('follows the redirect, reads rows by Range requests only, and downloads less than the file', async () => {
    ranges.length = 0;
    let fetched = 0;
    const r = await loadBaseline(ref, { url: `${base}/resolve/sample.parquet`, onProgress: (p) => (fetched = p.bytesFetched) });
    expect(r.docs).toEqual(texts.slice(12, 15));
    expect(ranges.length).toBeGreaterThan(0);
    expect(fetched).toBeGreaterThan(0);
    expect(fetched).toBeLessThan(file.length / 2);
  });

  it('a missing file is a network error naming HTTP 404', async () => {
    const e = await loadBaselineFromUrl(`${base}/nothing.parquet`, 'parquet').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BaselineError);
    expect((e as BaselineError).kind).toBe('network');
    expect((e as BaselineError).message).toMatch(/HTTP 404/);
  });

  it('an unreachable host is a network error, not a crash', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const e = await loadBaseline(ref, { url: `http://127.0.0.1:${port}/x.parquet` }).catch((x: unknown) => x);
    expect((e as BaselineError).kind).toBe('network');
  });
});
