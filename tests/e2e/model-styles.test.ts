// Model styles in the page: a run with its own phi-style, deeper model trains beside a llama run with the
// fused kernels, the setup draws each block and shape, and the style control switches the whole experiment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from '../../scripts/browser-session.ts';
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

describe('model styles', () => {
  it('a llama run and a deeper phi run train side by side with fused kernels; each block and shape is drawn', async () => {
    const tiny = tinyExperiment(10);
    const config: ExperimentConfig = {
      ...tiny,
      model: { ...tiny.model, kernels: 'fused' },
      eval: { ...tiny.eval, samples: false },
      runs: [
        { name: 'llama', share: 1 },
        { name: 'phi, deeper', share: 1, model: { style: 'phi', nLayer: 3, dModel: 16, nHead: 2, mlpHidden: 48 } },
      ],
    };
    const lab = await openLab(session, { hash: await encodeExperimentLink({ config }) });
    const { page } = lab;
    const diagrams = page.getByTestId('model-diagram');
    await diagrams.nth(1).waitFor();
    expect(await diagrams.count()).toBe(2);
    expect(await diagrams.nth(0).getAttribute('data-style')).toBe('llama');
    expect(await diagrams.nth(1).getAttribute('data-style')).toBe('phi');
    expect(await diagrams.nth(1).locator('rect.layer').count()).toBe(3);
    expect(await page.getByTestId('run-model-1').textContent()).toMatch(/Own model: phi, 3 × 16, [\d,]+ parameters/);

    await page.getByTestId('start').click();
    const done = await waitForLab(page, (s) => s.phase === 'done' || s.messages.some((m) => m.kind === 'error'));
    expect(done.messages.filter((m) => m.kind === 'error')).toEqual([]);
    expect(done.phase).toBe('done');
    expect(done.runs.map((r) => r.points.at(-1)?.step)).toEqual([10, 10]);
    for (const r of done.runs) {
      expect(Number.isFinite(r.points.at(-1)!.bpb.stories)).toBe(true);
      expect(r.points.at(-1)!.bpb.stories).toBeLessThan(r.points[0].bpb.stories);
    }
    // WebGPU is there (SwiftShader), so the fused kernels ran: no fallback note.
    expect(done.messages.some((m) => /stock tfjs ops/i.test(m.text))).toBe(false);
    expect(lab.errors).toEqual([]);
    await lab.close();
  }, 600_000);

  it('the style control switches the experiment to phi: the diagram and the parameter count follow', async () => {
    const lab = await openLab(session, { hash: await encodeExperimentLink({ config: tinyExperiment(10) }) });
    const { page } = lab;
    const diagram = page.getByTestId('model-diagram');
    await diagram.waitFor();
    expect(await diagram.getAttribute('data-style')).toBe('llama');
    const label = page.locator('label[for="model"]');
    const before = await label.textContent();
    await page.getByTestId('style-select').selectOption('phi');
    await page.waitForFunction(() => document.querySelector('[data-testid="model-diagram"]')?.getAttribute('data-style') === 'phi');
    expect(await label.textContent()).not.toBe(before);
    expect(await diagram.locator('text.caption').first().textContent()).toMatch(/parallel/);
    expect(lab.errors).toEqual([]);
    await lab.close();
  }, 300_000);
});
