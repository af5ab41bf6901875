// An experiment: the runs to race, and everything they share (seed, model, budget, tokenizer, eval).
// This object is exactly what a share link carries, so its validator is the lab's front door for
// untrusted input: every field is checked, unknown fields and unknown versions are refused.
import { DEFAULT_HUB_BASELINE as HUB_BASELINE } from '../baseline/hub.ts';
import { validateRecipe, preset as recipePreset, type Recipe } from '../corpus/index.ts';
import { MODEL_STYLES, PRESET_NAMES, preset as modelPreset, type ModelStyle, type PresetName } from '../model/config.ts';
import { bool, external, int, list, literal, num, object, oneOf, str, union, type Result, type Validator } from '../schema/validate.ts';

export const CONFIG_VERSION = 1;

/** Where the web-text baseline comes from; the link carries this reference, never the text. */
export type BaselineRef =
  /**
   * A parquet file of a Hugging Face Hub dataset, at a revision, rows [rowStart, rowEnd). `fingerprint`,
   * when given, is the SHA-256 of the documents (baseline/fingerprint.ts) the experiment was run on: text
   * that loads with another fingerprint is refused, so a link cannot silently train on different text.
   */
  | { kind: 'hub'; dataset: string; revision: string; file: string; column: string; rowStart: number; rowEnd: number; fingerprint?: string }
  /** A file the user dropped in: it cannot travel in a link, so the link records its name and fingerprint. */
  | { kind: 'local'; name: string; fingerprint: string; bytes: number }
  /**
   * Web text shipped with the lab in datasets/ (baseline/sample.ts), pinned by the manifest's SHA-256: the
   * baseline that works offline, and the one the page falls back to when the Hub cannot be reached.
   */
  | { kind: 'sample'; id: 'c4-en-offline-sample' }
  /** No web text: only runs that are 100% synthetic are allowed. */
  | { kind: 'none' };

/**
 * The user's own text as an extra corpus: a local file that, like a local web baseline, cannot travel in
 * a link, so the link records its name, size and fingerprint; the text is supplied when the experiment
 * is prepared. It gets its own held-out set ("extra"), and runs may train on it (RunSpec.extraShare).
 */
export interface ExtraCorpusRef {
  name: string;
  /** fingerprintDocuments of its documents (SHA-256 hex). */
  fingerprint: string;
  /** UTF-8 bytes of its documents. */
  bytes: number;
}

export interface RunSpec {
  name: string;
  /** Share of synthetic text in the run's training stream: 1 = synthetic only, 0 = web only. */
  share: number;
  /** Share of the extra corpus in the run's training stream (default 0); web text fills 1 − share − extraShare. */
  extraShare?: number;
  /** A different synthetic recipe for this run (e.g. paraphrased vs single biographies); default: the experiment's. */
  recipe?: Recipe;
  /**
   * A different model for this run (e.g. deep and narrow vs shallow and wide): style and shape fields that
   * replace the experiment's. Context length and kernels stay shared, so every run sees the same tokens.
   */
  model?: RunModel;
}

/** The model fields a run may set for itself. */
export interface RunModel {
  style?: ModelStyle;
  nLayer?: number;
  dModel?: number;
  nHead?: number;
  mlpHidden?: number;
}

export interface ExperimentConfig {
  v: typeof CONFIG_VERSION;
  name: string;
  /** Seeds the corpus, the initial weights and the data order. */
  seed: number;
  /** Train every run with seeds seed, seed+1, ...: the corpus stays, init and data order change. */
  repeats: number;
  model: {
    preset: PresetName;
    contextLength: number;
    kernels: 'tfjs' | 'fused';
    /** The block's design (model/config.ts ModelStyle); absent: 'llama'. */
    style?: ModelStyle;
    /** Free fields: override the preset's shape (head dimension dModel/nHead must be even). */
    nLayer?: number;
    dModel?: number;
    nHead?: number;
    mlpHidden?: number;
  };
  train: {
    optimizer: 'adamw' | 'muon';
    steps: number;
    batchSize: number;
    lr: number;
    warmupSteps: number;
    weightDecay: number;
    gradClip: number;
    /** Muon's peak learning rate (optimizer "muon" only; default 0.02, see train/config.ts). */
    muonLr?: number;
  };
  eval: {
    /** Evaluate every run every this many steps (and at step 0 and the last step). */
    every: number;
    /** Tokens of each held-out set scored per evaluation (bounded cost). */
    tokens: number;
    /** Probes (and minimal pairs) per family, at most. */
    probesPerFamily: number;
    /** Sample continuations of the fixed prompts at each evaluation. */
    samples: boolean;
  };
  tokenizer: { kind: 'byte' } | { kind: 'bpe'; vocabSize: number };
  /** The synthetic corpus every run draws its synthetic share from. */
  corpus: Recipe;
  baseline: BaselineRef;
  /** The user's own text, as an extra corpus and held-out set (optional). */
  extra?: ExtraCorpusRef;
  runs: RunSpec[];
}

