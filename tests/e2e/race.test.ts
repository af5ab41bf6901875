// A short nano run in the real page: the worker trains on WebGPU (SwiftShader here), the chart draws
// points, the progress bar moves, and a link round-trips the setup, its fingerprint and its curves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { openBrowserSession, type BrowserSession } from '../../scripts/browser-session.ts';
import { tinyExperiment } from '../helpers/experiments.ts';
import { encodeExperimentLink } from '../../src/lib/link/experiment-link.ts';

let session: BrowserSession;
beforeAll(async () => {
  session = await openBrowserSession();
});
afterAll(async () => {
  await session?.close();
});

describe('the race in the page', () => {
  it('runs 20 steps of a nano model, draws the curves and moves the progress bar; the link carries setup, fingerprint and results', async () => {
    const page = await session.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const link = await encodeExperimentLink({ config: tinyExperiment() });
    await page.goto(`${session.baseUrl}/#${link}`);
    await expect.poll(() => page.getByTestId('message-info').first().textContent(), { timeout: 60_000 }).toMatch(/Opened a shared experiment/);
    await expect.poll(() => page.getByTestId('fingerprint').textContent(), { timeout: 60_000 }).toMatch(/^[0-9a-f]{64}$/);
    const fingerprint = (await page.getByTestId('fingerprint').textContent())!;

    await page.getByTestId('start').click();
    const chart = page.getByTestId('curve-chart');
    await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 240_000, interval: 1000 }).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 240_000, interval: 1000 }).toMatch(/done/);
    expect(Number(await page.getByTestId('progress').getAttribute('value'))).toBe(1);
    mkdirSync('tests/artifacts', { recursive: true });
    await page.screenshot({ path: 'tests/artifacts/race-after-run.png', fullPage: true });

    // Share the results, open them in a fresh page: same setup and fingerprint, curves before training.
    await page.getByTestId('copy-link-results').click();
    await expect.poll(() => page.evaluate(() => location.hash.length), { timeout: 10_000 }).toBeGreaterThan(10);
    const shared = await page.evaluate(() => location.href);
    const fresh = await session.newPage();
    await fresh.goto(shared);
    await expect.poll(() => fresh.getByTestId('fingerprint').textContent(), { timeout: 60_000 }).toBe(fingerprint);
    await expect.poll(async () => Number(await fresh.getByTestId('curve-chart').getAttribute('data-points')), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    expect(await fresh.getByTestId('start').textContent()).toBe('Reproduce');
    expect(await fresh.locator('#steps').inputValue()).toBe('20');
    expect(errors).toEqual([]);
    await page.close();
    await fresh.close();
  }, 400_000);
});
