// WGSL snippets shared by the kernels: the linear workgroup id over a 2-D grid (and the invocation id of
// kernels that give each invocation one item), a clamped exp, and tree reductions in workgroup memory. Every reduction contains
// workgroupBarrier(), so callers must reach it in uniform control flow (guard loads, never the call).

import { ceilDiv, linearGrid } from './program.ts';

export const ROW_WG = 64;

/** Index of this workgroup when dispatched over `linearGrid(n)` (see program.ts). */
export const WG_LINEAR_ID = /* wgsl */ `
fn wgLinearId() -> i32 {
  return i32(workgroupId.y * numWorkgroups.x + workgroupId.x);
}
`;

/** Index of this invocation when each handles one item, dispatched over `invocationGrid(n)`: fn invocationId(). */
export const INVOCATION_ID = /* wgsl */ `
${WG_LINEAR_ID}
fn invocationId() -> i32 {
  return wgLinearId() * ${ROW_WG} + i32(localIndex);
}
`;

/** The grid for `n` items, one per invocation, in workgroups of ROW_WG (kernels read INVOCATION_ID). */
export const invocationGrid = (n: number): [number, number, number] => linearGrid(ceilDiv(n, ROW_WG));

/** exp() whose argument is clamped: our arguments are ≤ 0 by construction (x − running max), the clamp
 *  only guards against overflow if that ever breaks, and keeps the result finite and ≥ 0. */
export const SAFE_EXP = /* wgsl */ `
fn safeExp(x : f32) -> f32 {
  return exp(clamp(x, -87.0, 80.0));
}
`;

/** Sum of `v` over the workgroup, returned to every invocation; `name` keeps scratch arrays distinct. */
export function sumReduceWGSL(name: string): string {
  return /* wgsl */ `
var<workgroup> ${name}Scratch : array<f32, ${ROW_WG}>;
fn ${name}(v : f32, tid : u32) -> f32 {
  ${name}Scratch[tid] = v;
  workgroupBarrier();
  for (var stride = ${ROW_WG / 2}u; stride > 0u; stride = stride >> 1u) {
    if (tid < stride) { ${name}Scratch[tid] = ${name}Scratch[tid] + ${name}Scratch[tid + stride]; }
    workgroupBarrier();
  }
  let total = ${name}Scratch[0];
  // Everyone must read the total before a later call may overwrite slot 0.
  workgroupBarrier();
  return total;
}
`;
}

/** Combines per-invocation online-softmax states (running max m, sum s of exp(x − m)) into the
 *  workgroup's logsumexp, returned to every invocation. */
export const LSE_REDUCE = /* wgsl */ `
var<workgroup> lseMax : array<f32, ${ROW_WG}>;
var<workgroup> lseSum : array<f32, ${ROW_WG}>;
fn lseReduce(m : f32, s : f32, tid : u32) -> f32 {
  lseMax[tid] = m;
  lseSum[tid] = s;
  workgroupBarrier();
  for (var stride = ${ROW_WG / 2}u; stride > 0u; stride = stride >> 1u) {
    if (tid < stride) {
      let m1 = lseMax[tid];
      let m2 = lseMax[tid + stride];
      let mm = max(m1, m2);
      lseSum[tid] = lseSum[tid] * safeExp(m1 - mm) + lseSum[tid + stride] * safeExp(m2 - mm);
      lseMax[tid] = mm;
    }
    workgroupBarrier();
  }
  let lse = lseMax[0] + log(lseSum[0]);
  workgroupBarrier();
  return lse;
}
`;
