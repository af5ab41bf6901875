// The embedding table's gradient, dE[v, c] = Σ over tokens t with ids[t] = v of dy[t, c], in one pass:
// one invocation per entry of dE [vocab, d] (or per 4 of a row) walks the ids. Stock tfjs builds a one-hot [tokens, vocab]
// matrix and multiplies (two dispatches, and tfjs's matmul is the slowest pass of a micro step on a
// software adapter: `npm run bench -- --only anatomy`); the walk does vocab·d·tokens compares and no
// multiply. ids are int32 (tfjs binds them as i32).
import * as tf from '@tensorflow/tfjs';
import { i32, runKernelProgram, runRegisteredKernel, type KernelImpl } from './program.ts';
import { INVOCATION_ID, ROW_WG, invocationGrid } from './wgsl-reduce.ts';

/** `width` columns an invocation (4 when d is a multiple of 4: dy and dE bound as vec4, a quarter of the walks). */
const wgsl = (width: 1 | 4): string => /* wgsl */ `
${INVOCATION_ID}
fn main() {
  let i = invocationId();
  let cols = uniforms.d / ${width};
  if (i >= uniforms.vocab * cols) { return; }
  let v = i / cols;
  let c = i % cols;
  var acc = ${width === 4 ? 'vec4<f32>()' : '0.0'};
  for (var t = 0; t < uniforms.tokens; t++) {
    if (ids[t] == v) { acc += dy[t * cols + c]; }
  }
  result[i] = acc;
}
`;

const WGSL = { 1: wgsl(1), 4: wgsl(4) };

const impl: KernelImpl = ({ ids, dy }, { vocab }, backend) => {
  const [tokens, d] = dy.shape;
  if (ids.shape.length !== 1 || ids.shape[0] !== tokens) throw new Error(`embeddingGrad: ids must be [${tokens}], got [${ids.shape.join(', ')}]`);
  const v = Number(vocab);
  const width = d % 4 === 0 ? 4 : 1;
  return runKernelProgram(
    backend,
    {
      shaderKey: `synthlab_embedding_grad_w${width}`,
      variableNames: ['ids', 'dy'],
      outputShape: [v, d],
      workgroupSize: [ROW_WG, 1, 1],
      dispatch: invocationGrid((v * d) / width),
      uniforms: 'vocab : i32, d : i32, tokens : i32,',
      wgsl: WGSL[width],
      variableComponents: [1, width],
      outputComponent: width,
    },
    [ids, dy],
    [i32(v), i32(d), i32(tokens)],
  );
};

/** dE [vocab, d] of an embedding lookup: the rows of dy [tokens, d] summed by token id (int32 ids [tokens]). */
export function embeddingGrad(ids: tf.Tensor1D, dy: tf.Tensor2D, vocab: number): tf.Tensor2D {
  return runRegisteredKernel('SynthlabEmbeddingGrad', impl, { ids, dy }, { vocab }) as tf.Tensor2D;
}
