// Links and files in the real page, no training needed: "Copy link" round-trips the exact setup and its
// fingerprint; a link pasted into the same tab opens without a reload; hostile links open the default
// lab with a message naming what was wrong and nothing from them rendered as HTML; your own text file
// becomes the baseline (and the link says a local file was used), bad files get clear messages; a results
// link of an experiment with several seeds shows each run as mean and band, and mean ± sd in the readout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openBrowserSession, type BrowserSession } from '../../scripts/browser-session.ts';
import { encodePayload } from '../../src/lib/link/codec.ts';
import { decodeExperimentLink, encodeExperimentLink, payloadFromHash } from '../../src/lib/link/experiment-link.ts';
import { EXPERIMENT_PRESETS } from '../../src/lib/experiment/presets.ts';
import type { ExperimentConfig } from '../../src/lib/experiment/config.ts';
import { modelSummary } from '../../src/lib/experiment/derived-configs.ts';
import { vocabSizeOf } from '../../src/lib/tokenizer/index.ts';
import { tinyExperiment } from '../helpers/experiments.ts';
import { runIds } from '../../src/lib/experiment/run-ids.ts';
import type { RunCurve } from '../../src/lib/experiment/results.ts';
import { labState, openLab } from './lab-page.ts';

let session: BrowserSession;
beforeAll(async () => {
  session = await openBrowserSession();
});
afterAll(async () => {
  await session?.close();
});

const lastError = async (page: Page) => (await labState(page)).messages.filter((m) => m.kind === 'error').at(-1)?.text ?? '';

