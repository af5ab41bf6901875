// Issue 7 in the real page: a NaN is rolled back with a lower learning rate and marked on the chart, a lost
// GPU device is survived without losing or repeating points, a reload restores the experiment list, and
// a stopped experiment resumed from its saved checkpoints keeps its earlier curve. One training run
// serves all of it (runs are slow on SwiftShader), in the order a user could meet these faults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from '../../scripts/browser-session.ts';
import { encodeExperimentLink } from '../../src/lib/link/experiment-link.ts';
import { tinyExperiment } from '../helpers/experiments.ts';
import { labState, openLab, stepsOf, waitForLab } from './lab-page.ts';

let session: BrowserSession;
beforeAll(async () => {
  session = await openBrowserSession();
});
afterAll(async () => {
  await session?.close();
});

const strictlyIncreasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]);

describe('faults in the page', () => {
  it('recovers from a NaN, survives a lost device, and resumes a stopped experiment after a reload with its curve intact', async () => {
    const config = { ...tinyExperiment(20), name: 'e2e faults', eval: { ...tinyExperiment().eval, every: 5 } };
    const lab = await openLab(session, { hash: await encodeExperimentLink({ config }) });
    const { page } = lab;
    await page.getByTestId('start').click();

    // 1. A NaN in the weights as soon as training runs: rolled back, learning rate halved, marked on the chart.
    await waitForLab(page, (s) => s.runs.length === 1 && s.runs[0].points.length >= 1);
    await page.evaluate(() => window.synthlabTest!.injectNaN('r0'));
    const afterNaN = await waitForLab(page, (s) => s.runs[0].notes.some((n) => /Non-finite/.test(n.message)));
    const nanNote = afterNaN.runs[0].notes.find((n) => /Non-finite/.test(n.message))!;
    expect(nanNote.message).toMatch(/rolled back to step \d+ and halved the learning rate to 0\.005/);
    await expect.poll(() => page.getByTestId('chart-marker').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('chart-marker').first().getAttribute('aria-label')).toMatch(/Non-finite/);
    expect(await page.getByTestId('curve-chart').getAttribute('data-markers')).toBe('1');

    // 2. The device is destroyed once step 10 is evaluated (and checkpointed): the run resumes on a new one.
    const beforeLoss = await waitForLab(page, (s) => stepsOf(s.runs[0]).includes(10));
    await page.evaluate(() => window.synthlabTest!.loseDevice());
    const resumed = await waitForLab(page, (s) => s.runs[0].notes.some((n) => /resumed on \w+ from step \d+/.test(n.message)));
    const from = Number(/from step (\d+)/.exec(resumed.runs[0].notes.find((n) => /resumed on/.test(n.message))!.message)![1]);
    expect(from).toBeGreaterThanOrEqual(10);
    // Let it train past the loss, then stop: the experiment is saved unfinished.
    const before = stepsOf(beforeLoss.runs[0]);
    const mid = await waitForLab(page, (s) => stepsOf(s.runs[0]).includes(15));
    expect(stepsOf(mid.runs[0]).slice(0, before.length)).toEqual(before);
    expect(strictlyIncreasing(stepsOf(mid.runs[0]))).toBe(true);
    // Elapsed time carries on across the restart instead of starting again from zero.
    expect(mid.runs[0].points.at(-1)!.elapsedMs).toBeGreaterThan(beforeLoss.runs[0].points.at(-1)!.elapsedMs);
    await page.getByTestId('stop').click();
    const stopped = await waitForLab(page, (s) => s.phase === 'stopped', 120_000);
    const kept = stopped.runs[0].points;
    expect(kept.every((p) => Number.isFinite(p.bpb.stories))).toBe(true);

    // 3. A reload restores the experiment list; the experiment opens with its curve and resumes from it.
    await page.reload();
    await page.waitForFunction(() => window.synthlabTest !== undefined);
    await page.getByRole('tab', { name: 'Saved' }).click();
    await expect.poll(() => page.getByTestId('experiment-list').textContent(), { timeout: 30_000 }).toMatch(/e2e faults/);
    await page.getByTestId('open-experiment').first().click();
    const reopened = await waitForLab(page, (s) => s.runs.length === 1, 30_000);
    expect(reopened.runs[0].points).toEqual(kept);
    expect(reopened.runs[0].notes.map((n) => n.message)).toEqual(stopped.runs[0].notes.map((n) => n.message));
    await page.getByTestId('resume-saved').click();
    const done = await waitForLab(page, (s) => s.phase === 'done');
    const steps = stepsOf(done.runs[0]);
    expect(steps.at(-1)).toBe(20);
    expect(strictlyIncreasing(steps)).toBe(true);
    // Everything up to the saved checkpoint is still there, point for point.
    const checkpointStep = Math.max(...stepsOf(stopped.runs[0]));
    expect(done.runs[0].points.filter((p) => p.step <= checkpointStep)).toEqual(kept.filter((p) => p.step <= checkpointStep));
    expect((await labState(page)).messages.filter((m) => m.kind === 'error')).toEqual([]);
    expect(lab.errors).toEqual([]);
    await lab.close();
  }, 900_000);
});
