// Parameter layout and deterministic initialisation.
// Every parameter has a stable name ("layers.0.attn.wq"), a kind (which decides weight decay and whether
// Muon may update it), and a shape. Init values are drawn on the CPU from the run's seed with one
// independent stream per parameter name, so a given tensor's init never depends on backend or on the
// size of any other tensor.
import * as tf from '@tensorflow/tfjs';
import { styleOf, type ModelConfig } from './config.ts';
import { Prng, type Seed } from './prng.ts';

/**
 * embedding: the token table (tied to the output in llama); norm: norm gains and LayerNorm biases;
 * matrix: 2-D hidden weights (attention, MLP); bias: projection biases (phi); head: phi's untied output
 * head. Weight decay skips norm and bias; Muon updates only matrix.
 */
export type ParamKind = 'embedding' | 'norm' | 'matrix' | 'bias' | 'head';

export interface ParamSpec {
  name: string;
  kind: ParamKind;
  shape: number[];
  /** How to initialise: normal with this std, all ones (norm gains) or zeros (biases). */
  init: { dist: 'normal'; std: number } | { dist: 'ones' } | { dist: 'zeros' };
}

export interface Param extends ParamSpec {
  variable: tf.Variable;
}

/**
 * The list of parameters, in a fixed order (checkpoints and optimiser state follow it).
 * Matrices are stored [in, out] so a projection is x·W with x [rows, in].
 * Residual-output projections (wo, w2) use std / √(2·nLayer), as in GPT-2, so the residual stream's
 * variance does not grow with depth at init.
 */
export function paramSpecs(c: ModelConfig): ParamSpec[] {
  return styleOf(c) === 'phi' ? phiSpecs(c) : llamaSpecs(c);
}

function llamaSpecs(c: ModelConfig): ParamSpec[] {
  const d = c.dModel;
  const std = c.initStd;
  const outStd = std / Math.sqrt(2 * c.nLayer);
  const specs: ParamSpec[] = [{ name: 'embedding', kind: 'embedding', shape: [c.vocabSize, d], init: { dist: 'normal', std } }];
  for (let l = 0; l < c.nLayer; l++) {
    const p = `layers.${l}`;
    specs.push(
      { name: `${p}.attnNorm`, kind: 'norm', shape: [d], init: { dist: 'ones' } },
      { name: `${p}.attn.wq`, kind: 'matrix', shape: [d, d], init: { dist: 'normal', std } },
      { name: `${p}.attn.wk`, kind: 'matrix', shape: [d, d], init: { dist: 'normal', std } },
      { name: `${p}.attn.wv`, kind: 'matrix', shape: [d, d], init: { dist: 'normal', std } },
      { name: `${p}.attn.wo`, kind: 'matrix', shape: [d, d], init: { dist: 'normal', std: outStd } },
      { name: `${p}.mlpNorm`, kind: 'norm', shape: [d], init: { dist: 'ones' } },
      { name: `${p}.mlp.wGate`, kind: 'matrix', shape: [d, c.mlpHidden], init: { dist: 'normal', std } },
      { name: `${p}.mlp.wUp`, kind: 'matrix', shape: [d, c.mlpHidden], init: { dist: 'normal', std } },
      { name: `${p}.mlp.wDown`, kind: 'matrix', shape: [c.mlpHidden, d], init: { dist: 'normal', std: outStd } },
    );
  }
  specs.push({ name: 'finalNorm', kind: 'norm', shape: [d], init: { dist: 'ones' } });
  return specs;
}

/** The phi block's tensors (names follow ours; export/phi-names.ts maps them to Hugging Face's Phi). */
function phiSpecs(c: ModelConfig): ParamSpec[] {
  const d = c.dModel;
  const h = c.mlpHidden;
  const std = c.initStd;
  const outStd = std / Math.sqrt(2 * c.nLayer);
  const normal = (s: number) => ({ dist: 'normal', std: s }) as const;
  const zeros = { dist: 'zeros' } as const;
  const specs: ParamSpec[] = [{ name: 'embedding', kind: 'embedding', shape: [c.vocabSize, d], init: normal(std) }];
  for (let l = 0; l < c.nLayer; l++) {
    const p = `layers.${l}`;
    specs.push(
      { name: `${p}.norm`, kind: 'norm', shape: [d], init: { dist: 'ones' } },
      { name: `${p}.normBias`, kind: 'norm', shape: [d], init: zeros },
      { name: `${p}.attn.wq`, kind: 'matrix', shape: [d, d], init: normal(std) },
      { name: `${p}.attn.bq`, kind: 'bias', shape: [d], init: zeros },
      { name: `${p}.attn.wk`, kind: 'matrix', shape: [d, d], init: normal(std) },
      { name: `${p}.attn.bk`, kind: 'bias', shape: [d], init: zeros },
      { name: `${p}.attn.wv`, kind: 'matrix', shape: [d, d], init: normal(std) },
      { name: `${p}.attn.bv`, kind: 'bias', shape: [d], init: zeros },
      { name: `${p}.attn.wo`, kind: 'matrix', shape: [d, d], init: normal(outStd) },
      { name: `${p}.attn.bo`, kind: 'bias', shape: [d], init: zeros },
      { name: `${p}.mlp.wIn`, kind: 'matrix', shape: [d, h], init: normal(std) },
      { name: `${p}.mlp.bIn`, kind: 'bias', shape: [h], init: zeros },
      { name: `${p}.mlp.wOut`, kind: 'matrix', shape: [h, d], init: normal(outStd) },
      { name: `${p}.mlp.bOut`, kind: 'bias', shape: [d], init: zeros },
    );
  }
  specs.push(
    { name: 'finalNorm', kind: 'norm', shape: [d], init: { dist: 'ones' } },
    { name: 'finalNormBias', kind: 'norm', shape: [d], init: zeros },
    { name: 'head', kind: 'head', shape: [d, c.vocabSize], init: normal(std) },
    { name: 'headBias', kind: 'bias', shape: [c.vocabSize], init: zeros },
  );
  return specs;
}

/** Number of elements of a tensor of this shape (1 for a scalar's []). */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Initial values of one parameter, from the run seed and the parameter's name only. */
export function initValues(spec: ParamSpec, seed: Seed): Float32Array {
  const n = sizeOf(spec.shape);
  if (spec.init.dist === 'ones') return new Float32Array(n).fill(1);
  if (spec.init.dist === 'zeros') return new Float32Array(n);
  return new Prng(seed, 'init', spec.name).normalArray(n, spec.init.std);
}

/** Creates the variables; `values` (from a checkpoint) replaces the seeded init when given. */
export function createParams(c: ModelConfig, seed: Seed, values?: Readonly<Record<string, Float32Array>>): Param[] {
  return paramSpecs(c).map((spec) => {
    const v = values ? values[spec.name] : initValues(spec, seed);
    if (!v) throw new Error(`missing values for parameter ${spec.name}`);
    if (v.length !== sizeOf(spec.shape)) throw new Error(`parameter ${spec.name}: expected ${sizeOf(spec.shape)} values, got ${v.length}`);
    // Variable names must be unique per tfjs engine; a model owns its variables, so add a unique suffix.
    const initial = tf.tensor(v, spec.shape, 'float32');
    const variable = tf.variable(initial, true, `${spec.name}#${nextId++}`);
    initial.dispose(); // the variable holds its own reference to the data
    return { ...spec, variable };
  });
}
let nextId = 0;
