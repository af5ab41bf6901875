// Experiments that teach: each preset reproduces a published result in miniature, states its seed, budget
// and expected direction, and names the headline readout that checks it (headline.ts). Every preset has
// two budgets: the full one the lab runs, and a reduced one that a cpu test runs to check that the
// expected direction really appears (tests/unit/preset-direction.test.ts). Measured figures for both are
// in docs/presets.md.
import { preset as recipe, type Recipe } from '../corpus/index.ts';
import { presetShape } from '../model/config.ts';
import { CONFIG_VERSION, DEFAULT_HUB_BASELINE, tokenBudget, type BaselineRef, type ExperimentConfig, type RunSpec } from './config.ts';
import type { CheckId, HeadlineKind } from './headline.ts';
import { modelSummary, runModelSummaries, type ModelSummary } from './derived-configs.ts';
import { canonicalJson } from './fingerprint.ts';
import { vocabSizeOf } from '../tokenizer/index.ts';
import { longerBudget } from './estimate.ts';

export type { HeadlineKind };

/** Everything a preset's budget decides: model size, training length, evaluation, tokenizer, corpus size. */
export interface Budget {
  model: ExperimentConfig['model'];
  train: ExperimentConfig['train'];
  eval: ExperimentConfig['eval'];
  tokenizer: ExperimentConfig['tokenizer'];
  /** Bytes of synthetic text generated for each recipe (the stream each run draws its windows from). */
  bytes: number;
}

export interface ExperimentPreset {
  id: string;
  title: string;
  /** What the experiment shows and where it comes from. */
  about: string;
  /** The lesson panel's text: `about`, then the preset's seed and budget. */
  lesson: string;
  /** The expected direction of the effect, in words; the headline readout checks it and says whether it appeared. */
  expected: string;
  headline: HeadlineKind;
  seed: number;
  budgets: { full: Budget; test: Budget };
  /**
   * The headline checks the reduced budget shows on the cpu backend (measured, see docs/presets.md); the
   * direction test asserts exactly these. The others need more training than a test can afford.
   */
  testShows: readonly CheckId[];
  /** The experiment at its full budget (what the lab loads). */
  config: () => ExperimentConfig;
  /** The same experiment at the reduced budget the cpu direction test runs. */
  testConfig: () => ExperimentConfig;
}

const SEED = 1234;

interface Definition {
  id: string;
  title: string;
  lesson: string;
  expected: string;
  headline: HeadlineKind;
  budgets: { full: Budget; test: Budget };
  testShows: readonly CheckId[];
  /** The experiment for a budget: its corpus and runs (the budget fills in everything else). */
  build: (b: Budget) => { name: string; corpus: Recipe; runs: RunSpec[]; baseline: BaselineRef };
}

function experiment(d: Definition, b: Budget): ExperimentConfig {
  const e = d.build(b);
  return { v: CONFIG_VERSION, name: e.name, seed: SEED, repeats: 1, model: { ...b.model }, train: { ...b.train }, eval: { ...b.eval }, tokenizer: { ...b.tokenizer }, corpus: e.corpus, baseline: e.baseline, runs: e.runs };
}

const thousands = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : `${Math.round(n / 1e3)}k`);

/** "Seed 1234. Budget: each run trains on 400 steps × 16 sequences × 128 tokens = 819k tokens; model: ..." */
export function budgetText(c: ExperimentConfig): string {
  const vocab = vocabSizeOf(c.tokenizer);
  const tok = c.tokenizer.kind === 'byte' ? 'byte-level tokens' : `a ${c.tokenizer.vocabSize}-token BPE`;
  const shape = (m: ModelSummary) => `a ${m.nLayer}-layer, width-${m.dModel}${m.style === 'phi' ? ' phi-style' : ''} model of ${thousands(m.parameters)} parameters`;
  const perRun = runModelSummaries(c, vocab);
  const models = perRun ? perRun.map((r) => `${shape(r.model)} ("${r.run}")`).join(' and ') : shape(modelSummary(c, vocab));
  return (
    `Seed ${c.seed}. Budget: each run trains on ${c.train.steps} steps × ${c.train.batchSize} sequences × ${c.model.contextLength} tokens = ${thousands(tokenBudget(c))} tokens ` +
    `(${tok}), ${models}, evaluated every ${c.eval.every} steps.`
  );
}

