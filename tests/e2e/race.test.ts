// A 20-step run in the real page with our fused WGSL kernels: the worker trains on WebGPU (SwiftShader here), a pause during
// preparation holds, the progress bar moves, Pause holds the run mid-training and Resume continues it, the charts draw (pixels, not just data), every export
// downloads a well-formed file, the Samples tab shows the run's continuations, switching the chart's axis and metric redraws it, a results link shows the curves before training, and a downloaded
// checkpoint loaded into that fresh page continues its run and reproduces the recorded point.
//
// The model is a shrunken nano (2 layers, width 32, context 32; see tests/helpers/experiments.ts), not the
// nano preset itself: on SwiftShader (2 CPU cores) the real nano shape (4 layers, width 64, context 128,
// batch 4) took ~150 s to its first evaluation and over 170 s for the next one, so 20 steps would take
// about 8 minutes, against ~2 minutes here; this test is about the page, not the model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { openBrowserSession, type BrowserSession } from '../../scripts/browser-session.ts';
import { prepareExperiment } from '../../src/lib/experiment/prepare.ts';
import { encodeExperimentLink } from '../../src/lib/link/experiment-link.ts';
import { tinyExperiment } from '../helpers/experiments.ts';
import { decodeCheckpoint } from '../../src/lib/train/checkpoint.ts';
import { importTokenizer } from '../../src/lib/export/tokenizer-json.ts';
import { tokenizerDigest } from '../../src/lib/export/tokenizer-digest.ts';
import { labState, openLab, stepsOf, waitForLab } from './lab-page.ts';

let session: BrowserSession;
beforeAll(async () => {
  session = await openBrowserSession();
});
afterAll(async () => {
  await session?.close();
});

/** Clicks an export in the menu and returns the download's file name and bytes. */
async function exportFile(page: Page, testid: string): Promise<{ name: string; bytes: Buffer }> {
  if (!(await page.getByTestId(testid).isVisible())) await page.locator('[data-testid="export-menu"] summary').click();
  const [download] = (await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testid).click()])) as [Download, void];
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

