import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { findBrowser, BROWSER_ARGS } from './scripts/find-browser.mjs';
import { securityHeaders } from './src/lib/security/csp.ts';
import type { Plugin } from 'vite';

/** Writes the production security headers to dist/_headers, the format static hosts read. */
function headersFile(): Plugin {
  return {
    name: 'synthlab-headers-file',
    apply: 'build',
    generateBundle() {
      const lines = Object.entries(securityHeaders('production')).map(([k, v]) => `  ${k}: ${v}`);
      this.emitFile({ type: 'asset', fileName: '_headers', source: `/*\n${lines.join('\n')}\n` });
    },
  };
}

export default defineConfig(({ mode }) => {
  // Only the browser test project needs a browser; the app and unit tests must not require one.
  const executablePath: string | null = mode === 'test' ? findBrowser() : null;
  return {
    plugins: [svelte(), headersFile()],
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
