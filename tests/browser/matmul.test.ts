// Every version of our WGSL matmul against the float64 CPU reference, on shapes that stress the tile
// edges (v1: 16, v2: 32), both load paths of v2 (vec4 when a row length is a multiple of 4, scalar
// otherwise) and v3's blocks (sizes multiples of 4; other sizes run as v2).
import { describe, expect, it } from 'vitest';
import { matmul, type MatmulVersion } from '../../kernels/matmul.ts';
import { matmulReference } from '../../kernels/matmul.reference.ts';
import { maxAbsDiff, randomArray, requireWebGPU, tf } from '../helpers/webgpu.ts';
import { matmulTolerance } from './kernel-check.ts';

const tolerance = matmulTolerance;

type Case = [batchA: number, batchB: number, m: number, k: number, n: number];
const CASES: Case[] = [
  [1, 1, 1, 1, 1],
  [1, 1, 7, 13, 5],
  [1, 1, 128, 256, 64],
  [1, 1, 17, 33, 31], // none a multiple of either tile, nor of 4
  [1, 1, 16, 16, 16], // exactly one v1 tile
  [1, 1, 36, 44, 40], // multiples of 4 (vec4 loads and stores) but not of the 32-wide v2 tile
  [1, 1, 64, 20, 96], // whole v2 tiles, a K tail of 4
  [1, 1, 33, 12, 7], // vec4 A rows, scalar B rows
  [1, 1, 3, 100, 2], // many K tiles, tiny output
  [3, 3, 9, 20, 11], // batched
  [4, 1, 5, 19, 23], // batched A, shared B (weights)
  [3, 3, 8, 12, 16], // batched, every size a multiple of 4 (v3's own path)
  [4, 1, 12, 8, 20], // the same with a shared B
];

describe.each([1, 2, 3] as MatmulVersion[])('WGSL matmul v%i vs CPU reference', (version) => {
  for (const [batchA, batchB, m, k, n] of CASES) {
    it(`[${batchA}×${m}×${k}] · [${batchB}×${k}×${n}]`, async () => {
      await requireWebGPU();
      const aData = randomArray(batchA * m * k, 1 + m * 31 + k);
      const bData = randomArray(batchB * k * n, 7 + n * 17 + k);
      const a = batchA > 1 || batchB > 1 ? tf.tensor3d(aData, [batchA, m, k]) : tf.tensor2d(aData, [m, k]);
      const b = batchA > 1 || batchB > 1 ? tf.tensor3d(bData, [batchB, k, n]) : tf.tensor2d(bData, [k, n]);
      const c = matmul(a, b, false, false, version);
      const got = await c.data();
      const want = matmulReference(aData, bData, { batchA, batchB, m, k, n });
      expect(c.shape).toEqual(batchA > 1 || batchB > 1 ? [Math.max(batchA, batchB), m, n] : [m, n]);
      expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(tolerance(k));
      tf.dispose([a, b, c]);
    });
  }

  it('chains on the GPU: (A·B)·C without reading back in between', async () => {
    await requireWebGPU();
    const [m, k, n, p] = [9, 21, 18, 5];
    const aData = randomArray(m * k, 11);
    const bData = randomArray(k * n, 12);
    const cData = randomArray(n * p, 13);
    const out = tf.tidy(() => matmul(matmul(tf.tensor2d(aData, [m, k]), tf.tensor2d(bData, [k, n]), false, false, version), tf.tensor2d(cData, [n, p]), false, false, version));
    const ab = matmulReference(aData, bData, { batchA: 1, batchB: 1, m, k, n });
    const want = matmulReference(Float32Array.from(ab), cData, { batchA: 1, batchB: 1, m, k: n, n: p });
    expect(maxAbsDiff(await out.data(), want)).toBeLessThanOrEqual(tolerance(k) * n);
    out.dispose();
  });

  it('agrees with tf.matMul on the same device', async () => {
    await requireWebGPU();
    const a = tf.tensor2d(randomArray(64 * 96, 3), [64, 96]);
    const b = tf.tensor2d(randomArray(96 * 40, 4), [96, 40]);
    const ours = matmul(a, b, false, false, version);
    const theirs = tf.matMul(a, b);
    expect(maxAbsDiff(await ours.data(), await theirs.data())).toBeLessThanOrEqual(tolerance(96));
    tf.dispose([a, b, ours, theirs]);
  });

  it('rejects mismatched shapes with a clear message', async () => {
    await requireWebGPU();
    const a = tf.zeros([2, 3]);
    const b = tf.zeros([4, 5]);
    expect(() => matmul(a, b, false, false, version)).toThrow(/inner dimensions differ/);
    tf.dispose([a, b]);
  });
});