/** Pixels of a chart's canvas drawn in a run's colour (the curves), counted in the page. */
function curvePixels(page: Page, testid: string, rgb: [number, number, number]): Promise<number> {
  return page.evaluate(
    ({ testid, rgb }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="${testid}"] canvas`)!;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - rgb[0]) + Math.abs(data[i + 1] - rgb[1]) + Math.abs(data[i + 2] - rgb[2]) < 40 && data[i + 3] > 200) n++;
      return n;
    },
    { testid, rgb },
  );
}

/** Decodes a PNG in the page: its size and the alpha of its corner pixel (255 = opaque background). */
function pngFacts(page: Page, png: Buffer): Promise<{ width: number; height: number; cornerAlpha: number; distinctColours: number }> {
  return page.evaluate(async (bytes) => {
    // From bytes, not a data: URL: the app's Content-Security-Policy lets the page fetch only its own origin.
    const bmp = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(bmp, 0, 0);
    const d = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < d.length; i += 4 * 7) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return { width: bmp.width, height: bmp.height, cornerAlpha: d[3], distinctColours: colours.size };
  }, [...png]);
}

const RUN0: [number, number, number] = [0x00, 0x72, 0xb2]; // RUN_COLORS[0]

describe('the race in the page', () => {
  it('trains 20 steps with Pause/Resume, draws every chart, exports every file, and a results link plus a checkpoint reproduce the run', async () => {
    // With our fused WGSL kernels, as the presets train (the worker falls back to tfjs ops without WebGPU).
    const tiny = tinyExperiment(20);
    // Batch 32 (the helper's is 4): the run must last long enough for a pause to land mid-training; at
    // batch 4 the fused kernels finish 20 steps before the page's first progress report on a fast machine.
    const config = { ...tiny, model: { ...tiny.model, kernels: 'fused' as const }, train: { ...tiny.train, batchSize: 32 } };
    const lab = await openLab(session, { hash: await encodeExperimentLink({ config }) });
    const { page } = lab;
    await expect.poll(() => page.getByTestId('fingerprint').textContent(), { timeout: 60_000 }).toMatch(/^[0-9a-f]{64}$/);
    const fingerprint = (await page.getByTestId('fingerprint').textContent())!;
    await page.getByTestId('start').click();

    // A pause while the corpus is still being prepared holds: preparation finishes, training waits.
    await page.getByTestId('pause').click();
    const held = await waitForLab(page, (s) => s.runs.length === 1, 120_000);
    expect(held.phase).toBe('paused');
    // A first step already under way when the pause lands (the worker reads commands between awaits)
    // may still finish and report its loss; after that nothing moves.
    await page.waitForTimeout(1000);
    const lossPoints = async () => Number(await page.getByTestId('loss-chart').getAttribute('data-points'));
    const [settled, settledPoints] = [await labState(page), await lossPoints()];
    expect(settledPoints).toBeLessThanOrEqual(1);
    await page.waitForTimeout(3000);
    const stillHeld = await labState(page);
    expect([stillHeld.phase, stillHeld.step]).toEqual(['paused', settled.step]);
    expect(await lossPoints()).toBe(settledPoints);
    await page.getByTestId('resume').click();

    // The progress bar moves: strictly between empty and full while training.
    await expect.poll(async () => Number(await page.getByTestId('progress').getAttribute('value')), { timeout: 240_000, interval: 500 }).toBeGreaterThan(0);
    const mid = Number(await page.getByTestId('progress').getAttribute('value'));
    expect(mid).toBeGreaterThan(0);
    expect(mid).toBeLessThan(1);

    // Pause holds the run where it is; Resume continues it.
    await page.getByTestId('pause').click();
    const paused = await waitForLab(page, (s) => s.phase === 'paused', 60_000);
    await expect.poll(() => page.getByTestId('status').textContent()).toMatch(/paused/);
    // The device panel shows the training worker's memory, refreshed while the run waits.
    await page.getByRole('tab', { name: 'Device' }).click();
    await expect.poll(() => page.getByTestId('memory').textContent(), { timeout: 10_000 }).toMatch(/in \d+ tensors; GPU buffers .* in use/);
    await page.getByRole('tab', { name: 'Corpus' }).click();
    await page.waitForTimeout(3000);
    const still = await labState(page);
    expect(still.phase).toBe('paused');
    expect(stepsOf(still.runs[0])).toEqual(stepsOf(paused.runs[0]));
    expect(still.step).toBe(paused.step);
    await page.getByTestId('resume').click();
    const done = await waitForLab(page, (s) => s.phase === 'done');
    expect(stepsOf(done.runs[0])).toEqual([0, 10, 20]);
    expect(Number(await page.getByTestId('progress').getAttribute('value'))).toBe(1);

    // The chart opens on bits per byte, and every chart has drawn its curve in the run's colour.
    expect(await page.getByTestId('metric-select').evaluate((s: HTMLSelectElement) => s.selectedOptions[0].textContent)).toBe('held-out stories: bits per byte');
    expect(Number(await page.getByTestId('loss-chart').getAttribute('data-points'))).toBeGreaterThanOrEqual(20);
    for (const chart of ['curve-chart', 'loss-chart', 'probe-chart']) expect(await curvePixels(page, chart, RUN0), chart).toBeGreaterThan(50);
    mkdirSync('tests/artifacts', { recursive: true });
    await page.screenshot({ path: 'tests/artifacts/race-after-run.png' });

    // Every export: the right name and well-formed contents.
    const json = await exportFile(page, 'export-json');
    expect(json.name).toBe('e2e-nano.runs.json');
    const doc = JSON.parse(json.bytes.toString('utf8')) as { schema: string; config: unknown; runs: Array<{ points: unknown[] }> };
    expect(doc.schema).toBe('synthlab-runs/1');
    expect(doc.config).toEqual(config);
    expect(doc.runs[0].points).toHaveLength(3);
    const csv = await exportFile(page, 'export-csv');
    expect(csv.name).toBe('e2e-nano.runs.csv');
    const rows = csv.bytes.toString('utf8').trim().split('\n');
    expect(rows[0]).toMatch(/^run,name,seed,share,step,tokens,elapsed_ms,train_loss,.*bpb\.stories/);
    expect(rows.slice(1).map((r) => r.split(',')[4])).toEqual(['0', '10', '20']);
    const plotPx = await page.getByTestId('curve-chart').evaluate((el) => el.querySelector('canvas')!.height);
    for (const id of ['chart', 'loss-chart', 'probe-chart']) {
      const png = await exportFile(page, `export-${id}`);
      expect(png.name).toBe(`e2e-nano.${id}.png`);
      expect(png.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      if (id === 'chart') writeFileSync('tests/artifacts/exported-chart.png', png.bytes);
      const facts = await pngFacts(page, png.bytes);
      expect(facts.cornerAlpha, `${id}: opaque background`).toBe(255);
      if (id === 'chart') expect(facts.height, 'title and legend rows around the plot').toBeGreaterThan(plotPx + 30);
      expect(facts.distinctColours).toBeGreaterThan(3);
    }
    const corpus = await exportFile(page, 'export-corpus');
    expect(corpus.name).toBe('e2e-nano.corpus.txt');
    expect(corpus.bytes.length).toBeGreaterThan(50_000);
    const ck = await exportFile(page, 'export-checkpoints');
    expect(ck.name).toBe('e2e-nano.stories.step20.slck');
    expect(ck.bytes.subarray(0, 4).toString('latin1')).toBe('SLCK');
    // The tokenizer export is the one the checkpoint was trained with (its digest is in the checkpoint).
    const tok = await exportFile(page, 'export-tokenizer');
    expect(tok.name).toBe('e2e-nano.tokenizer.json');
    const origin = decodeCheckpoint(new Uint8Array(ck.bytes)).origin;
    expect(origin?.tokenizer).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenizerDigest(importTokenizer(JSON.parse(tok.bytes.toString('utf8'))))).toBe(origin?.tokenizer);

    // The Samples tab shows the run's continuations of the fixed prompts (opening words of held-out
    // documents), the same prompts the library prepares in Node from this config.
    const { prompts } = await prepareExperiment(config, null);
    await page.getByRole('tab', { name: 'Samples' }).click();
    const shown = page.getByTestId('samples-r0').getByTestId('sample');
    await expect.poll(() => shown.count(), { timeout: 10_000 }).toBe(prompts.length);
    const samples = await shown.allTextContents();
    expect(samples).toEqual(done.runs[0].samples);
    for (const [i, sample] of samples.entries()) {
      expect(sample.startsWith(prompts[i]), `sample ${JSON.stringify(sample)} continues ${JSON.stringify(prompts[i])}`).toBe(true);
      expect(sample.slice(prompts[i].length).trim().length, `continuation of ${JSON.stringify(prompts[i])}`).toBeGreaterThan(0);
    }

    // The timeline: every evaluation's samples were kept; back at step 0 the tab shows those.
    expect(done.sampleHistory.r0.map((h) => h.step)).toEqual([0, 10, 20]);
    expect(done.sampleHistory.r0.at(-1)!.samples).toEqual(done.runs[0].samples);
    await page.getByTestId('samples-step').fill('0');
    await expect.poll(() => shown.allTextContents(), { timeout: 10_000 }).toEqual(done.sampleHistory.r0[0].samples);
    await expect.poll(() => page.getByTestId('samples-r0').locator('h3').textContent()).toMatch(/step 0$/);
    await page.getByTestId('samples-step').fill('2');

    // Switching the chart's x axis and its metric redraws it from the same points.
    const chart = page.getByTestId('curve-chart');
    await page.getByTestId('x-select').selectOption('steps');
    await expect.poll(() => chart.getAttribute('aria-label'), { timeout: 10_000 }).toMatch(/^held-out stories: bits per byte against step\. /);
    expect(Number(await chart.getAttribute('data-points'))).toBe(3);
    await expect.poll(() => curvePixels(page, 'curve-chart', RUN0), { timeout: 10_000 }).toBeGreaterThan(50);
    await page.getByTestId('metric-select').selectOption('trainLoss');
    await expect.poll(() => chart.getAttribute('aria-label'), { timeout: 10_000 }).toMatch(/^training loss against step\. /);
    expect(Number(await chart.getAttribute('data-points'))).toBe(3);
    await expect.poll(() => curvePixels(page, 'curve-chart', RUN0), { timeout: 10_000 }).toBeGreaterThan(50);

    // A link with the results: a fresh page shows the same setup, fingerprint and curves before any training.
    const opened = await page.evaluate(() => location.hash);
    await page.getByTestId('copy-link-results').click();
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 10_000 }).not.toBe(opened);
    const shared = await page.evaluate(() => location.hash.slice(1));
    const fresh = await openLab(session, { hash: shared });
    await waitForLab(fresh.page, (s) => s.recorded.length === 1, 30_000);
    await expect.poll(() => fresh.page.getByTestId('fingerprint').textContent(), { timeout: 60_000 }).toBe(fingerprint);
    await expect.poll(async () => Number(await fresh.page.getByTestId('curve-chart').getAttribute('data-points')), { timeout: 30_000 }).toBe(3);
    expect(await fresh.page.getByTestId('start').textContent()).toBe('Reproduce');
    expect((await labState(fresh.page)).config).toEqual(config);

    // The downloaded checkpoint, loaded into that page, continues its run: at step 20 nothing is left to
    // train, so it evaluates there, and the point matches the recorded one.
    await fresh.page.locator('[data-testid="export-menu"] summary').click();
    await fresh.page.getByTestId('checkpoint-input').setInputFiles({ name: ck.name, mimeType: 'application/octet-stream', buffer: ck.bytes });
    const resumed = await waitForLab(fresh.page, (s) => s.phase === 'done');
    expect(stepsOf(resumed.runs[0])).toEqual([20]);
    await expect.poll(() => fresh.page.getByTestId('reproduction').textContent(), { timeout: 30_000 }).toMatch(/reproduced within/);
    expect(lab.errors).toEqual([]);
    expect(fresh.errors).toEqual([]);
    await fresh.close();
    await lab.close();
  }, 900_000);
});
