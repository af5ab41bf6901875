// The sentence beside the probe chart: how many probes of which family the context cannot hold.
import { describe, expect, it } from 'vitest';
import { preset as recipePreset } from '../../src/lib/corpus/index.ts';
import { prepareExperiment } from '../../src/lib/experiment/prepare.ts';
import { probeFitNotes } from '../../src/lib/charts/probe-fit.ts';
import { tinyExperiment } from '../helpers/experiments.ts';

describe('probeFitNotes', () => {
  it('names each family with probes that do not fit, with counts and the context, in plain words', () => {
    expect(
      probeFitNotes(
        [
          { family: 'arithmetic', total: 48, outOfContext: 34 },
          { family: 'stories', total: 48, outOfContext: 0 },
          { family: 'textbook', total: 12, outOfContext: 12 },
          { family: 'biographies', total: 48, outOfContext: 1 },
        ],
        256,
      ),
    ).toEqual([
      'arithmetic: 34 of 48 probes are longer than the context of 256 tokens and are not scored',
      'textbook: all 12 probes are longer than the context of 256 tokens and none is scored',
      'biographies: 1 of 48 probes is longer than the context of 256 tokens and is not scored',
    ]);
    expect(probeFitNotes([{ family: 'stories', total: 1, outOfContext: 1 }], 8)).toEqual(['stories: its only probe is longer than the context of 8 tokens and none is scored']);
    expect(probeFitNotes([{ family: 'stories', total: 48, outOfContext: 0 }], 256)).toEqual([]);
  });

  it('reports what a real preparation counts: arithmetic problems do not fit a 32-token context', async () => {
    const config = { ...tinyExperiment(), corpus: { ...recipePreset('igsm-lite'), bytes: 20_000 }, runs: [{ name: 'arithmetic', share: 1 }] };
    const prepared = await prepareExperiment(config, null);
    expect(probeFitNotes(prepared.probeFit, config.model.contextLength)).toEqual(['arithmetic: all 4 probes are longer than the context of 32 tokens and none is scored']);
  });
});
