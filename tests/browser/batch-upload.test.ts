// The training batch's kept buffers (kernels/batch-upload.ts): the tensors hold the ids written, a later
// write never reaches passes recorded before it (tfjs submits passes in batches, so the write must wait
// for them), and a steady training step then creates no buffers at all.
import { describe, expect, it } from 'vitest';
import { uploadBatch } from '../../kernels/batch-upload.ts';
import '../../kernels/fused-ops.ts';
import { preset } from '../../src/lib/model/config.ts';
import { trainConfig } from '../../src/lib/train/config.ts';
import { createTrainRun, disposeTrainRun, runStep } from '../../src/lib/train/run.ts';
import { disposeStep, readStep } from '../../src/lib/train/step.ts';
import { requireWebGPU, tf } from '../helpers/webgpu.ts';

const ids = (n: number, k: number) => Int32Array.from({ length: n }, (_, i) => (i * 7 + k) % 257);

describe('batch upload into kept buffers', () => {
  it('holds the ids written, as int32 of the given shape', async () => {
    await requireWebGPU();
    const { inputs, targets } = uploadBatch(ids(12, 1), ids(12, 2), [3, 4]);
    for (const t of [inputs, targets]) {
      expect(t.shape).toEqual([3, 4]);
      expect(t.dtype).toBe('int32');
    }
    expect(Array.from(await inputs.data())).toEqual(Array.from(ids(12, 1)));
    expect(Array.from(await targets.data())).toEqual(Array.from(ids(12, 2)));
    tf.dispose([inputs, targets]);
    expect(() => uploadBatch(ids(12, 1), ids(11, 1), [3, 4])).toThrow(/11 ids/);
  });

  it('a pass recorded before the next write reads the ids of its own step', async () => {
    await requireWebGPU();
    const first = uploadBatch(ids(64, 1), ids(64, 2), [2, 32]);
    const pending = tf.add(first.targets, tf.scalar(0, 'int32')); // recorded, not yet submitted
    tf.dispose([first.inputs, first.targets]);
    const second = uploadBatch(ids(64, 5), ids(64, 6), [2, 32]);
    expect(Array.from(await pending.data())).toEqual(Array.from(ids(64, 2)));
    expect(Array.from(await second.targets.data())).toEqual(Array.from(ids(64, 6)));
    tf.dispose([pending, second.inputs, second.targets]);
  });

  it('steps whose loss is not read train as steps that are, and a steady step creates no GPU buffers', async () => {
    await requireWebGPU();
    const tokens = Int32Array.from({ length: 4096 }, (_, i) => ((i * 7) % 31) + 32);
    const config = trainConfig({ optimizer: 'adamw', batchSize: 2, totalSteps: 10, warmupSteps: 2, lr: 3e-3 });
    const model = preset('nano', 257, { kernels: 'fused', contextLength: 32 });
    const created: number[] = [];
    const original = GPUDevice.prototype.createBuffer;
    const read = createTrainRun(model, config, 'arena');
    const unread = createTrainRun(model, config, 'arena');
    try {
      const readLosses: number[] = [];
      for (let i = 0; i < 6; i++) readLosses.push((await readStep(runStep(read, tokens))).loss);
      for (let i = 0; i < 3; i++) await readStep(runStep(unread, tokens)); // compiles, fills the pool
      GPUDevice.prototype.createBuffer = function (d: GPUBufferDescriptor) {
        created.push(d.size);
        return original.call(this, d);
      };
      // As the runner trains: the loss is read every few steps, so passes are still recorded when the next batch is written.
      for (let i = 0; i < 2; i++) disposeStep(runStep(unread, tokens));
      const last = (await readStep(runStep(unread, tokens))).loss;
      expect(last).toBeCloseTo(readLosses[5], 5);
    } finally {
      GPUDevice.prototype.createBuffer = original;
      disposeTrainRun(read);
      disposeTrainRun(unread);
    }
    expect(created).toEqual([]);
  });
});
