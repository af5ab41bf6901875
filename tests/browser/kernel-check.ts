// Assertions shared by the kernel tests: compare a GPU result to a float64 reference within a stated
// tolerance, and say how far off the worst element was (so a failing run shows the size of the error).
import { expect } from 'vitest';
import { maxAbsDiff, randomArray, tf } from '../helpers/webgpu.ts';

/** Matmul: f32 accumulation of K products of values in [-1, 1] errs by at most ~K·2^-24 per output;
 *  4e-6·K leaves margin while a single wrong or missing term (error ~0.1–1) still fails. */
export const matmulTolerance = (k: number): number => 4e-6 * k + 1e-6;

/** Attention outputs are convex combinations of v rows (|v| ≤ 1) and lse is O(log T): float32 dot
 *  products over hd ≤ 64 and sums over T ≤ 100 keys err by ~1e-6; 1e-4 keeps margin while an unmasked
 *  future key or a wrong scale moves outputs by ≳ 1e-2. */
export const ATTENTION_TOL = 1e-4;

export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string): number {
  const err = maxAbsDiff(got, want);
  expect(err, `${what}: max |error| ${err.toExponential(2)} exceeds ${tol.toExponential(2)}`).toBeLessThanOrEqual(tol);
  return err;
}

/** Uniform values in [-scale, scale). */
export function scaledRandom(n: number, seed: number, scale: number): Float32Array {
  return randomArray(n, seed).map((v) => v * scale);
}

/** Deterministic int32 class ids in [0, vocab). */
export function randomTargets(n: number, vocab: number, seed: number): Int32Array {
  return Int32Array.from(randomArray(n, seed), (u) => Math.min(vocab - 1, Math.floor(((u + 1) / 2) * vocab)));
}

/** Reads a tensor back and disposes it. */
export async function readAndDispose(t: tf.Tensor): Promise<Float32Array> {
  const d = (await t.data()) as Float32Array;
  t.dispose();
  return d;
}
