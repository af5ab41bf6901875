// The service worker's policy (src/offline/precache.ts): what it keeps and how it answers each request.
import { describe, expect, it } from 'vitest';
import { cacheVersion, fetchPlan, precacheList } from '../../src/offline/precache.ts';

const hash = (t: string) => [...t].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7).toString(16).padStart(16, '0');

describe('service worker precache', () => {
  it('keeps the page and every built file, not the host headers, source maps or itself, in a stable order', () => {
    expect(precacheList(['assets/b-2.js', 'sw.js', '_headers', 'assets/a-1.js', 'assets/a-1.js.map', 'index.html', 'assets/b-2.js'])).toEqual(['./', './assets/a-1.js', './assets/b-2.js', './index.html']);
  });

  it('a new build (new hashed names) gets a new cache version; the same build the same one', () => {
    const a = precacheList(['assets/x-1.js', 'index.html']);
    const b = precacheList(['assets/x-2.js', 'index.html']);
    expect(cacheVersion(a, hash)).toBe(cacheVersion([...a], hash));
    expect(cacheVersion(a, hash)).not.toBe(cacheVersion(b, hash));
    expect(cacheVersion(a, hash)).toMatch(/^synthlab-[0-9a-f]{16}$/);
  });

  it('pages from the network first, precached files from the cache, everything else (the Hub, other paths, POST) left alone', () => {
    const scope = 'https://school.example/physics/lab/';
    const precached = new Set([`${scope}assets/x-1.js`, `${scope}index.html`]);
    const req = (url: string, mode = 'cors', method = 'GET') => ({ url, mode, method });
    expect(fetchPlan(req(`${scope}?test#abc`, 'navigate'), scope, precached)).toBe('network-first');
    expect(fetchPlan(req(`${scope}assets/x-1.js`), scope, precached)).toBe('cache-first');
    expect(fetchPlan(req(`${scope}assets/x-1.js?v=2`), scope, precached)).toBe('cache-first');
    expect(fetchPlan(req(`${scope}assets/unknown.js`), scope, precached)).toBe('pass');
    expect(fetchPlan(req('https://huggingface.co/datasets/x/resolve/main/f.parquet'), scope, precached)).toBe('pass');
    expect(fetchPlan(req('https://school.example/other/app.js'), scope, precached)).toBe('pass');
    expect(fetchPlan(req(`${scope}assets/x-1.js`, 'cors', 'POST'), scope, precached)).toBe('pass');
  });
});
