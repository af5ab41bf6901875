// Shared by the model/train/eval unit tests: tfjs on its cpu backend, quiet, and tiny configs.
import * as tf from '@tensorflow/tfjs';
import { preset, type ModelConfig } from '../../src/lib/model/config.ts';

/** cpu backend; PROD silences tfjs's "install tfjs-node" hint (and skips debug-only checks). */
export async function useCpu(): Promise<void> {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  await tf.ready();
}

/** A model small enough for finite differences and 200-step loops on a 2-core machine. */
export function tinyConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return preset('nano', 13, { nLayer: 1, dModel: 8, nHead: 2, mlpHidden: 12, contextLength: 6, ...overrides });
}

export function int2d(values: ArrayLike<number>, rows: number, cols: number): tf.Tensor2D {
  return tf.tensor2d(Int32Array.from(values), [rows, cols], 'int32');
}
