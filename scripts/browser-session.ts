// Starts the Vite dev server and a headless Chromium with WebGPU, for end-to-end tests and benchmarks.
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { BROWSER_ARGS, findBrowser } from './find-browser.mjs';

export interface BrowserSession {
  server: ViteDevServer;
  browser: Browser;
  baseUrl: string;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** `extraArgs` adds Chromium flags (the soak exposes gc and precise heap figures). */
export async function openBrowserSession(extraArgs: readonly string[] = []): Promise<BrowserSession> {
  const executablePath = findBrowser();
  if (!executablePath) throw new Error('No Chromium found: run `node scripts/ensure-browser.mjs` or set CHROME_PATH.');
  // No hot reload and no file watching: an edit to the tree while a test or benchmark runs must not
  // reload its page mid-run.
  const server = await createServer({ server: { port: 0, host: '127.0.0.1', hmr: false, watch: null }, logLevel: 'warn', clearScreen: false });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('Vite did not report a TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  // Playwright gives each launch a fresh temporary profile, so no state leaks between runs.
  const browser = await chromium.launch({ executablePath, args: [...BROWSER_ARGS.filter((a) => a !== '--headless=new'), ...extraArgs], headless: true });
  return {
    server,
    browser,
    baseUrl,
    newPage: () => browser.newPage({ viewport: { width: 1280, height: 800 } }),
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
