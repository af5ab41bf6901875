// Batched likelihood scoring: the one primitive behind bits-per-byte, probe ranking and minimal pairs.
// Every forward pass has batchSize rows and a power-of-two length (windowLength: few distinct shapes,
// as tfjs-webgpu pools buffers by exact size), short rows are right-padded and masked, and only one
// small vector is read back per batch.
import * as tf from '@tensorflow/tfjs';
import { tokenNats, type Model } from '../model/model.ts';
import { countPass, windowLength, type ForwardMeter } from './meter.ts';

/** Score the continuation's tokens given the context (the context's own tokens are not scored). */
export interface ScoreItem {
  /** At least one token (e.g. the document separator) so the first continuation token has a condition. */
  context: ArrayLike<number>;
  continuation: ArrayLike<number>;
}

export interface ScoreOptions {
  /** Rows per forward pass (fixed; the last batch is padded with empty rows). */
  batchSize: number;
  meter?: ForwardMeter;
}

/** Inputs a row of this item occupies once packed (context left-truncated to fit T + 1 tokens). */
export function packedLength(item: ScoreItem, T: number): number {
  return Math.min(item.context.length, T + 1 - item.continuation.length) + item.continuation.length - 1;
}

/**
 * Lays one item out as a row of up to T inputs / targets / mask values. The context is left-truncated
 * when context + continuation exceed T + 1 tokens (the model cannot see further back anyway).
 */
export function packRow(item: ScoreItem, T: number, inputs: Int32Array, targets: Int32Array, mask: Float32Array, offset: number): void {
  const cont = item.continuation.length;
  if (cont > T) throw new Error(`continuation of ${cont} tokens does not fit a context of ${T}`);
  if (item.context.length < 1) throw new Error('a scored item needs at least one context token');
  const ctxKeep = Math.min(item.context.length, T + 1 - cont);
  const seq = new Int32Array(ctxKeep + cont);
  for (let i = 0; i < ctxKeep; i++) seq[i] = item.context[item.context.length - ctxKeep + i];
  for (let i = 0; i < cont; i++) seq[ctxKeep + i] = item.continuation[i];
  for (let i = 0; i + 1 < seq.length; i++) {
    inputs[offset + i] = seq[i];
    targets[offset + i] = seq[i + 1];
    if (i + 1 >= ctxKeep) mask[offset + i] = 1; // target i+1 is a continuation token
  }
}

/**
 * Splits an item whose continuation is longer than T into chunks of ≤ T scored tokens; each chunk's
 * context is everything before it (packRow keeps as much of it as fits).
 */
export function splitLongItem(item: ScoreItem, T: number): ScoreItem[] {
  const cont = item.continuation;
  if (cont.length <= T) return [item];
  const all = Int32Array.from([...Array.from(item.context), ...Array.from(cont)]);
  const ctxLen = item.context.length;
  const chunks: ScoreItem[] = [];
  for (let start = 0; start < cont.length; start += T) {
    chunks.push({ context: all.subarray(0, ctxLen + start), continuation: all.subarray(ctxLen + start, ctxLen + Math.min(cont.length, start + T)) });
  }
  return chunks;
}

/**
 * Sum of −ln p (nats) over each item's continuation tokens, in item order. Continuations longer than
 * the context window are scored in consecutive chunks (each conditioned on what fits before it).
 */
export async function scoreItems(model: Model, items: readonly ScoreItem[], opts: ScoreOptions): Promise<Float64Array> {
  const T = model.config.contextLength;
  const owner: number[] = [];
  const chunks: ScoreItem[] = [];
  items.forEach((item, i) =>
    splitLongItem(item, T).forEach((c) => {
      chunks.push(c);
      owner.push(i);
    }),
  );
  const chunkNats = await scoreChunks(model, chunks, opts);
  const out = new Float64Array(items.length);
  chunkNats.forEach((n, j) => (out[owner[j]] += n));
  return out;
}

/** scoreItems for items that already fit one window each. */
async function scoreChunks(model: Model, items: readonly ScoreItem[], opts: ScoreOptions): Promise<Float64Array> {
  const T = model.config.contextLength;
  const B = opts.batchSize;
  const out = new Float64Array(items.length);
  for (let start = 0; start < items.length; start += B) {
    const n = Math.min(B, items.length - start);
    let longest = 1;
    for (let r = 0; r < n; r++) longest = Math.max(longest, packedLength(items[start + r], T));
    const L = windowLength(longest, T);
    const inputs = new Int32Array(B * L);
    const targets = new Int32Array(B * L);
    const mask = new Float32Array(B * L);
    for (let r = 0; r < n; r++) packRow(items[start + r], T, inputs, targets, mask, r * L);
    countPass(opts.meter, B, L);
    const sumsT = tf.tidy(() => {
      const nats = tokenNats(model, tf.tensor2d(inputs, [B, L], 'int32'), tf.tensor2d(targets, [B, L], 'int32'));
      return tf.sum(tf.reshape(tf.mul(nats, tf.tensor1d(mask)), [B, L]), 1);
    });
    const sums = await sumsT.data();
    sumsT.dispose();
    for (let r = 0; r < n; r++) out[start + r] = sums[r];
  }
  return out;
}

/** Forward passes scoreItems makes for these items: one per batchSize window-sized chunks. */
export function scorePasses(items: readonly ScoreItem[], contextLength: number, batchSize: number): number {
  const chunks = items.reduce((n, item) => n + Math.max(1, Math.ceil(item.continuation.length / contextLength)), 0);
  return Math.ceil(chunks / batchSize);
}
