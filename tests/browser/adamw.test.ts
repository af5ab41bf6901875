// Fused AdamW (kernels/adamw.ts) against its float64 CPU reference and against the same update written
// with stock tfjs ops, over several steps so bias correction and moment carry-over are exercised.
import { describe, expect, it } from 'vitest';
import { adamwUpdate, adamwUpdatePacked, adamwUpdateState } from '../../kernels/adamw.ts';
import { Optimizer } from '../../src/lib/train/optimizer.ts';
import { trainConfig } from '../../src/lib/train/config.ts';
import type { Param } from '../../src/lib/model/params.ts';
import { adamwReference, type AdamWHyper } from '../../kernels/adamw.reference.ts';
import { adamwStep } from '../../src/lib/train/adamw.ts';
import { randomArray, requireWebGPU, tf } from '../helpers/webgpu.ts';
import { expectClose, readAndDispose } from './kernel-check.ts';

const H: AdamWHyper = { lr: 3e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 };
// One step moves a parameter by ≤ lr·(1 + wd·|p|) ≈ 3e-3; float32 rounding of p (|p| ≤ 1) is 6e-8 and the
// update's relative error ~1e-6, so 1e-6 absolute per step (checked over 3 steps) still fails if bias
// correction, weight decay (3e-4·|p|) or either moment is wrong.
const TOL = 1e-6;

