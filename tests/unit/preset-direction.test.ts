// Each preset's headline effect, for real: the preset's reduced budget (ExperimentPreset.testConfig) is
// trained on tfjs-backend-wasm (the headless default) with its fixed seed, and every headline check that budget is known to
// show (ExperimentPreset.testShows) must come out "shown", with its margin (headline.ts MARGINS). The
// other checks are printed, not asserted: they need more training than a unit test can afford (their
// figures at the full budget are in docs/presets.md). Web text is real C4 from ../shared/datasets; the
// presets that need it are skipped, by name, where it is absent.
import { afterAll, describe, expect, it } from 'vitest';
import { startBestBackend } from '../../src/lib/backend/select.ts';
import type { ExperimentConfig } from '../../src/lib/experiment/config.ts';
import { RunControl } from '../../src/lib/experiment/control.ts';
import { headline, type HeadlineReadout, type HeldOutInfo } from '../../src/lib/experiment/headline.ts';
import { prepareExperiment } from '../../src/lib/experiment/prepare.ts';
import { experimentPreset, type ExperimentPreset } from '../../src/lib/experiment/presets.ts';
import type { RunCurve } from '../../src/lib/experiment/results.ts';
import { runExperiment } from '../../src/lib/experiment/runner.ts';
import { useKernels } from '../../src/lib/experiment/kernels.ts';
import { needsWebText } from '../../src/lib/experiment/web-text.ts';
import { useCpu } from './model-helpers.ts';
import { hasShared, needsShared } from '../../src/lib/baseline/shared-datasets.ts';
import { sharedWebFor } from '../helpers/experiments.ts';

afterAll(useCpu);

const HAVE_C4 = hasShared('c4/train.jsonl');
/** Training a preset on a busy two-core machine can take minutes; the work is bounded by its budget. */
const PRESET_TIMEOUT = 600_000;

interface Outcome {
  runs: RunCurve[];
  heldout: HeldOutInfo[];
}

async function train(config: ExperimentConfig): Promise<Outcome> {
  // The headless default backend (wasm), as npm run lessons runs the presets; its curves match cpu's (model-backends.test.ts).
  await startBestBackend('wasm');
  await useKernels(config, 'wasm'); // the presets ask for fused kernels; without WebGPU they fall back, as in the lab and the CLI
  const prepared = await prepareExperiment(config, await sharedWebFor(config));
  const runs = await runExperiment(config, prepared, () => {}, new RunControl());
  return { runs, heldout: prepared.heldout };
}

function readoutOf(p: ExperimentPreset, config: ExperimentConfig, o: Outcome): HeadlineReadout {
  const r = headline(p.headline, { config, runs: o.runs, heldout: o.heldout });
  console.log(`[${p.id}] reduced budget, wasm, seed ${config.seed}: ${r.verdict}\n${r.summary}\n${r.notes.join('\n')}`);
  return r;
}

function expectShown(p: ExperimentPreset, r: HeadlineReadout): void {
  for (const id of p.testShows) {
    const c = r.checks.find((x) => x.id === id);
    expect(c, `check ${id}`).toBeDefined();
    expect(c!.verdict, `${c!.claim}: ${c!.detail}`).toBe('shown');
  }
}

const CASES: Array<{ id: string; title: string }> = [
  { id: 'synthetic-vs-web', title: 'designed data vs web text: the synthetic run wins on its own held-out sets, the web run on web text' },
  { id: 'tinystories', title: 'TinyStories: the stories run sits closer to the entropy floor on held-out stories' },
  { id: 'knowledge-paraphrases', title: 'knowledge needs paraphrases: the five-phrasing run completes more held-out-phrasing sentences about the people' },
  { id: 'quality-multiplier', title: 'data quality: clean biographies reach the probe-accuracy level in fewer tokens than diluted ones' },
  { id: 'mixture-sweep', title: 'mixture sweep: web bits per byte worsen as the synthetic share grows' },
];

describe('presets at their reduced budget, wasm backend, fixed seed', () => {
  for (const { id, title } of CASES) {
    const p = experimentPreset(id);
    if (!p) throw new Error(`no preset ${id}`);
    const needsWeb = needsWebText(p.testConfig());
    it.skipIf(needsWeb && !HAVE_C4)(
      `${title}${needsWeb ? ` ${needsShared('c4/train.jsonl')}` : ''}`,
      async () => {
        // A listed preset must claim at least one check, or this test would assert nothing.
        expect(p.testShows.length).toBeGreaterThan(0);
        const config = p.testConfig();
        expectShown(p, readoutOf(p, config, await train(config)));
      },
      PRESET_TIMEOUT,
    );
  }
});
