// The lab page in a real headless Chromium, served by Vite as `npm start` serves it: the shell, the
// one-screen layout at 1280×720, the tablet layout with touch-sized controls, themes, keyboard access.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openBrowserSession, type BrowserSession } from '../../scripts/browser-session.ts';
import { encodeExperimentLink } from '../../src/lib/link/experiment-link.ts';
import type { RunCurve } from '../../src/lib/experiment/results.ts';
import { budgetText, EXPERIMENT_PRESETS, experimentPreset, presetAtBudget } from '../../src/lib/experiment/presets.ts';
import { estimateDuration, formatDuration } from '../../src/lib/experiment/estimate.ts';
import { tinyExperiment } from '../helpers/experiments.ts';
import { openLab } from './lab-page.ts';

let session: BrowserSession;
beforeAll(async () => {
  session = await openBrowserSession();
  mkdirSync('tests/artifacts', { recursive: true });
});
afterAll(async () => {
  await session?.close();
});

/** Whether an element lies wholly inside the viewport (seen without scrolling the page). */
async function inViewport(page: Page, testid: string): Promise<boolean> {
  const box = await page.getByTestId(testid).first().boundingBox();
  const vp = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.x >= 0 && box.y + box.height <= vp.height + 0.5 && box.x + box.width <= vp.width + 0.5;
}

/** A recorded curve, as a results link carries it, so the race shows charts and a readout without training. */
function recordedRun(): RunCurve {
  return {
    runId: 'r0', name: 'stories', seed: 11, share: 1, notes: [], samples: [], status: 'done',
    points: [0, 10, 20].map((step) => ({ step, tokens: step * 128, elapsedMs: step * 1000, trainLoss: 5.5 - step / 10, bpb: { stories: 7.9 - step / 8 }, probeRank: { stories: step / 80 }, probeExact: { stories: 0 }, pairs: null })),
  };
}

