// No preset evaluates a family it cannot score: at every budget, every probe of every family a preset
// scores fits its context window (prompt + longest answer or candidate, in the experiment's own
// tokenizer). A probe that does not fit is never scored (eval/fit.ts), so a family whose probes all miss
// the window would silently drop out of the probe accuracy the headline compares.
import { describe, expect, it } from 'vitest';
import { hasShared, needsShared } from '../../src/lib/baseline/shared-datasets.ts';
import { prepareExperiment } from '../../src/lib/experiment/prepare.ts';
import { EXPERIMENT_PRESETS } from '../../src/lib/experiment/presets.ts';
import { needsWebText } from '../../src/lib/experiment/web-text.ts';
import { sharedWebFor } from '../helpers/experiments.ts';

const HAVE_C4 = hasShared('c4/train.jsonl');

describe('every probe of every preset fits its context, at every budget', () => {
  for (const p of EXPERIMENT_PRESETS) {
    for (const budget of ['full', 'test'] as const) {
      const config = budget === 'full' ? p.config() : p.testConfig();
      const needsWeb = needsWebText(config);
      it.skipIf(needsWeb && !HAVE_C4)(`${p.id}, ${budget} budget (context ${config.model.contextLength})${needsWeb ? ` ${needsShared('c4/train.jsonl')}` : ''}`, async () => {
        const prepared = await prepareExperiment(config, await sharedWebFor(config));
        expect(prepared.probeFit.length, 'the preset scores at least one family').toBeGreaterThan(0);
        for (const f of prepared.probeFit) {
          expect(f.total, `${f.family} has probes`).toBeGreaterThan(0);
          expect(f.outOfContext, `${f.outOfContext} of ${f.total} ${f.family} probes do not fit ${config.model.contextLength} tokens`).toBe(0);
        }
      }, 120_000);
    }
  }
});
