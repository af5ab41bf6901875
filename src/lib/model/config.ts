// Model configuration: the whole architecture in one plain, JSON-serializable object.
// Presets are sized by parameter count for a byte-level vocabulary (257 ids); see paramCount().

export type KernelChoice = 'tfjs' | 'fused';

/**
 * The block's design, separate from its shape (layers × width):
 *   llama — pre-RMSNorm, sequential residual x += Attn(N(x)); x += SwiGLU(N(x)); full rotary; tied
 *           embeddings; no biases (the lab's original block, kept bit for bit).
 *   phi   — the Phi-1.5 block (microsoft/phi-1_5 config.json and modeling_phi): one LayerNorm with bias
 *           feeding attention and MLP in parallel, x + Attn(LN(x)) + MLP(LN(x)); rotary on the first half
 *           of each head's dimensions (partial_rotary_factor 0.5); GELU MLP (hidden_act gelu_new, the tanh
 *           form); biases on q, k, v, the output projection (dense), fc1 and fc2; a final LayerNorm; an
 *           untied output head with a bias (tie_word_embeddings false, lm_head bias=True).
 */
export type ModelStyle = 'llama' | 'phi';
export const MODEL_STYLES: readonly ModelStyle[] = ['llama', 'phi'];

/** A config's style: absent means 'llama', so links and checkpoints from before styles existed load unchanged. */
export const styleOf = (c: { style?: ModelStyle }): ModelStyle => c.style ?? 'llama';

/** Phi-1.5's partial_rotary_factor: the share of each head's dimensions that rotary rotates. */
export const PHI_ROTARY_FRACTION = 0.5;

/** Dimensions per head that rotary rotates: all of them (llama) or the first PHI_ROTARY_FRACTION (phi). */
export function rotaryDim(c: Pick<ModelConfig, 'dModel' | 'nHead' | 'style'>): number {
  const hd = c.dModel / c.nHead;
  return styleOf(c) === 'phi' ? hd * PHI_ROTARY_FRACTION : hd;
}

export interface ModelConfig {
  /** The block's design (absent: 'llama'). */
  style?: ModelStyle;
  /** Token ids are in [0, vocabSize). */
  vocabSize: number;
  /** Longest sequence the model sees (rotary tables are built for this many positions). */
  contextLength: number;
  nLayer: number;
  /** Residual stream width; must be divisible by nHead, and dModel / nHead must be even (rotary pairs). */
  dModel: number;
  nHead: number;
  /** MLP hidden width: SwiGLU's gate and up projections (llama) or GELU's fc1 (phi) are dModel × mlpHidden. */
  mlpHidden: number;
  /** Which implementation of the hot ops (matmul, rmsNorm, attention, crossEntropy) to use. */
  kernels: KernelChoice;
  /** Norm epsilon inside the square root (RMSNorm for llama, LayerNorm for phi). */
  normEps: number;
  /** Rotary base θ: frequencies are θ^(-2i/headDim). */
  ropeBase: number;
  /** Std of the normal init of embeddings and input-side projections. */
  initStd: number;
}

/** Sizes (nano, micro, mini), and two shapes of one size (shallow-wide, deep-narrow). */
export type PresetName = 'nano' | 'micro' | 'mini' | 'shallow-wide' | 'deep-narrow';

/** Fields every preset shares; only the sizes differ. */
const COMMON = { kernels: 'tfjs', normEps: 1e-5, ropeBase: 10000, initStd: 0.02 } as const;

type PresetShape = Pick<ModelConfig, 'nLayer' | 'dModel' | 'nHead' | 'mlpHidden' | 'contextLength'>;

// SwiGLU hidden ≈ 8/3·dModel rounded up to a multiple of 16 keeps the MLP at ~8·d² like a 4·d GELU MLP.
const PRESETS: Record<PresetName, PresetShape> = {
  nano: { nLayer: 4, dModel: 64, nHead: 4, mlpHidden: 176, contextLength: 128 },
  micro: { nLayer: 5, dModel: 128, nHead: 4, mlpHidden: 352, contextLength: 256 },
  mini: { nLayer: 6, dModel: 256, nHead: 8, mlpHidden: 688, contextLength: 256 },
  // Two shapes at one parameter count (84,720 and 84,792 in the llama style with the lab's 512-token BPE,
  // 0.1% apart), small enough for the lab's budgets: Phi-like proportions (few wide layers) and
  // Baguettotron-like ones (five times the layers at half the width; the MLP width evens the count).
  'shallow-wide': { nLayer: 2, dModel: 48, nHead: 2, mlpHidden: 144, contextLength: 64 },
  'deep-narrow': { nLayer: 10, dModel: 24, nHead: 2, mlpHidden: 68, contextLength: 64 },
};

export const PRESET_NAMES: readonly PresetName[] = ['nano', 'micro', 'mini', 'shallow-wide', 'deep-narrow'];

