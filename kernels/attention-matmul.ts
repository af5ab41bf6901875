// Causal attention through whole score matrices, the variant for software adapters (attention.ts picks):
// S = Q·Kᵀ and O = P·V as batched matmuls (matmul.ts: v3 there), the scale, causal mask and softmax in
// one row kernel, and P [bh, T, T] kept for the backward pass:
//   dV = Pᵀ·dO,  dP = dO·Vᵀ,  dS = P ⊙ (dP − rowsum(P ⊙ dP)) / √hd  (a second row kernel),
//   dQ = dS·K,   dK = dSᵀ·Q.
// Why a second way: on SwiftShader the flash kernels (attention-forward.ts, -backward.ts) stage tiles
// between barriers and run their inner products scalar, one query row an invocation, while matmul v3 runs
// 4×4 blocks of vec4 products; measured by `npm run bench -- --only anatomy`. The price: the masked upper
// triangle is computed too where the matmul cannot skip it, and P costs bh·T² floats a layer until the
// backward pass, hence attention.ts's bound; the matmuls are told what the triangle lets them skip
// (matmul.ts MatmulTriangle), which takes back most of the upper triangle on v3. Both row kernels give
// each invocation one row, no barrier.
import * as tf from '@tensorflow/tfjs';
import { attentionDims } from './attention-common.ts';
import { withCustomGrad } from './custom-grad.ts';
import { matmul } from './matmul.ts';
import { f32, i32, runKernelProgram, runRegisteredKernel, type KernelImpl } from './program.ts';
import { INVOCATION_ID, ROW_WG, SAFE_EXP, invocationGrid } from './wgsl-reduce.ts';

/** Row i of a [bh·T, T] score block sees keys 0..i (i = row mod T); the rest of the row is written 0. */
const ROW_LETS = /* wgsl */ `
  let row = invocationId();
  if (row >= uniforms.rows) { return; }
  let T = uniforms.T;
  let last = row % T;
  let base = row * T;
`;

// P_ij = exp(scale·(s_ij − max_j s)) / Σ: the row max of s is the max of scale·s, scale being positive.
const SOFTMAX_WGSL = /* wgsl */ `
${INVOCATION_ID}
${SAFE_EXP}
fn main() {${ROW_LETS}
  var m = -1.0e30;
  for (var j = 0; j <= last; j++) { m = max(m, s[base + j]); }
  var l = 0.0;
  for (var j = 0; j <= last; j++) { l += safeExp((s[base + j] - m) * uniforms.scale); }
  let inv = 1.0 / l;
  for (var j = 0; j <= last; j++) { result[base + j] = safeExp((s[base + j] - m) * uniforms.scale) * inv; }
  for (var j = last + 1; j < T; j++) { result[base + j] = 0.0; }
}
`;

const SOFTMAX_GRAD_WGSL = /* wgsl */ `
${INVOCATION_ID}
fn main() {${ROW_LETS}
  var d = 0.0;
  for (var j = 0; j <= last; j++) { d += p[base + j] * dp[base + j]; }
  for (var j = 0; j <= last; j++) { result[base + j] = uniforms.scale * p[base + j] * (dp[base + j] - d); }
  for (var j = last + 1; j < T; j++) { result[base + j] = 0.0; }
}
`;

function rowKernel(shaderKey: string, wgsl: string): KernelImpl {
  return (inputs, { scale }, backend) => {
    const first = Object.values(inputs)[0];
    const [bh, t] = first.shape;
    const rows = bh * t;
    return runKernelProgram(
      backend,
      { shaderKey, variableNames: Object.keys(inputs), outputShape: [bh, t, t], workgroupSize: [ROW_WG, 1, 1], dispatch: invocationGrid(rows), uniforms: 'T : i32, rows : i32, scale : f32,', wgsl },
      Object.values(inputs),
      [i32(t), i32(rows), f32(Number(scale))],
    );
  };
}

const softmaxImpl = rowKernel('synthlab_attn_softmax', SOFTMAX_WGSL);
const softmaxGradImpl = rowKernel('synthlab_attn_softmax_grad', SOFTMAX_GRAD_WGSL);

/** P = causal softmax(scale·s) of scores s [bh, T, T]. */
export function causalSoftmax(s: tf.Tensor3D, scale: number): tf.Tensor3D {
  return runRegisteredKernel('SynthlabAttentionSoftmax', softmaxImpl, { s }, { scale }) as tf.Tensor3D;
}

/** dS = scale · P ⊙ (dP − rowsum(P ⊙ dP)): the gradient of the scores s given P = causalSoftmax(s, scale). */
export function causalSoftmaxGrad(p: tf.Tensor3D, dp: tf.Tensor3D, scale: number): tf.Tensor3D {
  return runRegisteredKernel('SynthlabAttentionSoftmaxGrad', softmaxGradImpl, { p, dp }, { scale }) as tf.Tensor3D;
}

/** softmax(mask(q·kᵀ)/√hd)·v for q, k, v [batch, heads, T, hd], through the scores; differentiable. */
export function causalAttentionByMatmul(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D): tf.Tensor4D {
  const { b, h, t, hd } = attentionDims(q, k, v, Infinity);
  const rows: [number, number, number] = [b * h, t, hd];
  const scale = 1 / Math.sqrt(hd);
  const f = withCustomGrad<tf.Tensor4D>(([qq, kk, vv], save) => {
    const [q3, k3, v3] = [qq, kk, vv].map((x) => x.reshape(rows)) as tf.Tensor3D[];
    // 'lower-c': S's blocks above the diagonal are never written (they hold stale buffer contents); only
    // the softmax reads S, and only on and below the diagonal. The same holds for dP below.
    const p = tf.tidy(() => causalSoftmax(matmul(q3, k3, false, true, undefined, 'lower-c') as tf.Tensor3D, scale));
    save([q3, k3, v3, p]);
    return {
      value: matmul(p, v3, false, false, undefined, 'lower-a').reshape(q.shape) as tf.Tensor4D,
      gradFunc: (dy, saved) =>
        tf.tidy(() => {
          const [sq, sk, sv, sp] = saved as tf.Tensor3D[];
          const dout = dy.reshape(rows) as tf.Tensor3D;
          const ds = causalSoftmaxGrad(sp, matmul(dout, sv, false, true, undefined, 'lower-c') as tf.Tensor3D, scale);
          // P and dS are zero above the diagonal: dQ's sum over keys stops at the query, dK's and dV's
          // sums over queries start at the key.
          const dq = matmul(ds, sk, false, false, undefined, 'lower-a');
          const dk = matmul(ds, sq, true, false, undefined, 'upper-a');
          const dv = matmul(sp, dout, true, false, undefined, 'upper-a');
          return [dq, dk, dv].map((g) => g.reshape(q.shape));
        }),
    };
  });
  return f(q, k, v);
}
