// What the norm kernels (rms-norm.ts, layer-norm.ts) share: their shape check, the dispatch of a row
// kernel (uniforms rows, d and eps) in either spread below, and of a chunk kernel, and the
// second half of a column reduction over many rows (the gain and bias gradients): the rows were summed
// in 64-row chunks into partials [chunks, d], and one invocation per column adds the chunks. Two small
// passes instead of atomics, because WGSL has no float atomics.
import type * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { ceilDiv, f32, i32, isSoftwareAdapter, linearGrid, runKernelProgram, type KernelAttrs } from './program.ts';
import { INVOCATION_ID, ROW_WG, WG_LINEAR_ID, invocationGrid, sumReduceWGSL } from './wgsl-reduce.ts';

/**
 * How a row kernel spreads a row of x [rows, d] over invocations: 'workgroup' — one workgroup per row, its
 * 64 invocations striding the columns and summing in workgroup memory (a tree of barriers), what a GPU
 * wants; 'invocation' — one invocation per row walking all of it, no barrier at all, what a software
 * adapter wants (program.ts isSoftwareAdapter). One WGSL source serves both: it is written against
 * rowIndex(), colStart(), COL_STEP and sum functions that rowPreludeWGSL defines for the spread.
 */
export type RowSpread = 'workgroup' | 'invocation';

export const defaultRowSpread = (backend: WebGPUBackend): RowSpread => (isSoftwareAdapter(backend) ? 'invocation' : 'workgroup');

/** A spread as kernel attributes (tfjs attributes are numbers and booleans), and back; none = the device's. */
export const spreadToAttrs = (spread?: RowSpread): KernelAttrs => (spread === undefined ? {} : { perInvocation: spread === 'invocation' });
export const spreadFromAttr = (perInvocation: number | boolean | undefined): RowSpread | undefined =>
  perInvocation === undefined ? undefined : perInvocation ? 'invocation' : 'workgroup';

/** Defines rowIndex(), colStart(), COL_STEP and, for each name, `fn name(v : f32, tid : u32) -> f32`:
 *  the sum of v over the row's invocations (v itself when one invocation owns the row). */
export function rowPreludeWGSL(spread: RowSpread, sums: string[]): string {
  if (spread === 'workgroup') {
    return /* wgsl */ `
${WG_LINEAR_ID}
fn rowIndex() -> i32 { return wgLinearId(); }
fn colStart() -> i32 { return i32(localIndex); }
const COL_STEP : i32 = ${ROW_WG};
${sums.map(sumReduceWGSL).join('\n')}`;
  }
  return /* wgsl */ `
${INVOCATION_ID}
fn rowIndex() -> i32 { return invocationId(); }
fn colStart() -> i32 { return 0; }
const COL_STEP : i32 = 1;
${sums.map((name) => `fn ${name}(v : f32, tid : u32) -> f32 { return v; }`).join('\n')}`;
}

/** The uniforms every norm kernel reads. */
const NORM_UNIFORMS = 'rows : i32, d : i32, eps : f32,';

/** [rows, d] of x, checking that `vector` (a gain or bias) is [d]. */
export function normDims(op: string, x: tf.TensorInfo, vector: tf.TensorInfo): [number, number] {
  if (x.shape.length !== 2) throw new Error(`${op}: x must be [rows, d], got [${x.shape.join(', ')}]`);
  if (vector.shape.length !== 1 || vector.shape[0] !== x.shape[1]) throw new Error(`${op}: gain and bias must be [${x.shape[1]}], got [${vector.shape.join(', ')}]`);
  return [x.shape[0], x.shape[1]];
}

/** A row kernel's WGSL for both spreads, built once (not per dispatch). */
export const forEachSpread = (wgsl: (spread: RowSpread) => string): Record<RowSpread, string> => ({ workgroup: wgsl('workgroup'), invocation: wgsl('invocation') });

/** Runs the row kernel `wgsl[spread]` over an output [rows, d], over a grid within WebGPU's limits. */
export function runNormKernel(
  backend: WebGPUBackend,
  shaderKey: string,
  wgsl: Record<RowSpread, string>,
  inputs: Record<string, tf.TensorInfo>,
  rows: number,
  d: number,
  eps: number,
  spread: RowSpread = defaultRowSpread(backend),
): tf.TensorInfo {
  return runKernelProgram(
    backend,
    { shaderKey: `${shaderKey}_${spread}`, variableNames: Object.keys(inputs), outputShape: [rows, d], workgroupSize: [ROW_WG, 1, 1], dispatch: spread === 'workgroup' ? linearGrid(rows) : invocationGrid(rows), uniforms: NORM_UNIFORMS, wgsl: wgsl[spread] },
    Object.values(inputs),
    [i32(rows), i32(d), f32(eps)],
  );
}

/** Partials [chunks, d] of a chunked column sum: `wgsl` runs 64 columns × one chunk of rows per workgroup. */
export function runChunkKernel(backend: WebGPUBackend, shaderKey: string, wgsl: string, inputs: Record<string, tf.TensorInfo>, rows: number, d: number, eps: number, chunks: number): tf.TensorInfo {
  return runKernelProgram(
    backend,
    { shaderKey, variableNames: Object.keys(inputs), outputShape: [chunks, d], workgroupSize: [ROW_WG, 1, 1], dispatch: [ceilDiv(d, ROW_WG), chunks, 1], uniforms: NORM_UNIFORMS, wgsl },
    Object.values(inputs),
    [i32(rows), i32(d), f32(eps)],
  );
}

/** Rows a chunk of the first pass sums; one chunk per workgroup along y, at most 65,535 of them. */
export const CHUNK_ROWS = ROW_WG;

const COLUMN_SUM_WGSL = /* wgsl */ `
fn main() {
  let col = i32(globalId.x);
  let d = uniforms.d;
  if (col < d) {
    var acc = 0.0;
    for (var c = 0; c < uniforms.chunks; c++) { acc = acc + partials[c * d + col]; }
    result[col] = acc;
  }
}
`;

/** Chunks the first pass needs for `rows` rows; throws past the grid's limit, naming the op. */
export function chunksFor(rows: number, op: string): number {
  const chunks = ceilDiv(rows, CHUNK_ROWS);
  if (chunks > 65535) throw new Error(`${op}: ${rows} rows exceed the ${65535 * CHUNK_ROWS}-row grid`);
  return chunks;
}

/** [d] column sums of partials [chunks, d]; disposes the partials. */
export function sumChunkPartials(backend: WebGPUBackend, partials: tf.TensorInfo, d: number, chunks: number): tf.TensorInfo {
  const out = runKernelProgram(
    backend,
    { shaderKey: 'synthlab_column_sum', variableNames: ['partials'], outputShape: [d], workgroupSize: [ROW_WG, 1, 1], dispatch: [ceilDiv(d, ROW_WG), 1, 1], uniforms: 'd : i32, chunks : i32,', wgsl: COLUMN_SUM_WGSL },
    [partials],
    [i32(d), i32(chunks)],
  );
  backend.disposeData(partials.dataId);
  return out;
}