function define(d: Definition): ExperimentPreset {
  const config = () => experiment(d, d.budgets.full);
  return {
    id: d.id,
    title: d.title,
    about: d.lesson,
    lesson: `${d.lesson} ${budgetText(config())}`,
    expected: d.expected,
    headline: d.headline,
    seed: SEED,
    budgets: d.budgets,
    testShows: d.testShows,
    config,
    testConfig: () => experiment(d, d.budgets.test),
  };
}

const sized = (r: Recipe, bytes: number): Recipe => ({ ...r, bytes });

// ---------------------------------------------------------------------------------------------------
// Budgets. The reduced ones run on the tfjs cpu backend in about a minute or two on two cores; the full
// ones in minutes on a laptop GPU (and in tens of minutes on that cpu: see docs/presets.md).

const adamw = (steps: number, batchSize: number, lr: number, warmupSteps: number): ExperimentConfig['train'] => ({ optimizer: 'adamw', steps, batchSize, lr, warmupSteps, weightDecay: 0.1, gradClip: 1 });
/** Our fused WGSL kernels where the device has WebGPU (the lab falls back to stock tfjs ops elsewhere, and says so). */
const tiny = (contextLength: number, nLayer: number, dModel: number, nHead: number, mlpHidden: number): ExperimentConfig['model'] => ({ preset: 'nano', contextLength, kernels: 'fused', nLayer, dModel, nHead, mlpHidden });
const BPE: ExperimentConfig['tokenizer'] = { kind: 'bpe', vocabSize: 512 };

const evaluation = (every: number, tokens: number, probesPerFamily: number, samples: boolean): ExperimentConfig['eval'] => ({ every, tokens, probesPerFamily, samples });

/** The full budget: minutes on a laptop GPU; on the tfjs cpu backend about ten minutes per run, most of it evaluation. */
const FULL: Budget = { model: tiny(64, 2, 32, 2, 96), train: adamw(300, 16, 1e-2, 20), eval: evaluation(60, 2048, 24, true), tokenizer: BPE, bytes: 2_000_000 };
/** Reduced budgets share one small model: a minute or two per preset on the cpu backend. */
const small = (contextLength: number, steps: number, every: number, probesPerFamily: number, lr = 2e-2): Budget => ({
  model: tiny(contextLength, 1, 32, 2, 64),
  train: adamw(steps, 8, lr, 10),
  eval: evaluation(every, 512, probesPerFamily, false),
  tokenizer: BPE,
  bytes: 300_000,
});

/** A small world (10 people, 3 stated facts, 8 values per attribute) so a small model sees each person often. */
const bios = (b: Budget, over: Partial<Recipe['biographies']>): Recipe => {
  const r = sized(recipe('bios-single'), b.bytes);
  r.biographies = { ...r.biographies, people: 10, attributes: 3, values: 8, paraphrases: 1, shuffle: false, fullName: true, ...over };
  return r;
};
const BIOS_FULL: Budget = { ...FULL, model: tiny(32, 2, 32, 2, 96), train: adamw(600, 16, 1e-2, 20), eval: evaluation(100, 2048, 30, true), bytes: 600_000 };
/** The data-quality race: three times the steps, so that a run that reads biographies a third of the time can reach the level at all. */
const QUALITY_FULL: Budget = { ...BIOS_FULL, train: adamw(1800, 16, 1e-2, 20), eval: evaluation(150, 2048, 30, true) };

/**
 * The designed corpus of the designed-vs-web and mixture presets: the default mix of the four families
 * with worlds small enough that the model can learn their probes within the budget (thirty people,
 * sixteen concepts, an arithmetic ladder whose problems end in their answer), so that the probes measure
 * what the designed text teaches and web text cannot. With the default mix's 1,000 people and multi-step
 * worked solutions the synthetic run stayed near chance; with ten people it memorised their names and
 * lost to web text on the held-out biographies, which are of new people (docs/presets.md, "what we tried").
 */