describe('links in the page', () => {
  it('"Copy link" opens in a fresh page with the identical setup and fingerprint, model overrides included', async () => {
    const a = await openLab(session);
    // The first preset's parameter count exactly as modelSummary (and so the headless runner's banner)
    // counts it, and again after a shape override: a third layer adds 2·d + 4·d² + 3·d·mlp parameters.
    const first = EXPERIMENT_PRESETS[0].config();
    const count = (c: ExperimentConfig) => `Model: ${modelSummary(c, vocabSizeOf(c.tokenizer)).parameters.toLocaleString('en')} parameters`;
    const { dModel: d, mlpHidden: mlp, nLayer } = modelSummary(first, vocabSizeOf(first.tokenizer));
    expect(nLayer).toBe(2);
    expect(await a.page.locator('label[for="model"]').textContent()).toBe(count(first));
    await a.page.locator('#seed').fill('77');
    await a.page.locator('#steps').fill('333');
    await a.page.getByTestId('m-nLayer').fill('3');
    await a.page.getByTestId('m-nLayer').dispatchEvent('change');
    await expect.poll(() => a.page.getByTestId('shape-overrides').textContent()).toMatch(/layers 3 \(preset 4\)/);
    const third = { ...first, model: { ...first.model, nLayer: 3 } };
    expect(modelSummary(third, vocabSizeOf(third.tokenizer)).parameters - modelSummary(first, vocabSizeOf(first.tokenizer)).parameters).toBe(2 * d + 4 * d * d + 3 * d * mlp);
    expect(await a.page.locator('label[for="model"]').textContent()).toBe(count(third));
    await a.page.getByTestId('copy-link').click();
    await expect.poll(() => a.page.evaluate(() => location.hash.length), { timeout: 10_000 }).toBeGreaterThan(10);
    const hash = await a.page.evaluate(() => location.hash.slice(1));
    const sent = (await labState(a.page)).config;
    expect(sent).toMatchObject({ seed: 77, train: { steps: 333 }, model: { nLayer: 3 } });

    const b = await openLab(session, { hash });
    await expect.poll(async () => (await labState(b.page)).config, { timeout: 30_000 }).toEqual(sent);
    const fp = async (p: Page) => {
      await expect.poll(() => p.getByTestId('fingerprint').textContent(), { timeout: 120_000, interval: 1000 }).toMatch(/^[0-9a-f]{64}$/);
      return p.getByTestId('fingerprint').textContent();
    };
    expect(await fp(b.page)).toBe(await fp(a.page));
    expect(await b.page.getByTestId('shape-overrides').textContent()).toMatch(/layers 3 \(preset 4\)/);
    expect([...a.errors, ...b.errors]).toEqual([]);
    await a.close();
    await b.close();
  }, 300_000);

  it('opens hostile links as the default lab with a message naming the problem, rendering nothing from them as HTML', async () => {
    // The lab's default: the first preset (src/state/lab.svelte.ts DEFAULT_PRESET).
    const good = EXPERIMENT_PRESETS[0].config();
    const html = '<img src=x onerror="window.__pwned=1">';
    const polluted = JSON.parse(`{"c": ${JSON.stringify(good).replace('{', '{"__proto__": {"polluted": true}, ')}}`) as unknown;
    const valid = await encodeExperimentLink({ config: tinyExperiment() });
    const cases: Array<[string, string, RegExp]> = [
      ['script in a text field', `x=${await encodePayload({ c: { ...good, name: html, runs: [{ name: '<script>window.__pwned=2</script>', share: 1 }, good.runs[1]] } })}`, /name: "<img src=x onerror=.* is not plain text without control characters or angle brackets/],
      ['prototype-pollution keys', `x=${await encodePayload(polluted)}`, /__proto__/],
      ['numbers out of range', `x=${await encodePayload({ c: { ...good, train: { ...good.train, steps: 1e12, lr: -1 } } })}`, /train\.steps: 1000000000000 is out of range/],
      ['an unknown future version', `x=${await encodePayload({ c: { ...good, v: 2 } })}`, /made by a newer synthlab \(format 2\)/],
      ['100 KB', `x=${'A'.repeat(100_000)}`, /100000 characters long, more than the 48000/],
      ['truncated', valid.slice(0, Math.floor(valid.length / 2)), /damaged|cut|truncated|does not decode/],
    ];
    // The first opens a fresh page; the rest are pasted into the same tab (hashchange, no reload).
    const lab = await openLab(session, { hash: cases[0][1] });
    const { page } = lab;
    for (const [i, [what, hash, why]] of cases.entries()) {
      if (i > 0) {
        await page.evaluate((h) => (location.hash = h), valid);
        await expect.poll(async () => (await labState(page)).config.name, { timeout: 30_000 }).toBe('e2e nano');
        await page.evaluate((h) => (location.hash = h), hash);
      }
      // Defaults and the message arrive together (the config was the valid link's a moment ago).
      await expect.poll(async () => (await labState(page)).config, { timeout: 30_000, message: what }).toEqual(good);
      // On the first, fresh page the defaults are there before the link is read: wait for its message.
      await expect.poll(() => lastError(page), { timeout: 30_000, message: what }).toMatch(/^This link could not be opened, so the lab shows the default experiment\. What was wrong: /);
      expect(await lastError(page), what).toMatch(why);
    }
    // Nothing from a link became markup or ran.
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => 'polluted' in Object.prototype || (({}) as Record<string, unknown>).polluted !== undefined)).toBe(false);
    expect(lab.errors).toEqual([]);
    await lab.close();
  }, 300_000);

  it('takes your own text file as the baseline (the link says a local file was used) and refuses bad files clearly', async () => {
    const lab = await openLab(session);
    const { page } = lab;
    await page.getByRole('tab', { name: 'Corpus' }).click();
    const input = page.getByTestId('file-input');
    const text = Array.from({ length: 60 }, (_, i) => `Paragraph ${i}: the quick brown fox ${i % 7} jumps over the lazy dog near river ${i % 5}.`).join('\n\n');
    expect(await input.getAttribute('accept')).toBe('.txt,.md,.text,.jsonl,.ndjson,.parquet,text/plain');
    await input.setInputFiles({ name: 'my notes.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
    // The file waits for its role; the first choice has the keyboard focus.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('use-as-baseline');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await labState(page)).messages.at(-1)?.text).toMatch(/^Using "my notes\.txt" \(60 documents\) as the web baseline/);
    expect(await page.getByTestId('file-choice').count()).toBe(0);
    await expect.poll(() => page.getByTestId('baseline-source').textContent()).toMatch(/Your file "my notes\.txt"/);
    await expect.poll(() => page.getByTestId('web-fingerprint').textContent()).toMatch(/^[0-9a-f]{64}$/);
    await expect.poll(() => page.getByTestId('baseline').getByTestId('size').textContent(), { timeout: 30_000 }).toMatch(/60 documents, \d+ distinct words/);

    await page.getByTestId('copy-link').click();
    await expect.poll(() => page.evaluate(() => location.hash.length), { timeout: 10_000 }).toBeGreaterThan(10);
    const link = await decodeExperimentLink(payloadFromHash(await page.evaluate(() => location.hash))!);
    expect(link.ok && link.value.config.baseline).toMatchObject({ kind: 'local', name: 'my notes.txt', fingerprint: await page.getByTestId('web-fingerprint').textContent() });
    expect((await labState(page)).messages.at(-1)?.text).toMatch(/names your local file and its fingerprint/);

    await input.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]) });
    await expect.poll(() => lastError(page)).toMatch(/"photo\.png" is not a kind of file the lab reads/);
    await input.setInputFiles({ name: 'renamed.txt', mimeType: 'text/plain', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]) });
    await expect.poll(() => lastError(page)).toMatch(/"renamed\.txt" contains NUL bytes, so it looks like a binary file/);
    await input.setInputFiles({ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
    await expect.poll(() => lastError(page)).toMatch(/"empty\.txt" is empty/);
    // Too large: refused from its size alone, before the page reads it.
    mkdirSync('tests/artifacts', { recursive: true });
    writeFileSync('tests/artifacts/too-large.txt', Buffer.alloc(51 * 1024 * 1024, 0x61));
    await input.setInputFiles('tests/artifacts/too-large.txt');
    await expect.poll(() => lastError(page), { timeout: 60_000 }).toMatch(/"too-large\.txt" is too large \(51\.0 MB\); the limit is 50\.0 MB/);
    rmSync('tests/artifacts/too-large.txt');
    // The baseline is still the good file.
    expect((await labState(page)).config.baseline).toMatchObject({ kind: 'local', name: 'my notes.txt' });

    // The link opened elsewhere says the text was a local file that has to be dropped again.
    const other = await openLab(session, { hash: (await page.evaluate(() => location.hash)).slice(1) });
    await expect.poll(async () => (await labState(other.page)).messages.at(-1)?.text, { timeout: 30_000 }).toMatch(/Its web text was a local file \("my notes\.txt"\), which a link cannot carry/);
    expect([...lab.errors, ...other.errors]).toEqual([]);
    await other.close();
    await lab.close();
  }, 300_000);

  it('shows a results link with several seeds as a mean line and min–max band per run, and mean ± sd in the readout', async () => {
    const config = { ...tinyExperiment(20), repeats: 2 };
    // Held-out stories bpb of the two seeds at steps 0, 10, 20.
    const values: Record<string, number[]> = { r0s0: [6, 4, 3], r0s1: [6, 5, 2] };
    const recorded: RunCurve[] = runIds(config).map(({ id, name, seed }) => ({
      runId: id,
      name,
      seed,
      share: 1,
      points: values[id].map((v, i) => ({ step: i * 10, tokens: i * 10 * 128, elapsedMs: i * 1000, trainLoss: i ? v + 1 : NaN, bpb: { stories: v }, probeRank: {}, probeExact: {}, pairs: null })),
      notes: [],
      samples: [],
      status: 'done',
    }));
    const lab = await openLab(session, { hash: await encodeExperimentLink({ config, recorded }) });
    const { page } = lab;
    const row = page.getByTestId('readout-spread').locator('tbody tr').first();
    await expect.poll(() => row.locator('th, td').allTextContents(), { timeout: 30_000 }).toEqual(['stories', '2', '20', '2.500 ± 0.707', '3.500 ± 0.707']);
    expect(await page.locator('.legend li').allTextContents()).toEqual(['stories: recorded mean of 2 seeds', 'shaded: lowest to highest seed (min–max)']);
    // Two band edges and the mean, three points each, drawn on the main chart.
    await expect.poll(() => page.getByTestId('curve-chart').getAttribute('data-points')).toBe('9');
    // Each seed is still listed, under the per-spec rows.
    await page.locator('.seeds-table summary').click();
    expect((await page.getByTestId('readout').locator('tbody th').allTextContents()).map((t) => t.trim())).toEqual(['stories (seed 11)', 'stories (seed 12)']);
    expect(lab.errors).toEqual([]);
    await lab.close();
  }, 120_000);
});
