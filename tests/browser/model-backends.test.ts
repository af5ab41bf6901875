// The same model and weights give the same forward pass on the cpu backend and on WebGPU.
import { describe, expect, it } from 'vitest';
import { createModel, disposeModel, forwardLogits, modelValues, preset } from '../../src/lib/model/index.ts';
import { maxAbsDiff, requireWebGPU, tf } from '../helpers/webgpu.ts';

describe('model forward pass: cpu vs WebGPU', () => {
  it('nano-shaped model, 2×24 tokens: logits agree within 1e-4 of their scale', async () => {
    // f32 everywhere; the backends sum in different orders (tiled matmuls, reductions), so logits
    // differ by a few ulps per layer (measured ~5e-7 on SwiftShader). Relative to the largest logit,
    // 1e-4 leaves room for that and still catches a wrong op (errors of the logits' own size).
    await requireWebGPU();
    const config = preset('nano', 257, { contextLength: 24 });
    const ids = Int32Array.from({ length: 48 }, (_, i) => (i * 37 + 11) % 257);

    await tf.setBackend('cpu');
    const cpuModel = createModel(config, 5);
    const values = await modelValues(cpuModel);
    const cpuLogits = tf.tidy(() => forwardLogits(cpuModel, tf.tensor2d(ids, [2, 24], 'int32')));
    const want = await cpuLogits.data();
    cpuLogits.dispose();
    disposeModel(cpuModel);

    await tf.setBackend('webgpu');
    const gpuModel = createModel(config, 5, values);
    const gpuLogits = tf.tidy(() => forwardLogits(gpuModel, tf.tensor2d(ids, [2, 24], 'int32')));
    const got = await gpuLogits.data();
    gpuLogits.dispose();
    disposeModel(gpuModel);

    expect(got.length).toBe(48 * 257);
    const diff = maxAbsDiff(got, want);
    const scale = Math.max(...Array.from(want, Math.abs));
    console.log(`[webgpu] cpu vs webgpu max |Δlogit| = ${diff.toExponential(2)} (max |logit| ${scale.toExponential(2)})`);
    expect(scale).toBeGreaterThan(0.01);
    expect(diff).toBeLessThan(1e-4 * scale);
  });
});