function teachableMix(bytes: number): Recipe {
  const r = sized(recipe('default-mix'), bytes);
  r.weights = { stories: 0.3, biographies: 0.3, arithmetic: 0.2, textbook: 0.2 };
  r.biographies = { ...r.biographies, people: 30, attributes: 3, values: 8, paraphrases: 5, shuffle: true };
  r.textbook = { ...r.textbook, concepts: 16, properties: 8 };
  r.arithmetic = { ...r.arithmetic, ladder: true, trace: false, maxSteps: 1 };
  return r;
}
/** Designed vs web and the mixture sweep: a width-48 model (85k parameters) for 600 steps. */
const MIX_FULL: Budget = { ...FULL, model: tiny(64, 2, 48, 2, 144), train: adamw(600, 16, 1e-2, 20), eval: evaluation(100, 2048, 30, true) };

/**
 * Depth vs width: the model/config.ts shapes 'shallow-wide' (2 × 48) and 'deep-narrow' (10 × 24), equal
 * in parameters, on the teachable mix (four families, so the readout shows each family), 600 steps.
 */
const SHAPES_FULL: Budget = { ...MIX_FULL, model: { preset: 'shallow-wide', contextLength: 64, kernels: 'fused' } };

/** The arithmetic family alone, on its ladder of difficulty, each problem ending in its answer (multi-step: 2 or 3 steps, which fit 64 tokens; 4 did not). */
function arithmeticLadder(bytes: number): Recipe {
  const r = sized(recipe('igsm-lite'), bytes);
  r.arithmetic = { ...r.arithmetic, ladder: true, trace: false, maxSteps: 3 };
  return r;
}

const SHARES = [0, 0.25, 0.5, 0.75, 1];

