// The transformer: a decoder-only model in the style of today's small LMs, in miniature, in two styles
// (config.ts ModelStyle):
//   llama  tokens → tied embedding → nLayer × [x += Attn(RMSNorm(x)); x += SwiGLU(RMSNorm(x))] → RMSNorm → ·Eᵀ
//   phi    tokens → embedding → nLayer × [x = x + Attn(LN(x)) + GELU-MLP(LN(x))] → LN → head (+ bias)
// Attention is causal multi-head with rotary positions on q and k (phi: on half of each head). No dropout.
// All activations are kept 2-D [B·T, d] between blocks; only attention reshapes to [B, H, T, hd].
// Every function here creates tensors freely: callers run them inside tf.tidy (or tf.variableGrads).
import * as tf from '@tensorflow/tfjs';
import { assertModelConfig, rotaryDim, styleOf, type ModelConfig } from './config.ts';
import { attentionProbs, modelOpsFor, oneHotF32, type ModelOps } from './ops.ts';
import { createParams, type Param } from './params.ts';
import { applyRope, ropeTables, ropeTensors, type RopeTables, type RopeTensors } from './rope.ts';
import type { Seed } from './prng.ts';

export interface Model {
  readonly config: ModelConfig;
  /** Parameters in the fixed order of paramSpecs(config). */
  readonly params: readonly Param[];
  readonly ops: ModelOps;
  readonly rope: RopeTables;
  /** The rotary tables as device tensors by sequence length, uploaded on first use and kept until
   *  disposeModel: uploading them every forward pass cost two buffers a training step. */
  readonly ropeByLength: Map<number, RopeTensors>;
  /** Variables by parameter name. */
  readonly v: ReadonlyMap<string, tf.Variable>;
}

/** Builds a model with seeded init, or with `values` from a checkpoint. Throws on an invalid config. */
export function createModel(config: ModelConfig, seed: Seed, values?: Readonly<Record<string, Float32Array>>): Model {
  assertModelConfig(config);
  const params = createParams(config, seed, values);
  return {
    config,
    params,
    ops: modelOpsFor(config.kernels),
    rope: ropeTables(config.contextLength, rotaryDim(config), config.ropeBase),
    ropeByLength: new Map(),
    v: new Map(params.map((p) => [p.name, p.variable])),
  };
}

export function disposeModel(model: Model): void {
  for (const p of model.params) p.variable.dispose();
  for (const r of model.ropeByLength.values()) tf.dispose([r.cos, r.sin]);
  model.ropeByLength.clear();
}

/** Tensors the model keeps besides its parameters (the rotary tables it has uploaded): not a leak. */
export function cachedTensorCount(model: Model): number {
  return 2 * model.ropeByLength.size;
}

/** Copies every parameter to the CPU (a readback: for checkpoints, not for the training loop). */
export async function modelValues(model: Model): Promise<Record<string, Float32Array>> {
  // Asynchronous reads only: synchronous GPU readback is slow on WebGPU and unavailable in Node's Dawn.
  const values = await Promise.all(model.params.map((p) => p.variable.data() as Promise<Float32Array>));
  const out: Record<string, Float32Array> = {};
  model.params.forEach((p, i) => (out[p.name] = values[i].slice())); // copy: cpu backends may hand out their own storage
  return out;
}

function w2(model: Model, name: string): tf.Tensor2D {
  const t = model.v.get(name);
  if (!t) throw new Error(`model has no parameter ${name}`);
  return t as tf.Tensor2D;
}
function w1(model: Model, name: string): tf.Tensor1D {
  return w2(model, name) as unknown as tf.Tensor1D;
}

/**
 * Embedding lookup as a gather, with a hand-written gradient dE = onehot(ids)ᵀ · dy (or the ops' own).
 * Why: tfjs differentiates gather through UnsortedSegmentSum, which on the cpu backend loops over the
 * whole vocabulary with a full-size temporary per id; a single matmul is faster everywhere.
 */
