// Rotary position embeddings (RoPE), "rotate half" layout: dimension i of the first half of a head is
// paired with dimension i of the second half and the pair is rotated by angle pos · θ^(−2i/hd).
// Tables are computed once per model on the CPU in float64 and stored as float32.
import * as tf from '@tensorflow/tfjs';

export interface RopeTables {
  /** [contextLength, headDim]: cos of each pair's angle, repeated for both halves (headDim: the rotated dimensions). */
  cos: Float32Array;
  /** [contextLength, headDim]: sin with the sign of rotate-half folded in (−sin first half, +sin second). */
  sinSigned: Float32Array;
  positions: number;
  headDim: number;
}

export function ropeTables(positions: number, headDim: number, base: number): RopeTables {
  const half = headDim / 2;
  const cos = new Float32Array(positions * headDim);
  const sinSigned = new Float32Array(positions * headDim);
  for (let p = 0; p < positions; p++) {
    for (let i = 0; i < half; i++) {
      const angle = p * Math.pow(base, (-2 * i) / headDim);
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      cos[p * headDim + i] = c;
      cos[p * headDim + half + i] = c;
      sinSigned[p * headDim + i] = -s;
      sinSigned[p * headDim + half + i] = s;
    }
  }
  return { cos, sinSigned, positions, headDim };
}

export interface RopeTensors {
  cos: tf.Tensor2D;
  sin: tf.Tensor2D;
}

/** The tables for the first t positions as tensors [t, hd], shared by the layers (the model keeps them: model.ts ropeFor). */
export function ropeTensors(tables: RopeTables, t: number): RopeTensors {
  if (t > tables.positions) throw new Error(`sequence length ${t} exceeds the rotary table's ${tables.positions} positions`);
  const hd = tables.headDim;
  return { cos: tf.tensor2d(tables.cos.subarray(0, t * hd), [t, hd]), sin: tf.tensor2d(tables.sinSigned.subarray(0, t * hd), [t, hd]) };
}

/**
 * Rotates x [B, H, T, hd] by position (positions 0..T−1), with rope = ropeTensors(tables, T):
 *   out = x·cos + swapHalves(x)·sinSigned,  i.e. (x1, x2) → (x1·cos − x2·sin, x2·cos + x1·sin).
 * Tables narrower than the head (partial rotary, rd < hd) rotate the first rd dimensions and pass the
 * rest through, as Phi does.
 */
export function applyRope(x: tf.Tensor4D, rope: { cos: tf.Tensor2D; sin: tf.Tensor2D }): tf.Tensor4D {
  const hd = x.shape[3];
  const rd = rope.cos.shape[1];
  if (rd === hd) return rotate(x, rope);
  const [rotated, passed] = tf.split(x, [rd, hd - rd], 3) as [tf.Tensor4D, tf.Tensor4D];
  return tf.concat([rotate(rotated, rope), passed], 3);
}

function rotate(x: tf.Tensor4D, rope: { cos: tf.Tensor2D; sin: tf.Tensor2D }): tf.Tensor4D {
  const [x1, x2] = tf.split(x, 2, 3) as [tf.Tensor4D, tf.Tensor4D];
  const swapped = tf.concat([x2, x1], 3);
  return tf.add(tf.mul(x, rope.cos), tf.mul(swapped, rope.sin));
}