const DEFINITIONS: Definition[] = [
  {
    id: 'synthetic-vs-web',
    title: 'Designed data vs web text',
    lesson:
      'Phi-1.5, TinyStories and SYNTH trained small models on designed, synthetic text instead of web crawl. Here two identical models see the same number of tokens: one reads the synthetic corpus, one reads web text. Each is scored on both held-out sets and on the probes the synthetic corpus teaches; the readout also races them: how many tokens one run needs to reach the other\'s final level.',
    expected: 'The synthetic run wins on synthetic bits per byte and probe accuracy; the web run wins on web bits per byte.',
    headline: 'synthetic-vs-web',
    // The reduced budget keeps the standard context: story cloze prompts need 64 tokens.
    budgets: { full: MIX_FULL, test: small(64, 100, 50, 8) },
    testShows: ['synthetic-bpb', 'web-bpb'],
    build: (b) => ({ name: 'Designed data vs web text', corpus: teachableMix(b.bytes), baseline: DEFAULT_HUB_BASELINE, runs: [{ name: 'synthetic', share: 1 }, { name: 'web', share: 0 }] }),
  },
  {
    id: 'tinystories',
    title: 'TinyStories in miniature',
    lesson:
      'Eldan & Li (2023) showed that models under 10M parameters write grammatical stories when trained on simple, designed stories. A model of well under 1M parameters trains on the stories family and, with the same budget, on web text; every sentence of their free samples is checked against the story grammar: is it a sentence the grammar can produce, and does it agree with the story so far (characters introduced before they act, the right pronouns, who holds what)?',
    expected: "More of the stories run's sampled sentences are grammatical under the story grammar and state facts consistent with the story so far, and its held-out stories bpb sits closer to the entropy floor.",
    headline: 'story-grammar',
    budgets: { full: FULL, test: small(48, 60, 60, 4) },
    testShows: ['floor-gap'],
    build: (b) => ({ name: 'TinyStories in miniature', corpus: sized(recipe('tinystories'), b.bytes), baseline: DEFAULT_HUB_BASELINE, runs: [{ name: 'stories', share: 1 }, { name: 'web', share: 0 }] }),
  },
  {
    id: 'knowledge-paraphrases',
    title: 'Knowledge needs paraphrases',
    lesson:
      'Allen-Zhu & Li (Physics of Language Models 3.1) found that a model can answer questions about facts it read only when each fact was seen in several phrasings and orders (with the full name): a biography always written the same way is memorized as a sequence, each fact keyed by the text before it, not by the person. Two runs read biographies of the same 10 people: one fixed phrasing and order that names the person once, or five phrasings in shuffled orders that name the person in every sentence. The probes are cloze sentences in a phrasing no biography uses ("NAME\'s childhood was spent in …"): the model ranks the true value among the others.',
    expected: 'The paraphrased run answers more held-out questions about the people than the single-phrasing run.',
    headline: 'probe-gap',
    // Facts stored under the name take about 200 steps to show: at 90 steps (lr 1e-2) the two runs tied.
    budgets: { full: BIOS_FULL, test: small(32, 200, 100, 30, 2e-2) },
    testShows: ['paraphrase-gap'],
    build: (b) => ({
      name: 'Knowledge needs paraphrases',
      corpus: bios(b, {}),
      baseline: { kind: 'none' },
      runs: [
        { name: 'one phrasing', share: 1, recipe: bios(b, { fullName: false }) },
        { name: 'five phrasings', share: 1, recipe: bios(b, { paraphrases: 5, shuffle: true }) },
      ],
    }),
  },
  {
    id: 'quality-multiplier',
    title: 'Data quality as a token multiplier',
    lesson:
      'Physics of Language Models 3.3 showed that junk text dilutes knowledge learning, and that a domain tag on the useful documents restores much of it; WRAP measured rephrased data as worth about 3× the tokens. Three runs read biographies of the same ten people: clean; diluted 1:2 in web text (two bytes of web text for each byte of biography); and diluted but tagged, a one-character tag before every sentence of every biography, so that even this model\'s 32-token context always holds the tag beside the fact it is reading. The readout gives the tokens each run needs to reach the same probe accuracy. The tag was not enough before each biography alone, nor as a five-character word (docs/presets.md says what was tried).',
    expected: 'Clean reaches a given probe accuracy in the fewest tokens; the tagged run needs fewer tokens than the untagged diluted one.',
    headline: 'tokens-to-accuracy',
    // 1,800 steps: at 600 neither diluted run learned anything on any seed; at 1,200 the tagged run was
    // ahead on every seed tried but reached the level on one of two (docs/presets.md). Probes held out in
    // phrasing need facts stored under the name: at 90 steps of the reduced model the clean run stays at chance.
    budgets: { full: QUALITY_FULL, test: small(32, 200, 100, 30, 2e-2) },
    testShows: ['clean-faster'],
    build: (b) => {
      const clean = bios(b, { paraphrases: 3, shuffle: true });
      const diluted = { paraphrases: 3, shuffle: true, dilution: 2 };
      return {
        name: 'Data quality as a token multiplier',
        corpus: clean,
        baseline: DEFAULT_HUB_BASELINE,
        runs: [
          { name: 'clean', share: 1, recipe: clean },
          { name: 'diluted 1:2', share: 1, recipe: bios(b, diluted) },
          { name: 'diluted 1:2 + tag', share: 1, recipe: bios(b, { ...diluted, tag: true, tagToken: true, tagEvery: 'sentence' }) },
        ],
      };
    },
  },
  {
    id: 'mixture-sweep',
    title: 'Mixture sweep: 0 to 100% synthetic',
    lesson:
      'Fully synthetic pretraining gave way to synthetic augmentation: most recipes now mix designed data into web text. Here the designed data is the knowledge lesson\'s world: biographies of ten people in five phrasings. Five runs share one budget and differ only in the synthetic share; the readout plots final web bits per byte and probe accuracy (questions about the ten people, in a phrasing no biography uses) against the share.',
    expected: 'Probe accuracy rises with the synthetic share while web bits per byte worsens; the middle of the sweep keeps much of both.',
    headline: 'mixture-curve',
    // The knowledge lesson's world and budget: with the four-family mix at the small model's 300 steps, no
    // family's probes rose from chance at any share (docs/presets.md, "what we tried").
    budgets: { full: BIOS_FULL, test: small(32, 100, 50, 30) },
    testShows: ['web-bpb-worsens'],
    build: (b) => ({ name: 'Mixture sweep', corpus: bios(b, { paraphrases: 5, shuffle: true }), baseline: DEFAULT_HUB_BASELINE, runs: SHARES.map((share) => ({ name: `${share * 100}% synthetic`, share })) }),
  },
  {
    id: 'depth-vs-width',
    title: 'Deep and narrow vs shallow and wide',
    lesson:
      'Phi-1.5 put 1.3B parameters in 24 wide layers; Pleias\' Baguettotron puts 321M in 80 narrow ones ("the deepest small model"), trained entirely on synthetic data, and Pleias report that depth is what lets so small a model reason. MobileLLM (Liu et al., 2024) found the same below a billion parameters: at equal size, deeper and thinner models did better. Here two models of the same parameter count read the same designed corpus for the same tokens: one with 2 layers of width 48 (Phi-like proportions), one with 10 layers of width 24 (Baguettotron-like). The readout scores each family\'s held-out text and probes separately. Measured on three seeds, depth does not pay at this size: the wide model reads the stories with fewer bits per byte every time, neither shape answers the probes clearly better (both stay near chance), and the deep model\'s training step takes about twice as long (ten small layers are many more GPU dispatches). The papers\' effect is at a thousand times these sizes and budgets.',
    expected: 'The shallow and wide model reads the held-out stories with fewer bits per byte: depth does not pay at this size.',
    headline: 'shape-race',
    budgets: { full: SHAPES_FULL, test: { ...small(64, 100, 50, 8), model: { preset: 'shallow-wide', contextLength: 64, kernels: 'fused' } } },
    testShows: [],
    build: (b) => ({
      name: 'Deep and narrow vs shallow and wide',
      corpus: teachableMix(b.bytes),
      baseline: { kind: 'none' },
      runs: [
        { name: 'shallow and wide', share: 1 },
        { name: 'deep and narrow', share: 1, model: presetShape('deep-narrow') },
      ],
    }),
  },
  {
    id: 'arithmetic',
    title: 'Arithmetic, rung by rung',
    lesson:
      'Word problems in the style of iGSM teach procedures that web text rarely spells out. Here they climb a ladder: one-digit sums, two-digit sums without and with a carry, then multi-step problems. An arithmetic run races a web run; the probes are new problems on every rung, scored by their final answers, with accuracy per rung. At this size the climb starts at the bottom: the lowest rung is learned first, the carry and multi-step rungs stay out of reach (with worked solutions too: see docs/presets.md).',
    expected: 'The arithmetic run solves more held-out problems than the web run, starting on the lowest rung.',
    headline: 'synthetic-vs-web',
    // Problems end in their answers (no worked solution), so every rung fits the 64-token context; 48
    // probes (12 a rung) so that one problem is not the whole margin. 600 steps of the small model:
    // measured on three seeds, 0.067–0.089 of the problems solved against 0 for the web run.
    budgets: { full: { ...FULL, train: adamw(600, 16, 1e-2, 20), eval: evaluation(300, 2048, 48, true) }, test: small(64, 100, 50, 16) },
    testShows: [],
    build: (b) => ({ name: 'Arithmetic', corpus: arithmeticLadder(b.bytes), baseline: DEFAULT_HUB_BASELINE, runs: [{ name: 'arithmetic', share: 1 }, { name: 'web', share: 0 }] }),
  },
];

