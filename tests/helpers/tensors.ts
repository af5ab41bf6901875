// Tensor-leak checks that do not count what a model keeps on purpose (its rotary tables, model.ts).
import * as tf from '@tensorflow/tfjs';
import { cachedTensorCount, type Model } from '../../src/lib/model/model.ts';

/** Live tensors, less those `model` keeps on purpose: the same before and after a call that leaks nothing. */
export function tensorsBesides(model: Model): number {
  return tf.memory().numTensors - cachedTensorCount(model);
}
