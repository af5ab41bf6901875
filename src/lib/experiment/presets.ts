// Experiments that teach: each preset reproduces a published result in miniature, says what it
// expects to see, and names the headline readout that checks it (see headline.ts).
import { preset as recipe, type Recipe } from '../corpus/index.ts';
import { CONFIG_VERSION, DEFAULT_HUB_BASELINE, type ExperimentConfig, type RunSpec } from './config.ts';

export type HeadlineKind = 'synthetic-vs-web' | 'probe-gap' | 'tokens-to-accuracy' | 'mixture-curve' | 'story-grammar';

export interface ExperimentPreset {
  id: string;
  title: string;
  /** Two or three sentences for the lesson panel: what the experiment shows and where it comes from. */
  lesson: string;
  /** The expected direction of the effect, in words, so the readout can say whether it appeared. */
  expected: string;
  headline: HeadlineKind;
  config: () => ExperimentConfig;
}

const base = (name: string, corpus: Recipe, runs: RunSpec[], patch: Partial<ExperimentConfig> = {}): ExperimentConfig => ({
  v: CONFIG_VERSION,
  name,
  seed: 1234,
  repeats: 1,
  model: { preset: 'nano', contextLength: 128, kernels: 'tfjs' },
  train: { optimizer: 'adamw', steps: 400, batchSize: 16, lr: 3e-3, warmupSteps: 40, weightDecay: 0.1, gradClip: 1 },
  eval: { every: 50, tokens: 8192, probesPerFamily: 48, samples: true },
  tokenizer: { kind: 'byte' },
  corpus,
  baseline: DEFAULT_HUB_BASELINE,
  runs,
  ...patch,
});

const sized = (r: Recipe, bytes: number): Recipe => ({ ...r, bytes });

/** A small knowledge base, so a nano model sees each person several times within its budget. */
const bios = (paraphrases: number, extra: Partial<Recipe['biographies']> = {}): Recipe => {
  const r = sized(recipe(paraphrases > 1 ? 'bios-paraphrased' : 'bios-single'), 2_000_000);
  r.biographies = { ...r.biographies, people: 200, paraphrases, shuffle: paraphrases > 1, ...extra };
  return r;
};

export const EXPERIMENT_PRESETS: readonly ExperimentPreset[] = [
  {
    id: 'synthetic-vs-web',
    title: 'Designed data vs web text',
    lesson:
      'Phi-1.5, TinyStories and SYNTH trained small models on designed, synthetic text instead of web crawl. Here two identical models see the same number of tokens: one reads the synthetic corpus, one reads web text. Each is scored on both held-out sets and on the probes the synthetic corpus teaches.',
    expected: 'The synthetic run wins on synthetic bits per byte and probe accuracy; the web run wins on web bits per byte.',
    headline: 'synthetic-vs-web',
    config: () => base('Designed data vs web text', sized(recipe('default-mix'), 4_000_000), [
      { name: 'synthetic', share: 1 },
      { name: 'web', share: 0 },
    ]),
  },
  {
    id: 'tinystories',
    title: 'TinyStories in miniature',
    lesson:
      'Eldan & Li (2023) showed that models under 10M parameters write grammatical stories when trained on simple, designed stories. A sub-1M model trains on the stories family and, with the same budget, on web text; their free samples are checked against the story grammar.',
    expected: 'More of the stories run\'s samples parse under the story grammar, and its held-out stories bpb sits closer to the entropy floor.',
    headline: 'story-grammar',
    config: () => base('TinyStories in miniature', sized(recipe('tinystories'), 4_000_000), [
      { name: 'stories', share: 1 },
      { name: 'web', share: 0 },
    ]),
  },
  {
    id: 'knowledge-paraphrases',
    title: 'Knowledge needs paraphrases',
    lesson:
      'Allen-Zhu & Li (Physics of Language Models 3.1) found that a model stores facts it can retrieve with new questions only when each fact is seen in several phrasings and orders. Two runs read biographies of the same people: one phrasing per fact, or five phrasings in shuffled order.',
    expected: 'The paraphrased run answers more held-out questions about the people than the single-phrasing run.',
    headline: 'probe-gap',
    config: () =>
      base('Knowledge needs paraphrases', bios(1), [
        { name: 'one phrasing', share: 1, recipe: bios(1) },
        { name: 'five phrasings', share: 1, recipe: bios(5) },
      ], { baseline: { kind: 'none' } }),
  },
  {
    id: 'quality-multiplier',
    title: 'Data quality as a token multiplier',
    lesson:
      'Physics of Language Models 3.3 showed that junk text dilutes knowledge learning, and that a domain tag before the useful documents restores much of it; WRAP measured rephrased data as worth about 3× the tokens. Three runs: clean biographies, the same biographies diluted 1:7 in web text, and diluted but tagged.',
    expected: 'Clean reaches a given probe accuracy in the fewest tokens; the tagged run needs fewer tokens than the untagged diluted one.',
    headline: 'tokens-to-accuracy',
    config: () =>
      base('Data quality as a token multiplier', bios(3), [
        { name: 'clean', share: 1, recipe: bios(3) },
        { name: 'diluted 1:7', share: 1, recipe: bios(3, { dilution: 7 }) },
        { name: 'diluted 1:7 + tag', share: 1, recipe: bios(3, { dilution: 7, tag: true }) },
      ]),
  },
  {
    id: 'mixture-sweep',
    title: 'Mixture sweep: 0 to 100% synthetic',
    lesson:
      'Fully synthetic pretraining gave way to synthetic augmentation: most recipes now mix designed data into web text. Five runs share one budget and differ only in the synthetic share.',
    expected: 'Probe accuracy rises with the synthetic share while web bits per byte worsens; the middle of the sweep keeps much of both.',
    headline: 'mixture-curve',
    config: () =>
      base('Mixture sweep', sized(recipe('default-mix'), 4_000_000), [0, 0.25, 0.5, 0.75, 1].map((share) => ({ name: `${share * 100}% synthetic`, share }))),
  },
  {
    id: 'arithmetic',
    title: 'Arithmetic with worked solutions',
    lesson:
      'Multi-step word problems with step-by-step solutions (in the style of iGSM) teach procedures that web text rarely spells out. A synthetic arithmetic run races a web run; probes are new problems, scored by exact final answers and by steps.',
    expected: 'The arithmetic run solves more held-out problems than the web run.',
    headline: 'synthetic-vs-web',
    config: () => base('Arithmetic', sized(recipe('igsm-lite'), 4_000_000), [
      { name: 'arithmetic', share: 1 },
      { name: 'web', share: 0 },
    ]),
  },
];

export function experimentPreset(id: string): ExperimentPreset | undefined {
  return EXPERIMENT_PRESETS.find((p) => p.id === id);
}