/** Share of web text in a run's training stream. */
export const webShare = (r: RunSpec): number => Math.max(0, 1 - r.share - (r.extraShare ?? 0));
/** Below this, a share is rounding noise (0.7 + 0.3 need not be exactly 1). */
const SHARE_EPSILON = 1e-9;

const recipe: Validator<Recipe> = external((x) => {
  const r = validateRecipe(x);
  return r.ok ? { ok: true, value: r.recipe } : { ok: false, errors: r.errors };
});

const name = str({ maxLength: 80, pattern: /^[^\u0000-\u001f<>]*$/, patternHint: 'plain text without control characters or angle brackets' });
const slug = (max: number) => str({ maxLength: max, pattern: /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, patternHint: 'a dataset path of letters, digits, . _ - /' });

const fingerprint = str({ maxLength: 64, pattern: /^[0-9a-f]{64}$/, patternHint: 'a SHA-256 hex digest' });

const baseline: Validator<BaselineRef> = union<BaselineRef>({
  hub: object({
    kind: literal('hub'),
    dataset: slug(120),
    revision: str({ maxLength: 64, pattern: /^[A-Za-z0-9._-]+$/, patternHint: 'a branch name or commit hash' }),
    file: slug(300),
    column: str({ maxLength: 40, pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, patternHint: 'a column name' }),
    rowStart: int(0, 1e9),
    rowEnd: int(1, 1e9),
    fingerprint,
  }, ['fingerprint']) as Validator<BaselineRef>,
  local: object({
    kind: literal('local'),
    name: name,
    fingerprint,
    bytes: int(1, 1e10),
  }) as Validator<BaselineRef>,
  sample: object({ kind: literal('sample'), id: literal('c4-en-offline-sample') }) as Validator<BaselineRef>,
  none: object({ kind: literal('none') }) as Validator<BaselineRef>,
});

const SHAPE = { nLayer: int(1, 24), dModel: int(8, 1024), nHead: int(1, 32), mlpHidden: int(8, 4096) };
const SHAPE_FIELDS = ['nLayer', 'dModel', 'nHead', 'mlpHidden'] as const;
const style = oneOf(MODEL_STYLES);
const runModel: Validator<RunModel> = object({ style, ...SHAPE }, ['style', ...SHAPE_FIELDS]);

const runSpec: Validator<RunSpec> = object({ name, share: num({ min: 0, max: 1 }), extraShare: num({ min: 0, max: 1 }), recipe, model: runModel }, ['recipe', 'extraShare', 'model']) as Validator<RunSpec>;

const extraCorpus: Validator<ExtraCorpusRef> = object({ name, fingerprint, bytes: int(1, 1e10) });

const tokenizer = union<ExperimentConfig['tokenizer']>({
  byte: object({ kind: literal('byte') }) as Validator<ExperimentConfig['tokenizer']>,
  bpe: object({ kind: literal('bpe'), vocabSize: int(512, 8192) }) as Validator<ExperimentConfig['tokenizer']>,
});

const shape = object({
  v: literal(CONFIG_VERSION),
  name,
  seed: int(0, 2 ** 31 - 1),
  repeats: int(1, 5),
  model: object(
    { preset: oneOf(PRESET_NAMES), contextLength: int(8, 1024), kernels: oneOf(['tfjs', 'fused'] as const), style, ...SHAPE },
    ['style', ...SHAPE_FIELDS],
  ),
  train: object({
    optimizer: oneOf(['adamw', 'muon'] as const),
    steps: int(1, 200_000),
    batchSize: int(1, 512),
    lr: num({ min: 1e-6, max: 1 }),
    warmupSteps: int(0, 100_000),
    weightDecay: num({ min: 0, max: 1 }),
    gradClip: num({ min: 0, max: 1000 }),
    muonLr: num({ min: 1e-5, max: 1 }),
  }, ['muonLr']),
  eval: object({ every: int(1, 100_000), tokens: int(64, 2_000_000), probesPerFamily: int(0, 1000), samples: bool }),
  tokenizer,
  corpus: recipe,
  baseline,
  extra: extraCorpus,
  runs: list(runSpec, { min: 1, max: 8 }),
}, ['extra']);

