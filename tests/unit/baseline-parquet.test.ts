// No parquet file exists on this machine (none in node_modules, no writer installed), so this test builds
// small ones with the minimal writer in baseline-parquet-writer.ts.
import { describe, expect, it } from 'vitest';
import { readParquetText, plannedColumnBytes } from '../../src/lib/baseline/parquet.ts';
import { loadBaseline, loadBaselineFromBytes, loadBaselineFromUrl, type LoadProgress } from '../../src/lib/baseline/load.ts';
import { MemoryBaselineCache, hubCacheKey, type HubRef } from '../../src/lib/baseline/cache.ts';
import { hubFileUrl } from '../../src/lib/baseline/hub.ts';
import { BaselineError } from '../../src/lib/baseline/errors.ts';
import { fingerprintDocuments } from '../../src/lib/baseline/fingerprint.ts';
import { parquetMetadata } from 'hyparquet';
import { writeParquet } from './baseline-parquet-writer.ts';
import { hasShared, needsShared, readSharedBytes } from '../../src/lib/baseline/shared-datasets.ts';

const C4 = 'c4/train.jsonl';
const enc = new TextEncoder();

/**
 * A fake HTTP server over local bytes, with Range support: it exists only to exercise the range logic
 * (which requests are made, how many bytes travel), since tests have no network.
 */
function rangeServer(files: Record<string, Uint8Array>, opts: { ignoreRange?: boolean } = {}) {
  const requests: { url: string; method: string; range: [number, number] | null }[] = [];
  const fetch = async (url: string, init?: RequestInit): Promise<Response> => {
    init?.signal?.throwIfAborted();
    const body = files[url];
    const method = init?.method ?? 'GET';
    const rangeHeader = new Headers(init?.headers).get('Range');
    const m = rangeHeader ? /^bytes=(\d+)-(\d*)$/.exec(rangeHeader) : null;
    const range: [number, number] | null = m ? [Number(m[1]), m[2] === '' ? (body?.length ?? 0) - 1 : Number(m[2])] : null;
    requests.push({ url, method, range });
    if (!body) return new Response('not found', { status: 404 });
    if (method === 'HEAD') return new Response(null, { status: 200, headers: { 'Content-Length': String(body.length) } });
    if (!range || opts.ignoreRange) return new Response(body.slice(), { status: 200 });
    const part = body.slice(range[0], range[1] + 1);
    return new Response(part, { status: 206, headers: { 'Content-Range': `bytes ${range[0]}-${range[1]}/${body.length}` } });
  };
  return { fetch, requests };
}

const doc = (i: number, size: number) => (`Document ${i}. ` + `word${i} `.repeat(Math.ceil(size / 8)).slice(0, size)).trimEnd();

