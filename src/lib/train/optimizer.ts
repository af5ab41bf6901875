// The optimiser: owns per-parameter state (moments / momentum) as non-trainable tf.Variables, updates
// parameters in place with assign(), and serializes to plain Float32Arrays for checkpoints.
// Which rule updates which parameter:
//   'adamw': AdamW everywhere.
//   'muon' : Muon for kind 'matrix' (2-D hidden weights), AdamW for the embedding and norm gains.
// Weight decay: matrices always; the embedding only with decayEmbeddings; norm gains never.
import * as tf from '@tensorflow/tfjs';
import type { Param } from '../model/params.ts';
import { adamwStep, type AdamWUpdate, type PackedAdamWUpdate } from './adamw.ts';
import type { OptimizerKind, TrainConfig } from './config.ts';
import { muonStep } from './muon.ts';
import { lrFactor } from './schedule.ts';

export type UpdateRule = 'adamw' | 'muon';

/** Serializable optimiser state: slot arrays named `${param}.m`, `${param}.v` (AdamW), `${param}.momentum` (Muon). */
export interface OptimizerState {
  kind: OptimizerKind;
  /** Number of optimiser steps taken so far (the next step uses schedule position `step`). */
  step: number;
  slots: Record<string, Float32Array>;
}

interface Slot {
  param: Param;
  rule: UpdateRule;
  weightDecay: number;
  /** AdamW: [m, v], or [state] when packed; Muon: [momentum]. */
  vars: tf.Variable[];
  /** The serialized slots, always `.m` and `.v` for AdamW whatever the layout (checkpoints move between kernels). */
  names: string[];
  /** AdamW with a packed state: one [3n] variable (param', m, v) that the fused update reads and returns. */
  packed: boolean;
}

export function ruleFor(param: Param, kind: OptimizerKind): UpdateRule {
  return kind === 'muon' && param.kind === 'matrix' && param.shape.length === 2 ? 'muon' : 'adamw';
}

export function weightDecayFor(param: Param, c: TrainConfig): number {
  if (param.kind === 'norm' || param.kind === 'bias') return 0;
  if (param.kind === 'embedding' && !c.decayEmbeddings) return 0;
  return c.weightDecay;
}

export class Optimizer {
  readonly config: TrainConfig;
  private slots: Slot[];
  private _step: number;

  /** The gradient clip's limit as a scalar kept on the device (null: no clipping), so a step uploads nothing for it. */
  readonly clipLimit: tf.Scalar | null;
  /** d loss / d loss = 1, the seed of backpropagation, kept on the device for the same reason (step.ts). */
  readonly lossGradient: tf.Scalar;

  private readonly adamw: AdamWUpdate;
  private readonly adamwState: PackedAdamWUpdate | undefined;

  /**
   * `adamw` is the AdamW implementation: stock tfjs ops unless the model's kernels bring their own; with
   * `adamwState` (a fused kernel's packed form) AdamW parameters keep their moments in its packed state.
   */
  constructor(params: readonly Param[], config: TrainConfig, state?: OptimizerState, adamw: AdamWUpdate = adamwStep, adamwState?: PackedAdamWUpdate) {
    this.adamw = adamw;
    this.adamwState = adamwState;
    if (state && state.kind !== config.optimizer) throw new Error(`optimizer state is for '${state.kind}', config asks for '${config.optimizer}'`);
    this.config = config;
    this.clipLimit = config.gradClip > 0 ? tf.keep(tf.scalar(config.gradClip)) : null;
    this.lossGradient = tf.keep(tf.scalar(1));
    this._step = state?.step ?? 0;
    this.slots = params.map((param) => {
      const rule = ruleFor(param, config.optimizer);
      const names = rule === 'adamw' ? [`${param.name}.m`, `${param.name}.v`] : [`${param.name}.momentum`];
      const saved = names.map((n) => {
        const values = state?.slots[n];
        if (state && !values) throw new Error(`optimizer state lacks slot ${n}`);
        if (values && values.length !== param.variable.size) throw new Error(`slot ${n}: expected ${param.variable.size} values, got ${values.length}`);
        return values;
      });
      const packed = rule === 'adamw' && adamwState !== undefined;
      const n = param.variable.size;
      const inits = packed
        ? [tf.tensor1d(packedState(n, saved[0], saved[1]))]
        : saved.map((values) => (values ? tf.tensor(values, param.shape, 'float32') : tf.zeros(param.shape, 'float32')));
      const vars = inits.map((init) => {
        const v = tf.variable(init, false);
        init.dispose();
        return v;
      });
      return { param, rule, weightDecay: weightDecayFor(param, config), vars, names, packed };
    });
  }