describe('app shell', () => {
  it('starts on WebGPU, shows backend and adapter in the header and the Device tab, with no console errors and no foreign requests', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const consoleErrors: string[] = [];
    const foreign: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== session.baseUrl) foreign.push(r.url());
    });
    await page.goto(session.baseUrl);
    await expect.poll(() => page.getByTestId('header-backend').textContent(), { timeout: 120_000 }).toMatch(/^\s*webgpu · \w+ \/ \w+/);
    await page.getByRole('tab', { name: 'Device' }).click();
    await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('backend-name').textContent()).toBe('webgpu');
    const adapter = (await page.getByTestId('adapter-name').textContent()) ?? '';
    console.log(`[e2e] adapter shown in the page: ${adapter.trim()}`);
    expect(adapter).toMatch(/\w+ \/ \w+/);
    await expect.poll(() => page.getByText('Max storage buffer').count()).toBe(1);
    // The page's own tfjs memory, with the GPU bytes WebGPU reports.
    await expect.poll(() => page.getByTestId('page-memory').textContent(), { timeout: 10_000 }).toMatch(/in \d+ tensors; GPU buffers .* in use/);
    await page.screenshot({ path: 'tests/artifacts/app-shell.png' });
    // Keep listening until the corpus fingerprint (the slowest start-up work) has finished.
    await page.getByRole('tab', { name: 'Corpus' }).click();
    await expect.poll(() => page.getByTestId('fingerprint').textContent(), { timeout: 120_000, interval: 1000 }).toMatch(/^[0-9a-f]{64}$/);
    expect(consoleErrors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('falls back to a working backend (wasm where WebGL is software) with a plain banner when WebGPU is missing', async () => {
    const page = await session.newPage();
    // Hide WebGPU before any page script runs, as in a browser without it.
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
    });
    await page.goto(session.baseUrl);
    await page.getByRole('tab', { name: 'Device' }).click();
    await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
    const backend = await page.getByTestId('backend-name').textContent();
    expect(['webgl', 'wasm', 'cpu']).toContain(backend);
    // wasm comes before WebGL only when WebGL draws with a software renderer (SwiftShader here), and says so.
    if (backend === 'wasm') expect(await page.getByTestId('header-backend').getAttribute('title')).toMatch(/webgl: draws with a software renderer/);
    expect(await page.getByTestId('fallback-banner').textContent()).toMatch(/WebGPU is not available/);
    expect(await page.getByTestId('no-webgpu-banner').textContent()).toMatch(/WebGPU is not available here/);
    await page.close();
  });

  it('fits one 1280×720 screen: setup, race (chart, progress, controls, readout) and inspection, each scrolling inside itself', async () => {
    const lab = await openLab(session, { hash: await encodeExperimentLink({ config: tinyExperiment(), recorded: [recordedRun()] }) });
    const { page } = lab;
    await expect.poll(async () => Number(await page.getByTestId('curve-chart').getAttribute('data-points')), { timeout: 30_000 }).toBe(3);
    const dims = await page.evaluate(() => ({ scroll: document.documentElement.scrollHeight, wide: document.documentElement.scrollWidth }));
    expect(dims).toEqual({ scroll: 720, wide: 1280 });
    for (const id of ['start', 'progress', 'status', 'curve-chart', 'loss-chart', 'probe-chart', 'readout', 'export-menu', 'header-backend']) expect(await inViewport(page, id), id).toBe(true);
    for (const tab of ['Corpus', 'Samples', 'Surprise', 'Probe answers', 'Saved', 'Device']) expect(await page.getByRole('tab', { name: tab }).isVisible(), tab).toBe(true);
    // The setup column scrolls inside itself (it is taller than the screen), the page does not.
    expect(await page.locator('aside.left').evaluate((el) => el.scrollHeight > el.clientHeight && getComputedStyle(el).overflowY === 'auto')).toBe(true);
    await page.screenshot({ path: 'tests/artifacts/layout-1280x720.png' });
    expect(lab.errors).toEqual([]);
    await lab.close();
  });

  it('is usable on a tablet: stacked regions, no sideways scrolling, and every control at least 44 px under touch', async () => {
    const lab = await openLab(session, { context: { viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true } });
    const { page } = lab;
    expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(820);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button, select, input, summary')]
        .filter((el) => el.offsetParent !== null && !(el instanceof HTMLInputElement && el.type === 'hidden'))
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.height < 44 - 0.5 || r.width < 44 - 0.5)
        .map(({ el, r }) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`),
    );
    expect(small).toEqual([]);
    await page.screenshot({ path: 'tests/artifacts/tablet-820x1180.png', fullPage: true });
    expect(lab.errors).toEqual([]);
    await lab.close();
  });

  it('switches light and dark themes against the OS setting and remembers the choice', async () => {
    const bg = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await openLab(session, { context: { colorScheme: 'light' } });
    expect(await bg(light.page)).toBe('rgb(251, 251, 253)');
    await light.page.getByTestId('theme-select').selectOption('dark');
    expect(await bg(light.page)).toBe('rgb(20, 22, 27)');
    await light.page.reload();
    await light.page.waitForFunction(() => window.synthlabTest !== undefined);
    expect(await light.page.getByTestId('theme-select').inputValue()).toBe('dark');
    expect(await bg(light.page)).toBe('rgb(20, 22, 27)');
    await light.close();

    const dark = await openLab(session, { context: { colorScheme: 'dark' } });
    expect(await bg(dark.page)).toBe('rgb(20, 22, 27)');
    await dark.page.getByTestId('theme-select').selectOption('light');
    expect(await bg(dark.page)).toBe('rgb(251, 251, 253)');
    // The primary button stays readable on the dark theme: dark text on the light-blue accent.
    await dark.page.getByTestId('theme-select').selectOption('dark');
    expect(await dark.page.getByTestId('start').evaluate((b) => getComputedStyle(b).color)).toBe('rgb(11, 16, 32)');
    await dark.page.screenshot({ path: 'tests/artifacts/theme-dark.png' });
    await dark.close();
  });

  it("shows the preset's lesson and headline readout; a link to an unchanged preset keeps them, an edited one is custom", async () => {
    const lab = await openLab(session);
    const first = EXPERIMENT_PRESETS[0];
    const title = (l: typeof lab) => l.page.getByTestId('headline-panel').locator('h2').textContent();
    await expect.poll(() => title(lab), { timeout: 60_000 }).toBe(first.title);
    expect(await lab.page.getByTestId('headline-verdict').textContent()).toBe('Not measured yet');
    expect(await lab.page.getByTestId('headline-budget').textContent()).toBe(budgetText(first.config()));
    expect(lab.errors).toEqual([]);
    await lab.close();

    const stories = experimentPreset('tinystories')!;
    const linked = await openLab(session, { hash: await encodeExperimentLink({ config: stories.config() }) });
    await expect.poll(() => title(linked), { timeout: 60_000 }).toBe(stories.title);
    expect(await linked.page.getByTestId('preset-select').inputValue()).toBe('tinystories');
    await linked.close();

    const edited = await openLab(session, { hash: await encodeExperimentLink({ config: { ...stories.config(), seed: 7 } }) });
    await expect.poll(() => edited.page.getByTestId('preset-select').inputValue(), { timeout: 60_000 }).toBe('custom');
    expect(await edited.page.getByTestId('headline-panel').count()).toBe(0);
    await edited.close();
  });

  it('says before Run how long the preset takes on this device, from a few timed steps, and offers the long budget as the same preset', async () => {
    const lab = await openLab(session);
    const { page } = lab;
    const first = EXPERIMENT_PRESETS[0];
    await page.getByTestId('measure-speed').click();
    const text = page.getByTestId('estimate-text');
    await expect.poll(() => text.count(), { timeout: 180_000 }).toBe(1);
    const said = (await text.textContent()) ?? '';
    const m = /(\d+) ms per training step on (\w+)/.exec(said);
    expect(m, said).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    expect(m![2]).toBe('webgpu');
    // The figure is the library's estimate for this config and the measured step time.
    const state = await page.evaluate(() => window.synthlabTest!.snapshot());
    expect(said).toContain(formatDuration(estimateDuration(state.config, state.speed!.msPerStep).totalSeconds));
    await page.getByTestId('budget-select').selectOption('long');
    expect(await page.locator('#steps').inputValue()).toBe(String(first.config().train.steps * 4));
    expect(await page.getByTestId('preset-select').inputValue()).toBe(first.id);
    expect(await page.getByTestId('headline-panel').count()).toBe(1);
    expect(await text.textContent()).toContain(formatDuration(estimateDuration(presetAtBudget(first, 'long'), state.speed!.msPerStep).totalSeconds));
    await page.getByTestId('budget-select').selectOption('standard');
    expect(await page.locator('#steps').inputValue()).toBe(String(first.config().train.steps));
    expect(lab.errors).toEqual([]);
    await lab.close();
  });

  it("reads a results link of a preset out in its headline: the verdict, the table, the mixture plot, and plainly when an effect did not appear", async () => {
    const sweep = experimentPreset('mixture-sweep')!;
    const config = sweep.config();
    // Final web bpb rises with the synthetic share; probe accuracy rises too (first link) or stays flat (second).
    const curves = (probeGain: number): RunCurve[] =>
      config.runs.map((spec, i) => ({
        runId: `r${i}`, name: spec.name, seed: config.seed, share: spec.share, notes: [], samples: [], status: 'done',
        points: [0, config.train.steps].map((step) => ({
          step, tokens: step * config.train.batchSize * config.model.contextLength, elapsedMs: step * 100, trainLoss: 3,
          bpb: { web: step ? 3.6 + spec.share : 5.1, stories: step ? 3.4 - 2 * spec.share : 4.1 },
          probeRank: { stories: step ? 0.2 + probeGain * spec.share : 0.2 }, probeExact: { stories: 0 }, pairs: null,
        })),
      }));
    const verdictOf = async (probeGain: number) => {
      const lab = await openLab(session, { hash: await encodeExperimentLink({ config, recorded: curves(probeGain) }) });
      const { page } = lab;
      await expect.poll(() => page.getByTestId('headline-panel').locator('h2').textContent(), { timeout: 60_000 }).toBe(sweep.title);
      const verdict = await page.getByTestId('headline-verdict').textContent();
      expect(await page.getByTestId('headline-table').locator('tbody tr').count()).toBe(config.runs.length);
      await expect.poll(() => page.getByTestId('headline-mixture-plot').locator('canvas').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      const checks = await page.getByTestId('headline-panel').locator('.checks li').allTextContents();
      expect(lab.errors).toEqual([]);
      await lab.close();
      return { verdict, checks };
    };
    const both = await verdictOf(0.3);
    expect(both.verdict).toBe('Expected effect shown');
    expect(both.checks.join('\n')).toMatch(/Web bits per byte worsen with the synthetic share — shown: 0% synthetic: 3\.600, 100%: 4\.600/);
    const flat = await verdictOf(0);
    expect(flat.verdict).toBe('Expected effect NOT shown');
    expect(flat.checks.join('\n')).toMatch(/Probe accuracy rises with the synthetic share — NOT SHOWN: 0% synthetic: 0\.200, 100%: 0\.200/);
  });

  it('is keyboard reachable: arrow keys move through the tabs, and every setup control is labelled and described', async () => {
    const lab = await openLab(session);
    const { page } = lab;
    await page.getByRole('tab', { name: 'Corpus' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => [document.activeElement?.textContent, document.activeElement?.getAttribute('aria-selected')])).toEqual(['Samples', 'true']);
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Device');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Corpus');
    // Only the selected tab is in the Tab order (roving tabindex).
    expect(await page.locator('[role="tab"][tabindex="0"]').count()).toBe(1);
    const problems = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('aside.left input, aside.left select')].flatMap((el) => {
        const name = el.getAttribute('aria-label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null);
        const hint = (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent?.trim()).join(' ');
        return !name?.trim() || !hint.trim() ? [`${el.id || el.getAttribute('aria-label')}: label "${name ?? ''}", hint "${hint}"`] : [];
      }),
    );
    expect(problems).toEqual([]);
    expect(lab.errors).toEqual([]);
    await lab.close();
  });
});