/** The shape fields of a preset (layers, width, heads, MLP width), e.g. to give one run another shape. */
export function presetShape(name: PresetName): Pick<ModelConfig, 'nLayer' | 'dModel' | 'nHead' | 'mlpHidden'> {
  const { nLayer, dModel, nHead, mlpHidden } = PRESETS[name];
  return { nLayer, dModel, nHead, mlpHidden };
}

/** A preset for a given vocabulary; `overrides` replaces any field (e.g. a shorter context for tests). */
export function preset(name: PresetName, vocabSize: number, overrides: Partial<ModelConfig> = {}): ModelConfig {
  return { ...COMMON, ...PRESETS[name], vocabSize, ...overrides };
}

/**
 * Exact number of trainable scalars (params.ts lists the tensors; a test holds the two together).
 * llama:  tied embedding V·d
 *         + per layer: two RMSNorm gains 2·d, Wq Wk Wv Wo 4·d², SwiGLU gate+up+down 3·d·h
 *         + final RMSNorm gain d.   No biases anywhere.
 * phi:    embedding V·d
 *         + per layer: one LayerNorm 2·d, Wq Wk Wv Wo 4·d² and their biases 4·d, fc1 d·h + h, fc2 h·d + d
 *         + final LayerNorm 2·d + untied head V·d and its bias V.
 */
export function paramCount(c: Pick<ModelConfig, 'vocabSize' | 'nLayer' | 'dModel' | 'mlpHidden' | 'style'>): number {
  const d = c.dModel;
  const h = c.mlpHidden;
  const V = c.vocabSize;
  if (styleOf(c) === 'phi') return V * d + c.nLayer * (2 * d + 4 * d * d + 4 * d + d * h + h + h * d + d) + 2 * d + V * d + V;
  return V * d + c.nLayer * (2 * d + 4 * d * d + 3 * d * h) + d;
}

export function headDim(c: Pick<ModelConfig, 'dModel' | 'nHead'>): number {
  return c.dModel / c.nHead;
}

// Upper bounds that keep a config from asking for absurd memory in a browser tab.
const LIMITS = { vocabSize: 1 << 20, contextLength: 1 << 16, nLayer: 256, dModel: 1 << 14, nHead: 1024, mlpHidden: 1 << 16 };

function positiveInt(v: unknown, name: string, max: number, errors: string[]): v is number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    errors.push(`${name} must be a positive integer, got ${describe(v)}`);
    return false;
  }
  if (v > max) {
    errors.push(`${name} must be at most ${max}, got ${v}`);
    return false;
  }
  return true;
}

function positiveFinite(v: unknown, name: string, errors: string[]): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) errors.push(`${name} must be a positive finite number, got ${describe(v)}`);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  return Array.isArray(v) ? 'an array' : `a ${typeof v}`;
}

/**
 * Checks any value (e.g. parsed from a share link) against the ModelConfig contract.
 * Never throws: returns a list of human-readable errors, empty when `value` is a valid ModelConfig.
 */
export function validateModelConfig(value: unknown): string[] {
  const errors: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`model config must be an object, got ${describe(value)}`];
  const c = value as Record<string, unknown>;
  positiveInt(c.vocabSize, 'vocabSize', LIMITS.vocabSize, errors);
  positiveInt(c.contextLength, 'contextLength', LIMITS.contextLength, errors);
  positiveInt(c.nLayer, 'nLayer', LIMITS.nLayer, errors);
  positiveInt(c.mlpHidden, 'mlpHidden', LIMITS.mlpHidden, errors);
  const dOk = positiveInt(c.dModel, 'dModel', LIMITS.dModel, errors);
  const hOk = positiveInt(c.nHead, 'nHead', LIMITS.nHead, errors);
  if (dOk && hOk) {
    const d = c.dModel as number;
    const h = c.nHead as number;
    const phi = c.style === 'phi';
    if (d % h !== 0) errors.push(`dModel (${d}) must be divisible by nHead (${h})`);
    else if ((d / h) % 2 !== 0) errors.push(`head dimension dModel/nHead = ${d / h} must be even for rotary embeddings`);
    else if (phi && (d / h) % 4 !== 0) errors.push(`head dimension dModel/nHead = ${d / h} must be a multiple of 4 for the phi style (rotary pairs half of each head's dimensions)`);
  }
  if (c.style !== undefined && !MODEL_STYLES.includes(c.style as ModelStyle)) errors.push(`style must be one of ${MODEL_STYLES.map((x) => `'${x}'`).join(', ')}, got ${describe(c.style)}`);
  if (c.kernels !== 'tfjs' && c.kernels !== 'fused') errors.push(`kernels must be 'tfjs' or 'fused', got ${describe(c.kernels)}`);
  positiveFinite(c.normEps, 'normEps', errors);
  positiveFinite(c.ropeBase, 'ropeBase', errors);
  positiveFinite(c.initStd, 'initStd', errors);
  return errors;
}

/** Throws one error listing every problem; for code paths that cannot continue with a bad config. */
export function assertModelConfig(value: unknown): asserts value is ModelConfig {
  const errors = validateModelConfig(value);
  if (errors.length > 0) throw new Error(`invalid model config:\n  - ${errors.join('\n  - ')}`);
}