describe('fused AdamW vs CPU reference', () => {
  for (const n of [1, 63, 1001]) {
    it(`n=${n}, three steps`, async () => {
      await requireWebGPU();
      let p = Float64Array.from(randomArray(n, n));
      let m: Float64Array = new Float64Array(n);
      let v: Float64Array = new Float64Array(n);
      let tp: tf.Tensor = tf.tensor1d(Float32Array.from(p));
      let tm: tf.Tensor = tf.zeros([n]);
      let tv: tf.Tensor = tf.zeros([n]);
      for (let step = 1; step <= 3; step++) {
        const g = randomArray(n, 100 * step + n);
        const tg = tf.tensor1d(g);
        const next = adamwUpdate(tp, tg, tm, tv, H, step);
        tf.dispose([tp, tm, tv, tg]);
        [tp, tm, tv] = [next.p, next.m, next.v];
        // Feed the reference the float32 state the kernel holds, so errors do not compound across steps.
        const want = adamwReference(Float32Array.from(p), g, Float32Array.from(m), Float32Array.from(v), H, step);
        expectClose(await tp.data(), want.param, TOL, `param, step ${step}`);
        expectClose(await tm.data(), want.m, TOL, `m, step ${step}`);
        expectClose(await tv.data(), want.v, TOL, `v, step ${step}`);
        [p, m, v] = [Float64Array.from(await tp.data()), Float64Array.from(await tm.data()), Float64Array.from(await tv.data())];
      }
      tf.dispose([tp, tm, tv]);
    });
  }

  it("matches the optimiser's stock-op AdamW on a 2-D parameter and keeps its shape", async () => {
    await requireWebGPU();
    const shape: [number, number] = [17, 9];
    const p = tf.tensor2d(randomArray(153, 1), shape);
    const g = tf.tensor2d(randomArray(153, 2), shape);
    const m = tf.tensor2d(randomArray(153, 3).map((x) => 0.1 * x), shape);
    const v = tf.tensor2d(randomArray(153, 4).map((x) => 0.01 * x * x), shape);
    const step = 5;
    const ours = adamwUpdate(p, g, m, v, H, step);
    const theirs = adamwStep(p, g, m, v, H, step); // the optimiser's stock-op AdamW
    expect(ours.p.shape).toEqual(shape);
    for (const k of ['p', 'm', 'v'] as const) {
      expectClose(await readAndDispose(ours[k]), await readAndDispose(theirs[k]), TOL, `${k} vs stock ops`);
    }
    const packed = adamwUpdatePacked(p, g, m, v, H, step);
    expect(packed.shape).toEqual([3 * 153]);
    packed.dispose();
    // With the clip's factor applied inside the kernel: the stock update of the scaled gradient.
    const scale = tf.scalar(0.37);
    const scaledOurs = adamwUpdate(p, g, m, v, H, step, scale);
    const scaledTheirs = adamwStep(p, tf.mul(g, scale), m, v, H, step);
    for (const k of ['p', 'm', 'v'] as const) {
      expectClose(await readAndDispose(scaledOurs[k]), await readAndDispose(scaledTheirs[k]), TOL, `${k} with a gradient scale vs stock ops`);
    }
    // A scale that differs from 1 must show (the check above fails if the kernel ignored it).
    const unscaled = adamwUpdate(p, g, m, v, H, step);
    const mScaled = adamwUpdate(p, g, m, v, H, step, scale);
    expect(Math.max(...(await readAndDispose(tf.abs(tf.sub(unscaled.m, mScaled.m)))))).toBeGreaterThan(1e-3);
    tf.dispose([unscaled.p, unscaled.m, unscaled.v, mScaled.p, mScaled.m, mScaled.v, scale]);
    expect(() => adamwUpdatePacked(p, g, m, v, H, step, tf.zeros([2]))).toThrow(/one element/);
    tf.dispose([p, g, m, v]);
  });

  it('rejects step 0 and mismatched sizes', async () => {
    await requireWebGPU();
    const a = tf.zeros([4]);
    const b = tf.zeros([5]);
    expect(() => adamwUpdatePacked(a, a, a, a, H, 0)).toThrow(/step counts from 1/);
    expect(() => adamwUpdatePacked(a, b, a, a, H, 1)).toThrow(/grad has 5 elements/);
    tf.dispose([a, b]);
  });

  it('over a packed state: the same updates as with separate moments, step after step, and a clear error on a wrong state', async () => {
    await requireWebGPU();
    const n = 153;
    let p1: tf.Tensor = tf.tensor1d(randomArray(n, 11));
    let p2: tf.Tensor = p1.clone();
    let m: tf.Tensor = tf.zeros([n]);
    let v: tf.Tensor = tf.zeros([n]);
    let state: tf.Tensor = tf.zeros([3 * n]);
    for (let step = 1; step <= 3; step++) {
      const g = tf.tensor1d(randomArray(n, 20 + step));
      const scale = tf.scalar(0.5 + 0.1 * step);
      const sep = adamwUpdate(p1, g, m, v, H, step, scale);
      const next = adamwUpdateState(p2, g, state, H, step, scale);
      tf.dispose([p1, m, v, state, p2, g, scale]);
      [p1, m, v, state] = [sep.p, sep.m, sep.v, next];
      p2 = next.slice(0, n);
      const packed = await state.data();
      expectClose(await p2.data(), await p1.data(), TOL, `param, step ${step}`);
      expectClose(packed.subarray(n, 2 * n), await m.data(), TOL, `m, step ${step}`);
      expectClose(packed.subarray(2 * n), await v.data(), TOL, `v, step ${step}`);
    }
    expect(() => adamwUpdateState(p2, p2, tf.zeros([2 * n]), H, 1)).toThrow(/packed state needs 3 × 153/);
    tf.dispose([p1, p2, m, v, state]);
  });

  it('the optimiser with the packed state: same parameters as with the stock update, and its checkpoint state has the same m and v', async () => {
    await requireWebGPU();
    const make = (): Param[] => [
      { name: 'w', kind: 'matrix', shape: [9, 7], variable: tf.variable(tf.tensor2d(randomArray(63, 31), [9, 7])) },
      { name: 'g', kind: 'norm', shape: [7], variable: tf.variable(tf.tensor1d(randomArray(7, 32))) },
    ] as Param[];
    const cfg = trainConfig({ lr: 1e-2, warmupSteps: 0, totalSteps: 10 });
    const [a, b] = [make(), make()];
    const stock = new Optimizer(a, cfg);
    const packed = new Optimizer(b, cfg, undefined, adamwUpdate, adamwUpdateState);
    for (let step = 0; step < 3; step++) {
      const grads = { w: tf.tensor2d(randomArray(63, 40 + step), [9, 7]), g: tf.tensor1d(randomArray(7, 50 + step)) };
      const scale = tf.scalar(0.8);
      stock.apply(grads, scale);
      packed.apply(grads, scale);
      tf.dispose([grads.w, grads.g, scale]);
    }
    for (const i of [0, 1]) expectClose(await b[i].variable.data(), await a[i].variable.data(), 3 * TOL, `${a[i].name} after 3 steps`);
    const [sa, sb] = [await stock.getState(), await packed.getState()];
    expect(Object.keys(sb.slots).sort()).toEqual(Object.keys(sa.slots).sort());
    for (const k of Object.keys(sa.slots)) expectClose(sb.slots[k], sa.slots[k], 3 * TOL, k);
    // Restored from that state, the packed optimiser continues where it stopped.
    const again = new Optimizer(b, cfg, sb, adamwUpdate, adamwUpdateState);
    const sc = await again.getState();
    for (const k of Object.keys(sb.slots)) expect(Array.from(sc.slots[k])).toEqual(Array.from(sb.slots[k]));
    expect(sc.step).toBe(3);
    [stock, packed, again].forEach((o) => o.dispose());
    tf.dispose([...a, ...b].map((p) => p.variable));
  });
});
