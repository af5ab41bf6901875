// One optimisation step, fully on the device: forward, backward, clip, update. Nothing is read back;
// the caller decides when to read the loss (a readback stalls the GPU pipeline).
import * as tf from '@tensorflow/tfjs';
import { meanLoss, type Model } from '../model/model.ts';
import type { Batch } from './data.ts';
import { clipScale } from './clip.ts';
import type { Optimizer } from './optimizer.ts';

/** Tensors the caller owns and must dispose (or pass to readStep, which does). */
export interface StepResult {
  /** Mean next-token loss of the batch, in nats, before the update. */
  loss: tf.Scalar;
  /** Global gradient L2 norm before clipping. */
  gradNorm: tf.Scalar;
}

export function trainStep(model: Model, optimizer: Optimizer, batch: Batch): StepResult {
  const vars = model.params.map((p) => p.variable);
  return tf.tidy(() => {
    const shape: [number, number] = [batch.batch, batch.T];
    // Fused kernels write the batch into buffers kept across steps (no staging buffers per step).
    const { inputs, targets } = model.ops.uploadBatch
      ? model.ops.uploadBatch(batch.inputs, batch.targets, shape)
      : { inputs: tf.tensor2d(batch.inputs, shape, 'int32'), targets: tf.tensor2d(batch.targets, shape, 'int32') };
    // tf.variableGrads, seeded with the optimiser's kept 1: tfjs would upload a fresh scalar 1 every step.
    const { value, grads } = tf.engine().gradients(() => meanLoss(model, inputs, targets), vars, optimizer.lossGradient, true);
    const byParam: Record<string, tf.Tensor> = {};
    grads.forEach((g, i) => {
      if (g) byParam[model.params[i].name] = g;
    });
    // The clip's factor goes to the optimiser, which applies it inside each parameter's update.
    const { scale, norm } = clipScale(Object.values(byParam), optimizer.clipLimit, model.ops.sumSquares);
    optimizer.apply(byParam, scale ?? undefined);
    return { loss: value, gradNorm: norm };
  });
}

/** Reads a step's numbers back (awaits the device) and disposes its tensors. */
export async function readStep(r: StepResult): Promise<{ loss: number; gradNorm: number }> {
  try {
    const [loss, gradNorm] = await Promise.all([r.loss.data(), r.gradNorm.data()]);
    return { loss: loss[0], gradNorm: gradNorm[0] };
  } finally {
    disposeStep(r);
  }
}

export function disposeStep(r: StepResult): void {
  r.loss.dispose();
  r.gradNorm.dispose();
}