function embed(ops: ModelOps, table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  const vocab = table.shape[0];
  const f = tf.customGrad<tf.Tensor2D>((...args) => {
    const [tableIn, idsIn] = args as [tf.Tensor2D, tf.Tensor1D];
    return {
      value: tf.gather(tableIn, idsIn),
      gradFunc: (dy: tf.Tensor2D) => [
        ops.embeddingGrad ? ops.embeddingGrad(idsIn, dy, vocab) : tf.matMul(oneHotF32(idsIn, vocab), dy, true, false),
        tf.zerosLike(idsIn),
      ],
    };
  });
  return f(table, ids);
}

/** [B·T, d] → [B, H, T, hd] */
function splitHeads(x: tf.Tensor2D, b: number, t: number, h: number): tf.Tensor4D {
  return tf.transpose(tf.reshape(x, [b, t, h, x.shape[1] / h]), [0, 2, 1, 3]);
}
/** [B, H, T, hd] → [B·T, d] */
function mergeHeads(x: tf.Tensor4D): tf.Tensor2D {
  const [b, h, t, hd] = x.shape;
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [b * t, h * hd]);
}

type Rope = RopeTensors;

/** The model's rotary tables for length t, kept across calls (see Model.ropeByLength). */
function ropeFor(model: Model, t: number): Rope {
  let r = model.ropeByLength.get(t);
  if (!r) {
    const fresh = ropeTensors(model.rope, t);
    r = { cos: tf.keep(fresh.cos), sin: tf.keep(fresh.sin) };
    model.ropeByLength.set(t, r);
  }
  return r;
}

type Keep = (probs: tf.Tensor4D) => void;

/** x·W (+ bias, when the style has one). */
function project(model: Model, x: tf.Tensor2D, weight: string, bias?: string): tf.Tensor2D {
  const y = model.ops.matmul(x, w2(model, weight));
  return bias ? tf.add(y, w1(model, bias)) : y;
}

/**
 * Causal self-attention over the normalised input h. With `keep`, the attention probabilities are
 * computed with stock ops (the fused kernel never materialises them) and handed to `keep` [B, H, T, T]
 * before they weight the values: the same function, so the pattern shown is the one the model uses.
 */
function attend(model: Model, l: number, h: tf.Tensor2D, b: number, t: number, rope: Rope, keep?: Keep): tf.Tensor2D {
  const { ops, config: c } = model;
  const p = `layers.${l}.attn`;
  const bias = styleOf(c) === 'phi';
  const rotate = ops.rope ?? applyRope;
  // Split into heads and rotate: one pass where the kernels can (no transpose of q or k either way).
  const rotated = (x: tf.Tensor2D) => (ops.ropeHeads ? ops.ropeHeads(x, b, t, c.nHead, rope) : rotate(splitHeads(x, b, t, c.nHead), rope));
  const q = rotated(project(model, h, `${p}.wq`, bias ? `${p}.bq` : undefined));
  const k = rotated(project(model, h, `${p}.wk`, bias ? `${p}.bk` : undefined));
  const v = splitHeads(project(model, h, `${p}.wv`, bias ? `${p}.bv` : undefined), b, t, c.nHead);
  let heads: tf.Tensor4D;
  if (keep) {
    const probs = attentionProbs(q, k);
    keep(probs);
    heads = tf.matMul(probs, v);
  } else heads = ops.attention(q, k, v);
  return project(model, mergeHeads(heads), `${p}.wo`, bias ? `${p}.bo` : undefined);
}