  /** Steps taken so far. */
  get step(): number {
    return this._step;
  }

  /** Learning rates the next step will use. */
  currentLr(): { adamw: number; muon: number } {
    const f = lrFactor(this._step, this.config);
    return { adamw: this.config.lr * f, muon: this.config.muonLr * f };
  }

  /**
   * Applies one update. `grads` maps parameter name → gradient, multiplied by `gradScale` when given (the
   * global-norm clip's factor, clip.ts). Every parameter must have a gradient (a missing one is a bug in
   * the caller, not something to skip silently).
   */
  apply(grads: Readonly<Record<string, tf.Tensor>>, gradScale?: tf.Scalar): void {
    const lr = this.currentLr();
    const t = this._step + 1;
    const c = this.config;
    tf.tidy(() => {
      for (const s of this.slots) {
        const g = grads[s.param.name];
        if (!g) throw new Error(`no gradient for ${s.param.name}`);
        if (s.packed) {
          const next = this.adamwState!(s.param.variable, g, s.vars[0], { lr: lr.adamw, beta1: c.beta1, beta2: c.beta2, eps: c.eps, weightDecay: s.weightDecay }, t, gradScale);
          s.param.variable.assign(tf.reshape(tf.slice(next, 0, s.param.variable.size), s.param.shape));
          s.vars[0].assign(next);
        } else if (s.rule === 'adamw') {
          const r = this.adamw(s.param.variable, g, s.vars[0], s.vars[1], { lr: lr.adamw, beta1: c.beta1, beta2: c.beta2, eps: c.eps, weightDecay: s.weightDecay }, t, gradScale);
          s.param.variable.assign(r.p);
          s.vars[0].assign(r.m);
          s.vars[1].assign(r.v);
        } else {
          const r = muonStep(s.param.variable as tf.Variable<tf.Rank.R2>, (gradScale ? tf.mul(g, gradScale) : g) as tf.Tensor2D, s.vars[0] as tf.Variable<tf.Rank.R2>, {
            lr: lr.muon,
            momentum: c.muonMomentum,
            nesterov: c.muonNesterov,
            weightDecay: s.weightDecay,
          });
          s.param.variable.assign(r.p);
          s.vars[0].assign(r.buf);
        }
      }
    });
    this._step = t;
  }

  /** Copies the state to the CPU (a readback: call at checkpoint time only). */
  async getState(): Promise<OptimizerState> {
    const slots: Record<string, Float32Array> = {};
    const step = this._step;
    for (const s of this.slots) {
      const values = await Promise.all(s.vars.map((v) => v.data() as Promise<Float32Array>));
      if (s.packed) {
        const n = s.param.variable.size;
        // (param', m, v): the moments are the second and third thirds.
        s.names.forEach((name, i) => (slots[name] = values[0].slice((i + 1) * n, (i + 2) * n)));
      } else s.names.forEach((n, i) => (slots[n] = values[i].slice()));
    }
    return { kind: this.config.optimizer, step, slots };
  }

  /** Which rule updates each parameter (for the UI and tests). */
  rules(): Record<string, UpdateRule> {
    return Object.fromEntries(this.slots.map((s) => [s.param.name, s.rule]));
  }

  dispose(): void {
    for (const s of this.slots) for (const v of s.vars) v.dispose();
    this.clipLimit?.dispose();
    this.lossGradient.dispose();
  }
}

/** A packed AdamW state (param', m, v) of a parameter of n values from saved moments (zeros without);
 *  the first third is only ever written by the update, never read. */
function packedState(n: number, m: Float32Array | undefined, v: Float32Array | undefined): Float32Array {
  const out = new Float32Array(3 * n);
  if (m) out.set(m, n);
  if (v) out.set(v, 2 * n);
  return out;
}
