// The built lab on a static host: `vite build` output served from a sub-path with the headers of its
// _headers file (the CSP included), as a school's own web server or GitHub Pages would. A preset link
// opens there; after that one visit the service worker has the lab, and with the network off the page
// reloads and races the web-text sample shipped with it. There too, the four views inside the models
// (Surprise, Probe answers, Samples, Attention) show every run's own numbers for a preset's experiment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
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
import { probeAccuracy } from '../../src/lib/experiment/headline.ts';
import { expectAttentionView, type LabSnapshot } from './lab-page.ts';

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

  it("shows the four views inside the models with every run's own numbers, for the default preset's runs", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    // The Hub cannot be reached here: the preset races the shipped sample, as in a classroom offline.
    await context.route(/huggingface\.co/, (route) => route.abort('internetdisconnected'));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    // The default preset's corpus, runs, tokenizer and model at its reduced budget, cut to 20 steps with
    // two evaluations and samples on, so that every view has two evaluations to show in a few minutes.
    const preset = experimentPreset('synthetic-vs-web')!;
    const reduced = preset.testConfig();
    const config: ExperimentConfig = { ...reduced, train: { ...reduced.train, steps: 20 }, eval: { ...reduced.eval, every: 10, samples: true } };
    await page.goto(`${site.url}?test-hooks#${await encodeExperimentLink({ config })}`);
    await page.waitForFunction(() => window.synthlabTest !== undefined, undefined, { timeout: 60_000 });
    const snap = () => page.evaluate(() => window.synthlabTest!.snapshot()) as Promise<LabSnapshot>;
    await expect.poll(() => page.getByTestId('fingerprint').textContent(), { timeout: 120_000 }).toMatch(/^[0-9a-f]{64}$/);
    await page.getByTestId('start').click();
    const settled = (s: LabSnapshot) => s.phase === 'done' || s.messages.some((m) => m.kind === 'error');
    await expect.poll(async () => settled(await snap()), { timeout: 500_000, interval: 1000 }).toBe(true);
    const done = await snap();
    expect(done.messages.filter((m) => m.kind === 'error')).toEqual([]);
    expect(done.runs.map((r) => r.name)).toEqual(['synthetic', 'web']);
    const sets = done.heldout.map((h) => h.name);
    expect(sets).toEqual(expect.arrayContaining(['web', 'stories', 'biographies', 'arithmetic', 'textbook']));
    for (const run of done.runs) expect(run.points.map((p) => p.step)).toEqual([0, 10, 20]);

    // Surprise: every run on every held-out set's passage, at every evaluation; the tokens' nats add up
    // to the bits per byte shown.
    await page.getByRole('tab', { name: 'Surprise' }).click();
    for (const set of sets) {
      await page.getByTestId('surprise-set').selectOption(set);
      for (const run of done.runs) {
        const history = done.surpriseHistory[run.runId];
        expect(history.map((h) => h.step)).toEqual([0, 10, 20]);
        const passage = history.at(-1)!.passages.find((p) => p.set === set)!;
        expect(passage.tokens.length).toBeGreaterThan(0);
        const box = page.getByTestId(`surprise-${run.runId}`);
        await expect.poll(() => box.getByTestId(`surprise-bpb-${run.runId}`).textContent()).toBe(passage.bitsPerByte.toFixed(3));
        const nats = await box.getByTestId('surprise-token').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.nats)));
        expect(nats.reduce((a, b) => a + b, 0) / Math.LN2 / passage.bytes).toBeCloseTo(passage.bitsPerByte, 6);
        expect((await box.getByTestId('surprise-token').allTextContents()).join('')).toBe(passage.text);
      }
    }
    // The same story passage typed in as the user's own text is read again by each run's saved checkpoint,
    // in a worker of its own: the same loss, token by token, as the training worker's reading at that step.
    await page.getByTestId('surprise-set').selectOption('stories');
    const story = done.surpriseHistory[done.runs[0].runId].at(-1)!.passages.find((p) => p.set === 'stories')!;
    await page.getByTestId('surprise-set').selectOption({ label: 'your text…' });
    await page.getByTestId('surprise-own-text').fill(story.text);
    // The message about the shipped sample sits over the corner of the views: dismissed as a user would.
    for (const close of await page.getByRole('button', { name: 'Dismiss message' }).all()) await close.click();
    await page.getByTestId('surprise-own-score').click();
    await expect.poll(async () => (await snap()).textScores?.results.length ?? 0, { timeout: 120_000 }).toBe(done.runs.length);
    for (const r of (await snap()).textScores!.results) {
      const trained = done.surpriseHistory[r.runId].at(-1)!.passages.find((p) => p.set === 'stories')!;
      expect(r.step).toBe(20);
      // The box trims what is typed, and the passage was cut at the context (often after a space): the
      // reading is compared token by token over what both read, all but the last token (where the cut
      // can tokenize differently).
      expect(trained.text.startsWith(r.surprise.text)).toBe(true);
      const own = r.surprise.tokens.slice(0, -1);
      expect(own.length).toBeGreaterThan(10);
      for (const [i, t] of own.entries()) {
        expect(t.text).toBe(trained.tokens[i].text);
        expect(t.nats).toBeCloseTo(trained.tokens[i].nats, 3);
      }
    }

    // Probe answers: each family's probes, and each run's share right is the evaluation's probe accuracy
    // for that family.
    await page.getByRole('tab', { name: 'Probe answers' }).click();
    await page.getByTestId('answers-table').waitFor({ timeout: 30_000 });
    const families = [...new Set(done.questions.map((q) => q.family))];
    expect(families).toEqual(expect.arrayContaining(['biographies', 'arithmetic']));
    for (const family of families) {
      await page.getByTestId('answers-family').selectOption(family);
      await expect.poll(() => page.getByTestId('answers-row').count()).toBe(done.questions.filter((q) => q.family === family).length);
      for (const run of done.runs) {
        const expected = probeAccuracy(run.points.at(-1)!, family)!;
        await expect.poll(() => page.getByTestId(`answers-accuracy-${run.runId}`).textContent()).toBe(`${(expected * 100).toFixed(expected >= 0.995 || expected < 0.01 ? 0 : 1)}%`);
      }
    }

    // Samples: each run's continuations at the latest evaluation, and back at the first.
    await page.getByRole('tab', { name: 'Samples' }).click();
    for (const [pick, at] of [[-1, 20], [0, 0]] as const) {
      if (pick === 0) await page.getByTestId('samples-step').fill('0');
      for (const run of done.runs) {
        const recorded = done.sampleHistory[run.runId].find((h) => h.step === at)!;
        expect(recorded.samples.length).toBeGreaterThan(0);
        await expect.poll(() => page.getByTestId(`samples-${run.runId}`).getByTestId('sample').allTextContents()).toEqual(recorded.samples);
      }
    }
    // The samples as shown (step 0 now) save as one PNG.
    const [samplesPng] = (await Promise.all([page.waitForEvent('download'), page.getByTestId('samples-png').click()])) as [import('playwright-core').Download, void];
    expect(samplesPng.suggestedFilename()).toBe('samples-step0.png');
    expect(readFileSync(await samplesPng.path()).subarray(1, 4).toString()).toBe('PNG');

    // Attention: every run's map for a passage, its layer and head count, and the weight under the cursor.
    await expectAttentionView(page, done, 'biographies', { nLayer: config.model.nLayer!, nHead: config.model.nHead!, step: 20 });
    expect(errors.filter((e) => !/huggingface|ERR_INTERNET_DISCONNECTED|Failed to load resource/i.test(e))).toEqual([]);
    await context.close();
  }, 600_000);
});