/** llama: x + Attn(RMSNorm(x)), then + SwiGLU(RMSNorm(·)), each sublayer with its own norm. */
function llamaBlock(model: Model, l: number, x: tf.Tensor2D, b: number, t: number, rope: Rope, keep?: Keep): tf.Tensor2D {
  const { ops, config: c } = model;
  const p = `layers.${l}`;
  x = tf.add(x, attend(model, l, ops.rmsNorm(x, w1(model, `${p}.attnNorm`), c.normEps), b, t, rope, keep));
  const h = ops.rmsNorm(x, w1(model, `${p}.mlpNorm`), c.normEps);
  const gate = ops.matmul(h, w2(model, `${p}.mlp.wGate`));
  const up = ops.matmul(h, w2(model, `${p}.mlp.wUp`));
  return tf.add(x, ops.matmul(ops.swiglu(gate, up), w2(model, `${p}.mlp.wDown`)));
}

/** phi: x + Attn(LN(x)) + MLP(LN(x)): one LayerNorm, both sublayers read it in parallel (Phi-1.5). */
function phiBlock(model: Model, l: number, x: tf.Tensor2D, b: number, t: number, rope: Rope, keep?: Keep): tf.Tensor2D {
  const { ops, config: c } = model;
  const p = `layers.${l}`;
  const h = ops.layerNorm(x, w1(model, `${p}.norm`), w1(model, `${p}.normBias`), c.normEps);
  const mlp = project(model, ops.gelu(project(model, h, `${p}.mlp.wIn`, `${p}.mlp.bIn`)), `${p}.mlp.wOut`, `${p}.mlp.bOut`);
  return tf.add(tf.add(x, attend(model, l, h, b, t, rope, keep)), mlp);
}

/** Final normalised hidden states [B·T, d] for ids int32 [B, T] (T ≤ contextLength); `keep` sees each layer's attention. */
export function hiddenStates(model: Model, ids: tf.Tensor2D, keep?: (layer: number, probs: tf.Tensor4D) => void): tf.Tensor2D {
  const [b, t] = ids.shape;
  if (ids.dtype !== 'int32') throw new Error(`token ids must be int32, got ${ids.dtype}`);
  if (t > model.config.contextLength) throw new Error(`sequence length ${t} exceeds contextLength ${model.config.contextLength}`);
  const rope = ropeFor(model, t);
  const phi = styleOf(model.config) === 'phi';
  const block = phi ? phiBlock : llamaBlock;
  let x = embed(model.ops, w2(model, 'embedding'), tf.reshape(ids, [b * t]));
  for (let l = 0; l < model.config.nLayer; l++) x = block(model, l, x, b, t, rope, keep && ((probs) => keep(l, probs)));
  const eps = model.config.normEps;
  return phi ? model.ops.layerNorm(x, w1(model, 'finalNorm'), w1(model, 'finalNormBias'), eps) : model.ops.rmsNorm(x, w1(model, 'finalNorm'), eps);
}

/** Logits [N, V] for hidden rows [N, d]: llama's head is the embedding table, transposed (tied); phi's is its own, with a bias. */
export function logitsFromHidden(model: Model, hidden: tf.Tensor2D): tf.Tensor2D {
  if (styleOf(model.config) === 'phi') return project(model, hidden, 'head', 'headBias');
  return model.ops.matmul(hidden, w2(model, 'embedding'), false, true);
}

/** Logits [B·T, V] for every position of ids [B, T]. */
export function forwardLogits(model: Model, ids: tf.Tensor2D): tf.Tensor2D {
  return logitsFromHidden(model, hiddenStates(model, ids));
}

/** Per-position negative log-likelihood in nats, [B·T], of targets [B, T] given inputs [B, T]. */
export function tokenNats(model: Model, inputs: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor1D {
  const [b, t] = targets.shape;
  return model.ops.crossEntropy(forwardLogits(model, inputs), tf.reshape(targets, [b * t]));
}

/** Mean next-token loss in nats over all B·T positions: the training objective. */
export function meanLoss(model: Model, inputs: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  const nats = tokenNats(model, inputs, targets);
  return model.ops.mean ? model.ops.mean(nats) : tf.mean(nats);
}
