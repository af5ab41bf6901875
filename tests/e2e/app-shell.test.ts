// The lab page in a real headless Chromium, served by Vite as `npm start` serves it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { openBrowserSession, type BrowserSession } from '../../scripts/browser-session.ts';

let session: BrowserSession;
beforeAll(async () => {
  session = await openBrowserSession();
});
afterAll(async () => {
  await session?.close();
});

describe('app shell', () => {
  it('starts on WebGPU, shows the adapter and its limits, with no console errors and no foreign requests', async () => {
    const page = await session.newPage();
    const consoleErrors: string[] = [];
    const foreign: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== session.baseUrl) foreign.push(r.url());
    });
    await page.goto(session.baseUrl);
    await page.getByRole('tab', { name: 'Device' }).click();
    await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('backend-name').textContent()).toBe('webgpu');
    const adapter = (await page.getByTestId('adapter-name').textContent()) ?? '';
    console.log(`[e2e] adapter shown in the page: ${adapter.trim()}`);
    expect(adapter).toMatch(/\w+ \/ \w+/);
    await expect.poll(() => page.getByText('Max storage buffer').count()).toBe(1);
    mkdirSync('tests/artifacts', { recursive: true });
    await page.screenshot({ path: 'tests/artifacts/app-shell.png', fullPage: true });
    expect(consoleErrors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('falls back to a working backend with a plain banner when WebGPU is missing', async () => {
    const page = await session.newPage();
    // Hide WebGPU before any page script runs, as in a browser without it.
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
    });
    await page.goto(session.baseUrl);
    await page.getByRole('tab', { name: 'Device' }).click();
    await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
    const backend = await page.getByTestId('backend-name').textContent();
    expect(['webgl', 'cpu']).toContain(backend);
    expect(await page.getByTestId('fallback-banner').textContent()).toMatch(/WebGPU is not available/);
    expect(await page.getByTestId('no-webgpu-banner').textContent()).toMatch(/WebGPU is not available here/);
    await page.close();
  });
});
