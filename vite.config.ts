import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { findBrowser, BROWSER_ARGS } from './scripts/find-browser.mjs';
import { metaContentSecurityPolicy, securityHeaders } from './src/lib/security/csp.ts';
import type { Plugin } from 'vite';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { cacheVersion, precacheList } from './src/offline/precache.ts';

/** Writes the production security headers to dist/_headers, the format static hosts read, and the CSP into the page. */
function headersFile(): Plugin {
  return {
    name: 'synthlab-headers-file',
    apply: 'build',
    // The same policy in the page itself, for hosts that send no headers (all but frame-ancestors).
    transformIndexHtml: {
      order: 'post',
      handler: (html) => html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${metaContentSecurityPolicy()}" />`),
    },
    generateBundle() {
      const lines = Object.entries(securityHeaders('production')).map(([k, v]) => `  ${k}: ${v}`);
      this.emitFile({ type: 'asset', fileName: '_headers', source: `/*\n${lines.join('\n')}\n` });
    },
  };
}

/**
 * Builds the service worker as sw.js at the site's root and fills in its precache list: every file of the
 * build (their names carry content hashes), so a new build makes a new cache.
 */
function serviceWorker(): Plugin {
  return {
    name: 'synthlab-service-worker',
    apply: 'build',
    buildStart() {
      this.emitFile({ type: 'chunk', id: fileURLToPath(new URL('./src/offline/service-worker.ts', import.meta.url)), fileName: 'sw.js' });
    },
    generateBundle(_options, bundle) {
      const sw = bundle['sw.js'];
      if (!sw || sw.type !== 'chunk') throw new Error('synthlab: the service worker chunk was not built');
      const files = precacheList([...Object.keys(bundle), 'index.html']);
      const version = cacheVersion(files, (t) => createHash('sha256').update(t).digest('hex'));
      const placeholder = /(["'`])__SYNTHLAB_PRECACHE_JSON__\1/;
      if (!placeholder.test(sw.code)) throw new Error('synthlab: the service worker has no precache placeholder');
      sw.code = sw.code.replace(placeholder, () => JSON.stringify(JSON.stringify({ version, files })));
    },
  };
}

export default defineConfig(({ mode }) => {
  // Only the browser test project needs a browser; the app and unit tests must not require one.
  const executablePath: string | null = mode === 'test' ? findBrowser() : null;
  return {
    plugins: [svelte(), headersFile(), serviceWorker()],
    // Relative addresses in the build, so the same files work from any host and any sub-path.
    base: './',
    // Vitest's browser mode injects inline scripts, so its own server runs without the app's CSP;
    // the e2e tests serve the app in development mode, with it.
    server: { host: '127.0.0.1', port: 5173, strictPort: false, headers: mode === 'test' ? {} : securityHeaders('development') },
    preview: { host: '127.0.0.1', port: 4173, headers: securityHeaders('production') },
    worker: { format: 'es' as const },
    build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
    test: {
      reporters: ['default', './tests/summary-reporter.ts'],
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            environment: 'node',
            include: ['tests/unit/**/*.test.ts'],
            testTimeout: 60_000,
          },
        },
        {
          extends: true,
          test: {
            // Node-side tests that drive the served app in headless Chromium (Playwright).
            name: 'e2e',
            environment: 'node',
            include: ['tests/e2e/**/*.test.ts'],
            testTimeout: 300_000,
            hookTimeout: 120_000,
            fileParallelism: false,
          },
        },
        {
          extends: true,
          test: {
            name: 'browser',
            include: ['tests/browser/**/*.test.ts'],
            testTimeout: 180_000,
            hookTimeout: 180_000,
            fileParallelism: false,
            browser: {
              enabled: true,
              headless: true,
              screenshotFailures: false,
              provider: playwright({
                launchOptions: {
                  executablePath: executablePath ?? undefined,
                  args: BROWSER_ARGS,
                },
              }),
              instances: [{ browser: 'chromium' as const }],
            },
          },
        },
      ],
    },
  };
});