/** Rules that span fields, after each field is valid on its own. */
function crossChecks(c: ExperimentConfig): string[] {
  const errors: string[] = [];
  c.runs.forEach((r, i) => {
    const extra = r.extraShare ?? 0;
    if (r.share + extra > 1 + SHARE_EPSILON) errors.push(`runs[${i}].extraShare: run "${r.name}" has synthetic share ${r.share} + extra share ${extra} > 1`);
    if (extra > 0 && !c.extra) errors.push(`runs[${i}].extraShare: run "${r.name}" trains on the extra corpus, but the experiment has none ("extra")`);
    if (c.baseline.kind === 'none' && webShare(r) > SHARE_EPSILON) {
      errors.push(`runs[${i}].share: run "${r.name}" needs web text (share ${r.share}${extra ? ` + extra ${extra}` : ''} < 1), but the baseline is "none"`);
    }
  });
  if (c.baseline.kind === 'hub' && c.baseline.rowEnd <= c.baseline.rowStart) errors.push('baseline.rowEnd: must be greater than rowStart');
  const names = new Set<string>();
  for (const r of c.runs) {
    if (names.has(r.name)) errors.push(`runs: two runs are named "${r.name}"`);
    names.add(r.name);
  }
  const headProblem = (where: string, m: RunModel): string | null => {
    const dm = m.dModel ?? c.model.dModel ?? modelPreset(c.model.preset, 257).dModel;
    const nh = m.nHead ?? c.model.nHead ?? modelPreset(c.model.preset, 257).nHead;
    const phi = (m.style ?? c.model.style) === 'phi';
    if (dm % nh !== 0 || (dm / nh) % 2 !== 0) return `${where}: width ${dm} must split into ${nh} heads of even size (rotary embeddings pair dimensions)`;
    if (phi && (dm / nh) % 4 !== 0) return `${where}: width ${dm} must split into ${nh} heads whose size is a multiple of 4 for the phi style (rotary pairs half of each head)`;
    return null;
  };
  const problems = [headProblem('model', {}), ...c.runs.map((r, i) => (r.model ? headProblem(`runs[${i}].model`, r.model) : null))];
  for (const p of new Set(problems)) if (p) errors.push(p);
  if (c.train.muonLr !== undefined && c.train.optimizer !== 'muon') errors.push(`train.muonLr: only the "muon" optimizer uses it (this experiment uses "${c.train.optimizer}")`);
  if (c.train.warmupSteps > c.train.steps) errors.push(`train.warmupSteps: ${c.train.warmupSteps} is more than the ${c.train.steps} training steps`);
  return errors;
}

/** Validates untrusted input (a decoded link, an imported JSON file) into an ExperimentConfig. Never throws. */
export function validateExperimentConfig(input: unknown): Result<ExperimentConfig> {
  if (input !== null && typeof input === 'object' && 'v' in input && (input as { v: unknown }).v !== CONFIG_VERSION) {
    const v = (input as { v: unknown }).v;
    return {
      ok: false,
      errors: [typeof v === 'number' && v > CONFIG_VERSION ? `v: this link was made by a newer synthlab (format ${v}); this lab reads format ${CONFIG_VERSION}` : `v: unknown format version ${JSON.stringify(v)?.slice(0, 20)}`],
    };
  }
  let r: Result<ExperimentConfig>;
  try {
    r = shape(input, '') as Result<ExperimentConfig>;
  } catch (e) {
    // Getters or proxies in hand-made objects can throw; links never contain them, but imports might.
    return { ok: false, errors: [`config could not be read: ${e instanceof Error ? e.message : String(e)}`] };
  }
  if (!r.ok) return r;
  const cross = crossChecks(r.value);
  return cross.length ? { ok: false, errors: cross } : r;
}

/** Tokens each run trains on: identical across runs by construction (the fair budget). */
export function tokenBudget(c: ExperimentConfig): number {
  return c.train.steps * c.train.batchSize * c.model.contextLength;
}

/** The default web baseline (FineWeb-Edu rows 0..2000; baseline/hub.ts says why). */
export const DEFAULT_HUB_BASELINE: BaselineRef = HUB_BASELINE;

/** The default experiment: synthetic-only vs web-only, nano model, a few minutes on a laptop GPU. */
export function defaultExperiment(): ExperimentConfig {
  return {
    v: CONFIG_VERSION,
    name: 'Synthetic vs web',
    seed: 1234,
    repeats: 1,
    model: { preset: 'nano', contextLength: 128, kernels: 'tfjs' },
    train: { optimizer: 'adamw', steps: 400, batchSize: 16, lr: 3e-3, warmupSteps: 40, weightDecay: 0.1, gradClip: 1 },
    eval: { every: 50, tokens: 8192, probesPerFamily: 48, samples: true },
    tokenizer: { kind: 'byte' },
    corpus: { ...recipePreset('default-mix'), bytes: 4_000_000 },
    baseline: DEFAULT_HUB_BASELINE,
    runs: [
      { name: 'synthetic', share: 1 },
      { name: 'web', share: 0 },
    ],
  };
}
