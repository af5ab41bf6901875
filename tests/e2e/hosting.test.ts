// The built lab on a static host: `vite build` output served from a sub-path with the headers of its
// _headers file (the CSP included), as a school's own web server or GitHub Pages would. A preset link
// opens there; after that one visit the service worker has the lab, and with the network off the page
// reloads and races the web-text sample shipped with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { BROWSER_ARGS, findBrowser } from '../../scripts/find-browser.mjs';
import { serveStatic, type StaticSite } from '../../scripts/static-server.ts';
import { DEFAULT_HUB_BASELINE } from '../../src/lib/baseline/hub.ts';
import { OFFLINE_SAMPLE } from '../../src/lib/baseline/sample.ts';
import type { ExperimentConfig } from '../../src/lib/experiment/config.ts';
import { experimentPreset } from '../../src/lib/experiment/presets.ts';
import { encodeExperimentLink } from '../../src/lib/link/experiment-link.ts';
import { tinyExperiment } from '../helpers/experiments.ts';
import type { LabSnapshot } from './lab-page.ts';

const SUB_PATH = '/classes/physics/synthlab/';
let site: StaticSite;
let browser: Browser;

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'synthlab-dist-'));
  // The build a user makes: without the test runner's environment (NODE_ENV=test would build a non-production app).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV' && k !== 'TEST'));
  const build = spawnSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], { encoding: 'utf8', timeout: 240_000, env });
  if (build.status !== 0) throw new Error(`vite build failed: ${build.stderr}`);
  site = await serveStatic(out, SUB_PATH);
  browser = await chromium.launch({ executablePath: findBrowser()!, args: BROWSER_ARGS.filter((a) => a !== '--headless=new'), headless: true });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('the built lab on a static host', () => {
  it('opens a preset link from a sub-path under its CSP, then reloads and runs with the network off, racing the shipped sample', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));

    // A preset link, opened from the sub-path: the preset is recognised and its corpus is fingerprinted.
    const preset = experimentPreset('synthetic-vs-web')!;
    await page.goto(`${site.url}?test-hooks#${await encodeExperimentLink({ config: preset.config() })}`);
    await page.waitForFunction(() => window.synthlabTest !== undefined, undefined, { timeout: 60_000 });
    await expect.poll(() => page.getByTestId('fingerprint').textContent(), { timeout: 120_000 }).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.getByTestId('preset-select').inputValue()).toBe(preset.id);
    // Every file came from under the sub-path (nothing asked of the host's root).
    const local = requests.filter((u) => u.startsWith(new URL(site.url).origin));
    expect(local.length).toBeGreaterThanOrEqual(3);
    for (const u of local) expect(new URL(u).pathname.startsWith(SUB_PATH), u).toBe(true);

    // The service worker has taken the page over and precached the build.
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null), { timeout: 60_000 }).toBe('activated');
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope)).toBe(site.url);
    await page.close();

    // Network off: the page reloads from the cache, and a Hub experiment races the shipped sample.
    await context.setOffline(true);
    const tiny = tinyExperiment(10);
    const config: ExperimentConfig = { ...tiny, baseline: { ...DEFAULT_HUB_BASELINE }, runs: [{ name: 'stories', share: 1 }, { name: 'web', share: 0 }] };
    // A new tab, loaded from scratch: only the service worker can answer it.
    const offline = await context.newPage();
    offline.on('pageerror', (e) => errors.push(e.message));
    offline.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await offline.goto(`${site.url}?test-hooks#${await encodeExperimentLink({ config })}`);
    await offline.waitForFunction(() => window.synthlabTest !== undefined, undefined, { timeout: 60_000 });
    console.log(`[e2e] offline reload served by the service worker; errors so far: ${errors.length ? errors.join(' | ') : 'none'}`);
    await offline.getByTestId('start').click();
    const snap = () => offline.evaluate(() => window.synthlabTest!.snapshot()) as Promise<LabSnapshot>;
    const settled = (s: LabSnapshot) => s.phase === 'done' || s.messages.some((m) => m.kind === 'error');
    await expect.poll(async () => settled(await snap()), { timeout: 400_000, interval: 1000 }).toBe(true);
    const done = await snap();
    expect(done.messages.filter((m) => m.kind === 'error')).toEqual([]);
    expect(done.phase).toBe('done');
    expect(done.config.baseline).toEqual(OFFLINE_SAMPLE);
    for (const run of done.runs) expect(run.points.at(-1)?.bpb.web).toBeGreaterThan(0);
    // Only what the network-off page could not reach: the Hub; no CSP violation, no missing file.
    expect(errors.filter((e) => !/huggingface|ERR_INTERNET_DISCONNECTED|Failed to load resource/i.test(e))).toEqual([]);
    await context.close();
  }, 600_000);
});
