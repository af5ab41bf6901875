// A typed front for tf.customGrad: its callback receives inputs and the save function in one rest
// array, which TypeScript cannot split; this gives our ops (inputs, save) and a typed upstream gradient.
import * as tf from '@tensorflow/tfjs';

export type GradBody<T extends tf.Tensor> = (
  inputs: tf.Tensor[],
  save: tf.GradSaveFunc,
) => { value: T; gradFunc: (dy: T, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[] };

export function withCustomGrad<T extends tf.Tensor>(body: GradBody<T>): (...inputs: tf.Tensor[]) => T {
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const { value, gradFunc } = body(args.slice(0, -1) as tf.Tensor[], save);
    return { value, gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => gradFunc(dy as T, saved) };
  });
  return (...inputs: tf.Tensor[]) => f(...inputs) as T;
}
