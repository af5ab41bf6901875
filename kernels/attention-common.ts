// What the attention kernels share: the tiling, the shape checks, and the WGSL of a query-row block —
// its constants and staged key/value tiles, the per-invocation row lets, the causal tile count, and the
// loop body that stages one key/value tile. The forward kernel and the backward dQ kernel walk keys the
// same way; only what they accumulate differs.
import type * as tf from '@tensorflow/tfjs';
import { SAFE_EXP } from './wgsl-reduce.ts';

export const ATTN_ROWS = 64; // query rows per workgroup (= invocations)
export const ATTN_KEYS = 32; // keys per staged tile
/** Head sizes up to this fit the staged K and V tiles (2·32·128·4 B = 32 KiB) in workgroup memory. */
export const ATTN_MAX_HD = 96;

/**
 * Workgroup memory the attention kernels declare for head size `hd`, the larger of the two: the dK/dV
 * kernel stages query and output-gradient tiles (2·ATTN_KEYS·hd floats) plus a log-sum-exp and a D value
 * per query and one shared i32; the forward and dQ kernels stage key and value tiles of the same size plus
 * one i32. WebGPU guarantees only 16 KiB, so head size 64 needs a device that grants more.
 */
export function attentionWorkgroupBytes(hd: number): number {
  return 4 * (2 * ATTN_KEYS * hd + 2 * ATTN_KEYS + 1);
}

/** [batch, heads, T, hd] of q, checking k and v match it and the head size is at most `maxHd`. */
export function attentionDims(q: tf.TensorInfo, k: tf.TensorInfo, v: tf.TensorInfo, maxHd = ATTN_MAX_HD): { b: number; h: number; t: number; hd: number } {
  if (q.shape.length !== 4) throw new Error(`causalAttention: q must be [batch, heads, T, hd], got [${q.shape.join(', ')}]`);
  for (const [name, x] of [['k', k], ['v', v]] as const) {
    if (x.shape.join(',') !== q.shape.join(',')) throw new Error(`causalAttention: ${name} is [${x.shape.join(', ')}], q is [${q.shape.join(', ')}]`);
  }
  const [b, h, t, hd] = q.shape;
  if (hd > maxHd) throw new Error(`causalAttention: head size ${hd} exceeds ${maxHd}`);
  return { b, h, t, hd };
}

/** Module scope of a query-block kernel: constants and the staged key/value tiles. */
export function queryBlockDeclsWGSL(hd: number): string {
  return /* wgsl */ `
${SAFE_EXP}
const HD : i32 = ${hd};
const BR : i32 = ${ATTN_ROWS};
const BC : i32 = ${ATTN_KEYS};
var<workgroup> kTile : array<f32, ${ATTN_KEYS * hd}>;
var<workgroup> vTile : array<f32, ${ATTN_KEYS * hd}>;
var<workgroup> numTilesShared : i32;
`;
}

/** Start of main(): which (batch·head, query row) this invocation owns. */
export const QUERY_ROW_LETS = /* wgsl */ `
  let T = uniforms.T;
  let bh = i32(workgroupId.y);
  let q0 = i32(workgroupId.x) * BR;
  let tid = i32(localIndex);
  let qi = q0 + tid;
  let live = qi < T;
  let base = bh * T * HD;
  let scale = inverseSqrt(f32(HD));
`;

/** Causal: keys past this block's last query are never needed. The count must be workgroup-uniform
 *  (barriers inside the loop), which private ids are not to the WGSL analysis, hence the uniform load. */
export const CAUSAL_TILE_COUNT = /* wgsl */ `
  if (tid == 0) { numTilesShared = (min(q0 + BR, T) - 1) / BC + 1; }
  let numTiles = workgroupUniformLoad(&numTilesShared);
`;

/** Inside the tile loop (after \`let k0 = t * BC;\`): stage keys k0..k0+BC, zeros past T. */
export const STAGE_KEY_TILE = /* wgsl */ `
    for (var idx = tid; idx < BC * HD; idx += BR) {
      let key = k0 + idx / HD;
      let inRange = key < T;
      let g = base + min(key, T - 1) * HD + idx % HD;
      kTile[idx] = select(0.0, k_in[g], inRange);
      vTile[idx] = select(0.0, v_in[g], inRange);
    }
`;
