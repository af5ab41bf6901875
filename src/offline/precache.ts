// What the service worker keeps so the lab opens and runs with the network off after one visit: the
// built files (hashed, so a name never changes its content), the page itself, and the shipped web-text
// sample. Pure and DOM-free, so the build plugin and the unit tests use exactly what the worker uses.

/** Build outputs the worker must not cache: headers for the host, source maps, the worker itself. */
const SKIP = [/^_headers$/, /\.map$/, /^sw\.js$/];

/**
 * The files to precache, as paths relative to the site's root (whatever sub-path it is served from):
 * "./" (the page as a navigation gets it) and every emitted file, sorted so the list, and so the
 * cache's version, depend only on what was built.
 */
export function precacheList(emitted: readonly string[]): string[] {
  const files = emitted.filter((f) => !SKIP.some((re) => re.test(f))).map((f) => `./${f}`);
  return ['./', ...[...new Set(files)].sort()];
}

/** A short version of the cache from the list (whose names carry content hashes): new build, new cache. */
export function cacheVersion(list: readonly string[], hash: (text: string) => string): string {
  return `synthlab-${hash(list.join('\n')).slice(0, 16)}`;
}

export type FetchPlan = 'network-first' | 'cache-first' | 'pass';

/**
 * How the worker answers a request. Pages: from the network when it answers (so a new build arrives),
 * else from the cache. The hashed files: from the cache. Anything else, and every other origin (the
 * Hub download, which has its own IndexedDB cache), is left to the browser.
 */
export function fetchPlan(req: { method: string; url: string; mode: string }, scope: string, precached: ReadonlySet<string>): FetchPlan {
  if (req.method !== 'GET' || !req.url.startsWith(scope)) return 'pass';
  if (req.mode === 'navigate') return 'network-first';
  const path = new URL(req.url);
  return precached.has(path.origin + path.pathname) ? 'cache-first' : 'pass';
}
