// The Probe answers tab on a real run: every probe appears with each run's answer, and the accuracy the
// tab shows is the evaluation's own probe accuracy, at the latest evaluation and at an earlier one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from '../../scripts/browser-session.ts';
import { preset as recipePreset } from '../../src/lib/corpus/index.ts';
import type { ExperimentConfig } from '../../src/lib/experiment/config.ts';
import { encodeExperimentLink } from '../../src/lib/link/experiment-link.ts';
import { tinyExperiment } from '../helpers/experiments.ts';
import { openLab, waitForLab } from './lab-page.ts';

let session: BrowserSession;
beforeAll(async () => {
  session = await openBrowserSession();
});
afterAll(async () => {
  await session?.close();
});

const pct = (v: number) => `${(v * 100).toFixed(v >= 0.995 || v < 0.01 ? 0 : 1)}%`;

describe('probe answers', () => {
  it('lists every probe with each run\'s answer; its accuracy is the evaluation\'s, now and at an earlier step', async () => {
    const tiny = tinyExperiment(10);
    const bios = { ...recipePreset('bios-single'), bytes: 40_000 };
    bios.biographies = { ...bios.biographies, people: 10, attributes: 3, values: 4 };
    const config: ExperimentConfig = {
      ...tiny,
      model: { ...tiny.model, contextLength: 96 },
      eval: { every: 5, tokens: 128, probesPerFamily: 8, samples: false },
      corpus: bios,
      runs: [{ name: 'a', share: 1 }, { name: 'b', share: 1, recipe: { ...bios, biographies: { ...bios.biographies, paraphrases: 3 } } }],
    };
    const lab = await openLab(session, { hash: await encodeExperimentLink({ config }) });
    const { page } = lab;
    await page.getByTestId('start').click();
    const done = await waitForLab(page, (s) => s.phase === 'done' || s.messages.some((m) => m.kind === 'error'));
    expect(done.messages.filter((m) => m.kind === 'error')).toEqual([]);
    expect(done.phase).toBe('done');
    await page.getByRole('tab', { name: 'Probe answers' }).click();
    await page.getByTestId('answers-table').waitFor({ timeout: 30_000 });

    expect(done.questions.length).toBeGreaterThan(0);
    expect(await page.getByTestId('answers-row').count()).toBe(done.questions.length);
    for (const run of done.runs) {
      const last = run.points.at(-1)!;
      expect(last.step).toBe(10);
      expect(await page.getByTestId(`answers-accuracy-${run.runId}`).textContent()).toBe(pct(last.probeRank.biographies));
      // Every evaluation's answers were kept, and they agree with that evaluation's accuracy.
      const history = done.answers[run.runId];
      expect(history.map((h) => h.step)).toEqual(run.points.map((p) => p.step));
      for (const [i, h] of history.entries()) {
        const scored = h.answers.filter((a) => a.scored);
        expect(scored.filter((a) => a.correct).length / scored.length).toBeCloseTo(run.points[i].probeRank.biographies, 12);
        for (const a of scored) expect(a.pTrue).toBeGreaterThan(0);
      }
    }
    // Back to step 0 with the slider: the untrained models' accuracy.
    await page.getByTestId('answers-step').fill('0');
    for (const run of done.runs) expect(await page.getByTestId(`answers-accuracy-${run.runId}`).textContent()).toBe(pct(run.points[0].probeRank.biographies));
    expect(lab.errors).toEqual([]);
    await lab.close();
  }, 600_000);
});