describe('parquet reading (files built by a minimal in-test writer)', () => {
  const small = writeParquet({ url: ['u0', 'u1', 'u2', 'u3', 'u4'], text: ['zero', 'one 🙂', 'two', '', 'four'] }, 2);

  it('hyparquet reads the written file: row count, row groups, schema', () => {
    const meta = parquetMetadata(small.bytes.slice().buffer);
    expect(Number(meta.num_rows)).toBe(5);
    expect(meta.row_groups.length).toBe(3);
    expect(plannedColumnBytes(meta, 'text', 2, 4)).toBe(small.chunks[1][1].size);
  });

  it('reads one column for a row range, across row groups, dropping empty documents', async () => {
    expect(await readParquetText(small.bytes.slice().buffer, { column: 'text', rowStart: 1, rowEnd: 5 })).toEqual(['one 🙂', 'two', '', 'four']);
    const r = await loadBaselineFromBytes(small.bytes, 'parquet', { column: 'text', rowStart: 1, rowEnd: 99 });
    expect(r.docs).toEqual(['one 🙂', 'two', 'four']);
    expect(r.fingerprint).toBe(fingerprintDocuments(['one 🙂', 'two', 'four']));
  });

  it('names the columns when the requested one is missing, and refuses rows past the end', async () => {
    const e1 = await loadBaselineFromBytes(small.bytes, 'parquet', { column: 'content' }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(BaselineError);
    expect((e1 as BaselineError).message).toContain('url, text');
    const e2 = await loadBaselineFromBytes(small.bytes, 'parquet', { rowStart: 10, rowEnd: 20 }).catch((e: unknown) => e);
    expect((e2 as BaselineError).kind).toBe('rows');
  });

  it('refuses bytes that are not parquet with a format error', async () => {
    const e = await loadBaselineFromBytes(enc.encode('{"text": "hi"}\n'), 'parquet').catch((x: unknown) => x);
    expect((e as BaselineError).kind).toBe('format');
  });

  it.skipIf(!hasShared(C4))(`parquet and JSON Lines of the same C4 documents load to the same fingerprint ${needsShared(C4)}`, async () => {
    const jsonl = readSharedBytes(C4);
    const texts = new TextDecoder().decode(jsonl).split('\n').filter((l) => l.trim()).slice(0, 300).map((l) => (JSON.parse(l) as { text: string }).text);
    const pq = writeParquet({ text: texts, url: texts.map((_, i) => `https://example.org/${i}`) }, 64);
    const fromParquet = await loadBaselineFromBytes(pq.bytes, 'parquet', { column: 'text' });
    const fromJsonl = await loadBaselineFromBytes(jsonl, 'jsonl', { rowEnd: 300 });
    expect(fromParquet.docs.length).toBe(300);
    expect(fromParquet.fingerprint).toBe(fromJsonl.fingerprint);
  });
});

describe('hub loader over a fake Range-capable server (exercises range logic only; no network in tests)', () => {
  // Four row groups of ~1 MB of text each, so the reader's 512 KB footer read cannot cover the file.
  const n = 40;
  const texts = Array.from({ length: n }, (_, i) => doc(i, 100_000));
  const file = writeParquet({ url: texts.map((_, i) => `https://example.org/${i}`), text: texts }, 10);
  const ref: HubRef = { kind: 'hub', dataset: 'HuggingFaceFW/fineweb-edu', revision: 'main', file: 'sample/10BT/000_00000.parquet', column: 'text', rowStart: 12, rowEnd: 18 };
  const url = hubFileUrl(ref);

  it('builds the documented Hub URL', () => {
    expect(url).toBe('https://huggingface.co/datasets/HuggingFaceFW/fineweb-edu/resolve/main/sample/10BT/000_00000.parquet');
  });

  it('downloads only the footer and the requested column chunk, reports progress, returns the rows', async () => {
    const server = rangeServer({ [url]: file.bytes });
    const progress: LoadProgress[] = [];
    const r = await loadBaseline(ref, { fetch: server.fetch, onProgress: (p) => progress.push(p) });
    expect(r.docs).toEqual(texts.slice(12, 18));
    expect(r.fromCache).toBe(false);
    const fetched = server.requests.filter((q) => q.range).reduce((s, q) => s + (q.range![1] - q.range![0] + 1), 0);
    expect(fetched).toBeLessThan(file.bytes.length / 2);
    // Row group 0's text chunk and group 1's url chunk must not be requested.
    for (const skip of [file.chunks[0][1], file.chunks[1][0]]) {
      const inFooterRead = (q: { range: [number, number] | null }) => q.range![1] === file.bytes.length - 1;
      for (const q of server.requests.filter((q) => q.range && !inFooterRead(q))) {
        expect(q.range![1] < skip.offset || q.range![0] >= skip.offset + skip.size).toBe(true);
      }
    }
    const last = progress[progress.length - 1];
    expect(last.phase).toBe('done');
    expect(last.bytesFetched).toBe(fetched);
    expect(last.bytesPlanned).toBe(file.chunks[1][1].size);
    expect(last.rowsDone).toBe(6);
  });

  it('second visit is served from the cache with no request; a corrupted cache entry is refetched', async () => {
    const cache = new MemoryBaselineCache();
    const server = rangeServer({ [url]: file.bytes });
    const first = await loadBaseline(ref, { fetch: server.fetch, cache });
    const count = server.requests.length;
    const offline = rangeServer({});
    const second = await loadBaseline(ref, { fetch: offline.fetch, cache });
    expect(offline.requests.length).toBe(0);
    expect(second.fromCache).toBe(true);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(second.docs).toEqual(first.docs);
    const entry = await cache.get(hubCacheKey(ref));
    await cache.put(hubCacheKey(ref), { ...entry!, docs: ['tampered'] });
    const third = await loadBaseline(ref, { fetch: server.fetch, cache });
    expect(third.fromCache).toBe(false);
    expect(server.requests.length).toBeGreaterThan(count);
    expect(third.fingerprint).toBe(first.fingerprint);
  });

  it('a different row range is a different cache entry', () => {
    expect(hubCacheKey(ref)).not.toBe(hubCacheKey({ ...ref, rowEnd: 19 }));
    expect(hubCacheKey(ref)).not.toBe(hubCacheKey({ ...ref, revision: 'abc123' }));
  });

  it('works when the server ignores Range (whole file once)', async () => {
    const server = rangeServer({ [url]: file.bytes }, { ignoreRange: true });
    const r = await loadBaseline(ref, { fetch: server.fetch });
    expect(r.docs).toEqual(texts.slice(12, 18));
    expect(server.requests.filter((q) => q.method === 'GET').length).toBe(1);
  });

  it('cancels via AbortSignal: already aborted, and aborted mid-download', async () => {
    const server = rangeServer({ [url]: file.bytes });
    const pre = new AbortController();
    pre.abort();
    const e1 = await loadBaseline(ref, { fetch: server.fetch, signal: pre.signal }).catch((e: unknown) => e);
    expect((e1 as BaselineError).kind).toBe('aborted');
    expect(server.requests.length).toBe(0);
    const mid = new AbortController();
    const e2 = await loadBaseline(ref, {
      fetch: server.fetch,
      signal: mid.signal,
      onProgress: (p) => { if (p.bytesFetched > 0) mid.abort(); },
    }).catch((e: unknown) => e);
    expect((e2 as BaselineError).kind).toBe('aborted');
  });

  it('a missing file is a network error that says 404', async () => {
    const server = rangeServer({});
    const e = await loadBaseline(ref, { fetch: server.fetch }).catch((x: unknown) => x);
    expect((e as BaselineError).kind).toBe('network');
    expect((e as BaselineError).message).toContain('404');
  });

  it.skipIf(!hasShared(C4))(`loadBaselineFromUrl reads JSON Lines from a same-origin URL ${needsShared(C4)}`, async () => {
    const server = rangeServer({ '/data/c4.jsonl': readSharedBytes(C4) });
    const r = await loadBaselineFromUrl('/data/c4.jsonl', 'jsonl', {}, { fetch: server.fetch });
    expect(r.docs.length).toBe(1000);
  });
});
