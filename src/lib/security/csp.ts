// The lab's Content-Security-Policy: its own origin, plus the Hugging Face Hub hosts for the one thing
// that needs the network (downloading the web-text baseline) — nothing else.

/** Hosts a Hub dataset download touches: the resolve URL, then its LFS / Xet CDN redirects. */
export const HUGGING_FACE_HOSTS = ['https://huggingface.co', 'https://cdn-lfs.huggingface.co', 'https://cdn-lfs.hf.co', 'https://cas-bridge.xethub.hf.co'];

export function contentSecurityPolicy(mode: 'production' | 'development'): string {
  const connect = ["'self'", ...HUGGING_FACE_HOSTS];
  // Vite's dev server pushes module updates over a websocket on its own host.
  if (mode === 'development') connect.push('ws://127.0.0.1:*', 'ws://localhost:*');
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    // No inline scripts and no JS eval; WebAssembly compilation is allowed (the parquet decompressors).
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    // Svelte and uPlot set element styles at run time; Vite injects <style> in development.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': connect,
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

/** Headers for every response of the built app (also written to dist/_headers for static hosts). */
export function securityHeaders(mode: 'production' | 'development'): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(mode),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
}

/**
 * The policy as a <meta http-equiv> in the built page, for hosts that cannot send headers (GitHub Pages).
 * A meta policy cannot carry frame-ancestors (browsers ignore it there), so that one protection, against
 * being framed by another site, needs a host that sends the header (docs/hosting.md).
 */
export function metaContentSecurityPolicy(): string {
  return contentSecurityPolicy('production')
    .split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');
}