export const EXPERIMENT_PRESETS: readonly ExperimentPreset[] = DEFINITIONS.map(define);

/**
 * The budgets the lab offers for a preset: `standard` (what it loads, the one docs/lessons-report.json
 * verifies) and `long`, 4× the steps for a device fast enough to afford it (SetupPanel offers it when the
 * measured estimate is short). Either way the headline judges the results that ran.
 */
export const LAB_BUDGETS = { standard: 1, long: 4 } as const;
export type LabBudget = keyof typeof LAB_BUDGETS;

/** The preset's experiment at a lab budget. */
export function presetAtBudget(p: ExperimentPreset, budget: LabBudget): ExperimentConfig {
  return budget === 'standard' ? p.config() : longerBudget(p.config(), LAB_BUDGETS[budget]);
}

/** Which of the lab's budgets of the preset `config` is, unchanged; null when it is edited. */
export function presetBudgetOf(p: ExperimentPreset, config: ExperimentConfig): LabBudget | null {
  const c = canonicalJson(config);
  // A preset racing the shipped sample instead of the Hub's web text (offline) is still the preset.
  const atBudget = (b: LabBudget): ExperimentConfig => {
    const e = presetAtBudget(p, b);
    return config.baseline.kind === 'sample' && e.baseline.kind === 'hub' ? { ...e, baseline: config.baseline } : e;
  };
  return (Object.keys(LAB_BUDGETS) as LabBudget[]).find((b) => canonicalJson(atBudget(b)) === c) ?? null;
}

/** True when `config` is the preset's experiment at one of the lab's budgets, unchanged. */
export function matchesPreset(p: ExperimentPreset, config: ExperimentConfig): boolean {
  return presetBudgetOf(p, config) !== null;
}

export function experimentPreset(id: string): ExperimentPreset | undefined {
  return EXPERIMENT_PRESETS.find((p) => p.id === id);
}
