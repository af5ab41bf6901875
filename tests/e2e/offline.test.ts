// The lab where the Hugging Face Hub cannot be reached (a classroom network, or this machine): an
// experiment that needs web text races the sample shipped in datasets/ instead, says so, records it in
// its link and its runs, and scores the web held-out set on it. The same two runs then feed the views
// inside the models: Surprise (held-out passages and the user's own text, token by token) and Attention.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { openBrowserSession, type BrowserSession } from '../../scripts/browser-session.ts';
import { DEFAULT_HUB_BASELINE } from '../../src/lib/baseline/hub.ts';
import { OFFLINE_SAMPLE } from '../../src/lib/baseline/sample.ts';
import type { ExperimentConfig } from '../../src/lib/experiment/config.ts';
import { decodeExperimentLink, encodeExperimentLink, payloadFromHash } from '../../src/lib/link/experiment-link.ts';
import { tinyExperiment } from '../helpers/experiments.ts';
import { expectAttentionView, labState, openLab, waitForLab } from './lab-page.ts';

let session: BrowserSession;
beforeAll(async () => {
  session = await openBrowserSession();
});
afterAll(async () => {
  await session?.close();
});

describe('offline: the shipped web-text sample', () => {
  it('a Hub baseline that cannot be downloaded falls back to the shipped sample, says so, and the link and the runs record it; Surprise and Attention show the runs\' own numbers', async () => {
    const tiny = tinyExperiment(10);
    const config: ExperimentConfig = { ...tiny, baseline: { ...DEFAULT_HUB_BASELINE }, runs: [{ name: 'stories', share: 1 }, { name: 'web', share: 0 }] };
    const lab = await openLab(session, { hash: await encodeExperimentLink({ config }) });
    const { page } = lab;
    // Every request to the Hub fails as it would with no network (this machine has none anyway).
    const hubRequests: string[] = [];
    await page.context().route(/huggingface\.co/, (route) => {
      hubRequests.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    await expect.poll(() => page.getByTestId('baseline-source').textContent(), { timeout: 60_000 }).toMatch(/FineWeb-Edu/);
    await page.getByTestId('start').click();
    const done = await waitForLab(page, (s) => s.phase === 'done' || s.messages.some((m) => m.kind === 'error'));
    expect(done.messages.filter((m) => m.kind === 'error')).toEqual([]);
    expect(hubRequests.length).toBeGreaterThan(0);
    expect(done.messages.map((m) => m.text).join('\n')).toMatch(/Hub could not be reached.*races the web text shipped with the lab/);
    expect(done.config.baseline).toEqual(OFFLINE_SAMPLE);
    // The web run trained on the sample and was scored on its held-out part.
    expect(done.runs).toHaveLength(2);
    expect(done.heldout.map((h) => h.name)).toContain('web');
    for (const run of done.runs) expect(run.points.at(-1)?.bpb.web).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('baseline-source').textContent()).toMatch(/shipped with the lab/);
    await expect.poll(() => page.getByTestId('baseline-licence').textContent()).toMatch(/ODC-By-1\.0/);
    // The Surprise tab: each run's token-by-token loss on each held-out set's first passage; the
    // passage's bits per byte is the sum of the tokens' nats over its bytes (as held-out scoring adds them).
    await page.getByRole('tab', { name: 'Surprise' }).click();
    for (const set of ['web', 'stories']) {
      await page.getByTestId('surprise-set').selectOption(set);
      for (const run of done.runs) {
        const passage = done.surpriseHistory[run.runId].at(-1)!.passages.find((p) => p.set === set)!;
        expect(done.surpriseHistory[run.runId].map((h) => h.step)).toEqual(run.points.map((p) => p.step));
        const box = page.getByTestId(`surprise-${run.runId}`);
        await expect.poll(() => box.getByTestId(`surprise-bpb-${run.runId}`).textContent()).toBe(passage.bitsPerByte.toFixed(3));
        const nats = await box.getByTestId('surprise-token').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.nats)));
        expect(nats).toHaveLength(passage.tokens.length);
        expect(nats.reduce((a, b) => a + b, 0) / Math.LN2 / passage.bytes).toBeCloseTo(passage.bitsPerByte, 6);
        expect((await box.getByTestId('surprise-token').allTextContents()).join('')).toBe(passage.text);
      }
    }
    // The user's own text, read by each run's latest checkpoint in a worker of its own.
    await page.getByTestId('surprise-set').selectOption({ label: 'your text…' });
    const mine = 'The little cat ran home. It was warm.';
    await page.getByTestId('surprise-own-text').fill(mine);
    await page.getByTestId('surprise-own-score').press('Enter'); // the fallback's message lies over it; the keyboard reaches it
    await expect.poll(async () => (await labState(page)).textScores?.results.length ?? 0, { timeout: 120_000 }).toBe(done.runs.length);
    const scores = (await labState(page)).textScores!;
    for (const run of done.runs) {
      const r = scores.results.find((x) => x.runId === run.runId)!;
      expect(r.step).toBe(10);
      // Cut to the model's 32-token window (byte-level here), and said so.
      expect(r.surprise.tokens).toHaveLength(32);
      expect(mine.startsWith(r.surprise.text)).toBe(true);
      const box = page.getByTestId(`surprise-${run.runId}`);
      await expect.poll(() => box.getByTestId(`surprise-bpb-${run.runId}`).textContent()).toBe(r.surprise.bitsPerByte.toFixed(3));
      expect((await box.getByTestId('surprise-token').allTextContents()).join('')).toBe(r.surprise.text);
      await expect.poll(() => box.textContent()).toMatch(/first 32 tokens/);
    }
    await page.getByTestId('surprise-set').selectOption('stories');

    // Arrow keys walk the passage; the detail line names the token under each run.
    await page.getByTestId(`surprise-${done.runs[0].runId}`).getByRole('slider').press('ArrowRight');
    await expect.poll(() => page.getByTestId('surprise-detail').textContent()).toMatch(/token 2 /);
    mkdirSync('tests/artifacts', { recursive: true });
    await page.screenshot({ path: 'tests/artifacts/surprise.png' });
    const isPng = async (d: import('playwright-core').Download) => (await import('node:fs')).readFileSync(await d.path()).subarray(1, 4).toString() === 'PNG';
    const [surprisePng] = (await Promise.all([page.waitForEvent('download'), page.getByTestId('surprise-png').press('Enter')])) as [import('playwright-core').Download, void];
    expect(surprisePng.suggestedFilename()).toBe('surprise-stories-step10.png');
    expect(await isPng(surprisePng)).toBe(true);
    await surprisePng.saveAs('tests/artifacts/surprise-export.png');

    // The Attention tab: each run's pattern for the passage, layer and head; the cell under the cursor
    // reads the recorded weight; each map saves as a PNG.
    await expectAttentionView(page, done, 'web', { nLayer: config.model.nLayer!, nHead: config.model.nHead!, step: 10 });
    const [png] = (await Promise.all([page.waitForEvent('download'), page.getByTestId(`attention-png-${done.runs[0].runId}`).click()])) as [import('playwright-core').Download, void];
    expect(png.suggestedFilename()).toMatch(/^attention-stories-web-layer1-head1\.png$/);
    expect((await import('node:fs')).readFileSync(await png.path()).subarray(1, 4).toString()).toBe('PNG');
    await page.screenshot({ path: 'tests/artifacts/attention.png' });
    await page.getByRole('tab', { name: 'Probe answers' }).click();
    await page.screenshot({ path: 'tests/artifacts/probe-answers.png' });
    const [answersPng] = (await Promise.all([page.waitForEvent('download'), page.getByTestId('answers-png').press('Enter')])) as [import('playwright-core').Download, void];
    expect(answersPng.suggestedFilename()).toBe('probe-answers-step10.png');
    expect(await isPng(answersPng)).toBe(true);
    await answersPng.saveAs('tests/artifacts/probe-answers-export.png');

    // The link now names the sample, so whoever opens it races the same text.
    const opened = await page.evaluate(() => location.hash);
    await page.getByTestId('copy-link').click();
    // Copying encodes the link asynchronously, then puts it in the address bar: wait for it to change.
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 30_000 }).not.toBe(opened);
    const decoded = await decodeExperimentLink(payloadFromHash(await page.evaluate(() => location.hash))!);
    expect(decoded.ok && decoded.value.config.baseline).toEqual(OFFLINE_SAMPLE);
    expect((await labState(page)).config.baseline).toEqual(OFFLINE_SAMPLE);
    expect(lab.errors.filter((e) => !/huggingface|ERR_INTERNET_DISCONNECTED|Failed to load resource/i.test(e))).toEqual([]);
    await lab.close();
  }, 600_000);

  it('the default preset, with the Hub unreachable, races the shipped sample and says so, still as the preset', async () => {
    const lab = await openLab(session);
    const { page } = lab;
    await page.context().route(/huggingface\.co/, (route) => route.abort('internetdisconnected'));
    expect(await page.getByTestId('preset-select').inputValue()).toBe('synthetic-vs-web');
    await page.getByTestId('start').click();
    // Both runs evaluated at step 0 and training under way: the race is on, on the sample.
    const racing = await waitForLab(page, (s) => s.messages.some((m) => m.kind === 'error') || (s.runs.length === 2 && s.runs.every((r) => r.points.length > 0) && s.step >= 2), 480_000);
    expect(racing.messages.filter((m) => m.kind === 'error')).toEqual([]);
    expect(racing.messages.map((m) => m.text).join('\n')).toMatch(/Hub could not be reached.*races the web text shipped with the lab/);
    expect(racing.config.baseline).toEqual(OFFLINE_SAMPLE);
    for (const run of racing.runs) expect(run.points[0].bpb.web).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('baseline-source').textContent()).toMatch(/shipped with the lab/);
    // The sample stands in for the Hub's text: the experiment is still the preset, so its lesson is judged.
    await expect.poll(() => page.getByTestId('headline-panel').textContent()).toMatch(/Designed data vs web text/);
    expect(await page.getByText('This experiment was changed after the preset was loaded').count()).toBe(0);
    await page.getByTestId('stop').click();
    expect(lab.errors.filter((e) => !/huggingface|ERR_INTERNET_DISCONNECTED|Failed to load resource/i.test(e))).toEqual([]);
    await lab.close();
  }, 600_000);
});
