// Shared by the e2e tests: open the lab in its own browser context (1280×720 unless told otherwise) with
// the test hook (`?test-hooks`, see src/state/test-hooks.ts), collect console errors, and read the lab's
// state through the hook.
import { expect } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import type { BrowserSession } from '../../scripts/browser-session.ts';
import type { RunCurve } from '../../src/lib/experiment/results.ts';
import type { Lab } from '../../src/state/lab.svelte.ts';
import type {} from '../../src/state/test-hooks.ts'; // window.synthlabTest's type

/** What the test hook's snapshot() returns: setup, curves, phase, step, messages, what was prepared. */
export type LabSnapshot = ReturnType<Lab['snapshot']>;

export interface LabPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
  close(): Promise<void>;
}

export async function openLab(session: BrowserSession, opts: { hash?: string; context?: BrowserContextOptions } = {}): Promise<LabPage> {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true, ...opts.context });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${session.baseUrl}/?test-hooks${opts.hash ? `#${opts.hash}` : ''}`);
  await page.waitForFunction(() => window.synthlabTest !== undefined, undefined, { timeout: 60_000 });
  return { page, errors, close: () => context.close() };
}

export function labState(page: Page): Promise<LabSnapshot> {
  return page.evaluate(() => window.synthlabTest!.snapshot()) as Promise<LabSnapshot>;
}

/** Polls the lab's state until `check` holds (slow on SwiftShader: generous timeouts, 1 s polls). */
export async function waitForLab(page: Page, check: (s: LabSnapshot) => boolean, timeout = 240_000): Promise<LabSnapshot> {
  let last: LabSnapshot | null = null;
  try {
    await expect
      .poll(
        async () => {
          last = await labState(page);
          return check(last);
        },
        { timeout, interval: 1000 },
      )
      .toBe(true);
  } catch (e) {
    // Say where the lab stood, or a timeout here is a riddle.
    const s = last as LabSnapshot | null;
    console.log(`[e2e] lab state at timeout: phase ${s?.phase}, step ${s?.step}, runs ${JSON.stringify(s?.runs.map((r) => ({ id: r.runId, steps: stepsOf(r), notes: r.notes, status: r.status })))}, messages ${JSON.stringify(s?.messages)}`);
    throw e;
  }
  return last!;
}

export const stepsOf = (r: RunCurve) => r.points.map((p) => p.step);

/**
 * The Attention tab for held-out set `set`: every run's recorded pattern has one map per layer of
 * heads × n × n weights and was recorded at `step`; the cursor starts on the separator (which attends
 * only to itself), and one row down every run's detail reads its own recorded weight.
 */
export async function expectAttentionView(page: Page, done: LabSnapshot, set: string, shape: { nLayer: number; nHead: number; step: number }): Promise<void> {
  await page.getByRole('tab', { name: 'Attention' }).click();
  await page.getByTestId('attention-set').selectOption(set);
  const passageOf = (runId: string) => done.attention[runId].passages.find((p) => p.set === set)!;
  for (const run of done.runs) {
    expect(done.attention[run.runId].step).toBe(shape.step);
    const passage = passageOf(run.runId);
    const n = passage.tokens.length;
    expect(passage.layers).toHaveLength(shape.nLayer);
    expect(passage.layers[0]).toHaveLength(shape.nHead * n * n);
    const map = page.getByTestId(`attention-map-${run.runId}`);
    await expect.poll(() => map.evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThanOrEqual(n * 3);
    await expect.poll(() => page.getByTestId(`attention-detail-${run.runId}`).textContent()).toMatch(/: 100\.0%$/);
  }
  await page.getByTestId(`attention-map-${done.runs[0].runId}`).press('ArrowDown');
  for (const run of done.runs) {
    const passage = passageOf(run.runId);
    const w = passage.layers[0][1 * passage.tokens.length + 0] / 255;
    await expect.poll(() => page.getByTestId(`attention-detail-${run.runId}`).textContent()).toContain(`: ${(w * 100).toFixed(1)}%`);
  }
}
