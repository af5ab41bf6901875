// Serves a built lab (dist/) the way a static host does: from a sub-path, with the headers its _headers
// file asks for, nothing else. For the hosting end-to-end test, and to try a build by hand:
//   npx tsx scripts/static-server.ts dist /some/sub/path/
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.jsonl': 'application/jsonl',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The headers of a Netlify / Cloudflare Pages style `_headers` file, for every path ("/*"). */
export function headersFromFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s+([A-Za-z-]+):\s*(.+)$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

export interface StaticSite {
  server: Server;
  /** The site's address, ending in the sub-path's slash. */
  url: string;
  close(): Promise<void>;
}

export async function serveStatic(dir: string, subPath = '/'): Promise<StaticSite> {
  const prefix = subPath.endsWith('/') ? subPath : `${subPath}/`;
  const headersPath = join(dir, '_headers');
  const headers = existsSync(headersPath) ? headersFromFile(readFileSync(headersPath, 'utf8')) : {};
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(prefix) || req.method !== 'GET') {
      res.writeHead(404).end('not found');
      return;
    }
    const rel = path.slice(prefix.length) || 'index.html';
    const file = normalize(join(dir, rel));
    if (!file.startsWith(normalize(dir) + sep) || rel === '_headers') {
      res.writeHead(404).end('not found');
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the static server has no TCP address');
  return { server, url: `http://127.0.0.1:${address.port}${prefix}`, close: () => new Promise((ok) => server.close(() => ok())) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const [dir = 'dist', sub = '/'] = process.argv.slice(2);
  const site = await serveStatic(dir, sub);
  console.log(`serving ${dir} at ${site.url}`);
}