/** [batch, rows, cols] → [batch, cols, rows]. */
function transposeLast2(x: Float32Array, batch: number, rows: number, cols: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let b = 0; b < batch; b++) for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[(b * cols + j) * rows + i] = x[(b * rows + i) * cols + j];
  return out;
}

/** Zeroes [batch, t, t] above the diagonal (a causal score or probability matrix). */
function lowerTriangle(x: Float32Array, batch: number, t: number): Float32Array {
  return x.map((v, idx) => ((idx % (t * t)) % t > Math.floor((idx % (t * t)) / t) ? 0 : v));
}

// The triangles of causal attention (matmul.ts MatmulTriangle): v3 skips work, v2 computes everything;
// both must give the wanted entries. T = 20 and hd = 8 are multiples of 4 (v3's own path) but not of v3's
// 32-wide workgroup tile, so blocks on, above and below the diagonal all occur.
describe.each([2, 3] as MatmulVersion[])('WGSL matmul v%i with a causal triangle', (version) => {
  const [batch, t, hd] = [3, 20, 8];
  const tol = tolerance(t);

  it("'lower-c': Q·Kᵀ is right on and below the diagonal", async () => {
    await requireWebGPU();
    const qData = randomArray(batch * t * hd, 31);
    const kData = randomArray(batch * t * hd, 32);
    const [q, k] = [qData, kData].map((d) => tf.tensor3d(d, [batch, t, hd]));
    const c = matmul(q, k, false, true, version, 'lower-c');
    const got = await c.data();
    const want = matmulReference(qData, transposeLast2(kData, batch, t, hd), { batchA: batch, batchB: batch, m: t, k: hd, n: t });
    const lower = (xs: ArrayLike<number>) => Array.from(xs).filter((_, idx) => (idx % (t * t)) % t <= Math.floor((idx % (t * t)) / t));
    expect(maxAbsDiff(lower(got), lower(want))).toBeLessThanOrEqual(tolerance(hd));
    tf.dispose([q, k, c]);
  });

  it("'lower-a': P·V with P zero above the diagonal", async () => {
    await requireWebGPU();
    const pData = lowerTriangle(randomArray(batch * t * t, 33), batch, t);
    const vData = randomArray(batch * t * hd, 34);
    const [p, v] = [tf.tensor3d(pData, [batch, t, t]), tf.tensor3d(vData, [batch, t, hd])];
    const c = matmul(p, v, false, false, version, 'lower-a');
    expect(maxAbsDiff(await c.data(), matmulReference(pData, vData, { batchA: batch, batchB: batch, m: t, k: t, n: hd }))).toBeLessThanOrEqual(tol);
    tf.dispose([p, v, c]);
  });

  it("'upper-a': Pᵀ·dO with P zero above the diagonal", async () => {
    await requireWebGPU();
    const pData = lowerTriangle(randomArray(batch * t * t, 35), batch, t);
    const dData = randomArray(batch * t * hd, 36);
    const [p, d] = [tf.tensor3d(pData, [batch, t, t]), tf.tensor3d(dData, [batch, t, hd])];
    const c = matmul(p, d, true, false, version, 'upper-a');
    const want = matmulReference(transposeLast2(pData, batch, t, t), dData, { batchA: batch, batchB: batch, m: t, k: t, n: hd });
    expect(maxAbsDiff(await c.data(), want)).toBeLessThanOrEqual(tol);
    tf.dispose([p, d, c]);
  });
});
