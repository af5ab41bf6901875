// The kernel tests can fail: deliberately broken variants of our kernels (an off-by-one in the matmul
// tile loop, a dropped causal mask) are compiled and run on the WebGPU adapter, and their error against
// the CPU reference must exceed the tolerance the real tests use. If a mutant slipped under it, those
// tests would pass on a broken kernel.
import { describe, expect, it } from 'vitest';
import { attentionForwardProgram } from '../../kernels/attention-forward.ts';
import { attentionReference } from '../../kernels/attention.reference.ts';
import { matmulProgram } from '../../kernels/matmul.ts';
import { matmulReference } from '../../kernels/matmul.reference.ts';
import { activeWebGPUBackend, runKernelProgram, type KernelProgram, type Uniform } from '../../kernels/program.ts';
import { maxAbsDiff, randomArray, requireWebGPU, tf } from '../helpers/webgpu.ts';
import { ATTENTION_TOL, matmulTolerance, scaledRandom } from './kernel-check.ts';

/** Compiles `program` with `from` replaced by `to` in its WGSL (under its own pipeline cache key), runs it
 *  on the inputs and reads the output back. */
async function runMutant(built: { program: KernelProgram; uniforms: Uniform[] }, from: string, to: string, inputs: tf.Tensor[]): Promise<Float32Array> {
  const { program, uniforms } = built;
  expect(program.wgsl, `the mutation site "${from}" must exist in the kernel`).toContain(from);
  const mutant = { ...program, shaderKey: `${program.shaderKey}_mutant_${to.replace(/\W/g, '')}`, wgsl: program.wgsl.split(from).join(to) };
  const info = runKernelProgram(activeWebGPUBackend(), mutant, inputs, uniforms);
  const out = tf.engine().makeTensorFromTensorInfo(info);
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}

describe('broken kernels are caught by the kernel tests', () => {
  it('matmul v2 with its K-tile loop stopping one element early', async () => {
    await requireWebGPU();
    const [m, k, n] = [17, 33, 31]; // a case of tests/browser/matmul.test.ts
    const aData = randomArray(m * k, 1 + m * 31 + k);
    const bData = randomArray(k * n, 7 + n * 17 + k);
    const a = tf.tensor2d(aData, [m, k]);
    const b = tf.tensor2d(bData, [k, n]);
    const want = matmulReference(aData, bData, { batchA: 1, batchB: 1, m, k, n });
    const got = await runMutant(matmulProgram(a, b), 't < K;', 't < K - 1;', [a, b]);
    expect(maxAbsDiff(got, want)).toBeGreaterThan(matmulTolerance(k));
    tf.dispose([a, b]);
  });

  it('attention forward without its causal mask', async () => {
    await requireWebGPU();
    const [bt, h, t, hd] = [1, 1, 37, 16]; // a case of tests/browser/attention.test.ts
    const n = bt * h * t * hd;
    const [qd, kd, vd] = [scaledRandom(n, 1 + t, 2), scaledRandom(n, 2 + t, 2), randomArray(n, 3 + t)];
    const [q, k, v] = [qd, kd, vd].map((d) => tf.tensor4d(d, [bt, h, t, hd]));
    const want = attentionReference(qd, kd, vd, { bh: bt * h, t, hd });
    // The mask appears twice (scores and probabilities); the tile bound also stops at the diagonal, so
    // the mutant lets every key in a visited tile through.
    const got = await runMutant(attentionForwardProgram(q, k, v), 'k0 + j <= qi', 'k0 + j < T', [q, k, v]);
    expect(maxAbsDiff(got.subarray(0, n), want.out)).toBeGreaterThan(ATTENTION_TOL);
    tf.dispose([q, k, v]);
  });
});
