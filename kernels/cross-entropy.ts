// Fused softmax cross-entropy over a vocabulary, one workgroup per row.
// Forward: each invocation keeps an online (max, sum-of-exp) over its strided slice of the row — a single
// pass over the vocabulary — the workgroup merges those into the row's logsumexp, and the row's loss is
// lse − logit[target]. Backward recomputes the lse the same way (cheaper than storing a second output)
// and writes dlogits = (softmax − onehot)·dloss in a second sweep. Any vocab size works: invocations
// stride by the workgroup width, so there is no vector-width assumption (V = 257 is a test case).
import * as tf from '@tensorflow/tfjs';
import { withCustomGrad } from './custom-grad.ts';
import { i32, linearGrid, runKernelProgram, runRegisteredKernel, type KernelImpl } from './program.ts';
import { LSE_REDUCE, ROW_WG, SAFE_EXP, WG_LINEAR_ID } from './wgsl-reduce.ts';

const ROW_LSE = /* wgsl */ `
${WG_LINEAR_ID}
${SAFE_EXP}
${LSE_REDUCE}
// Logsumexp of row 'row' (or of nothing when the row is past the end), agreed by the whole workgroup.
fn rowLse(row : i32, live : bool, tid : u32) -> f32 {
  let V = uniforms.vocab;
  var m = -1.0e30;
  var s = 0.0;
  if (live) {
    let base = row * V;
    for (var j = i32(tid); j < V; j = j + ${ROW_WG}) {
      let x = logits[base + j];
      if (x > m) {
        s = s * safeExp(m - x) + 1.0;
        m = x;
      } else {
        s = s + safeExp(x - m);
      }
    }
  }
  return lseReduce(m, s, tid);
}
`;

const FORWARD_WGSL = /* wgsl */ `
${ROW_LSE}
fn main() {
  let row = wgLinearId();
  let live = row < uniforms.rows;
  let lse = rowLse(row, live, localIndex);
  if (live && localIndex == 0u) {
    // Clamp so a bad target reads inside the row rather than another row.
    let t = clamp(targets[row], 0, uniforms.vocab - 1);
    result[row] = lse - logits[row * uniforms.vocab + t];
  }
}
`;

const BACKWARD_WGSL = /* wgsl */ `
${ROW_LSE}
fn main() {
  let row = wgLinearId();
  let live = row < uniforms.rows;
  let lse = rowLse(row, live, localIndex);
  if (live) {
    let V = uniforms.vocab;
    let base = row * V;
    let t = targets[row];
    let g = dloss[row];
    for (var j = i32(localIndex); j < V; j = j + ${ROW_WG}) {
      let p = safeExp(logits[base + j] - lse);
      result[base + j] = (p - select(0.0, 1.0, j == t)) * g;
    }
  }
}
`;

function rowsAndVocab(logits: tf.TensorInfo): [number, number] {
  if (logits.shape.length !== 2) throw new Error(`crossEntropy: logits must be [rows, vocab], got [${logits.shape.join(', ')}]`);
  return [logits.shape[0], logits.shape[1]];
}

const forwardImpl: KernelImpl = ({ logits, targets }, _attrs, backend) => {
  const [rows, vocab] = rowsAndVocab(logits);
  return runKernelProgram(
    backend,
    {
      shaderKey: 'synthlab_xent_fwd',
      variableNames: ['logits', 'targets'],
      outputShape: [rows],
      workgroupSize: [ROW_WG, 1, 1],
      dispatch: linearGrid(rows),
      uniforms: 'rows : i32, vocab : i32,',
      wgsl: FORWARD_WGSL,
    },
    [logits, targets],
    [i32(rows), i32(vocab)],
  );
};

const backwardImpl: KernelImpl = ({ logits, targets, dloss }, _attrs, backend) => {
  const [rows, vocab] = rowsAndVocab(logits);
  return runKernelProgram(
    backend,
    {
      shaderKey: 'synthlab_xent_bwd',
      variableNames: ['logits', 'targets', 'dloss'],
      outputShape: [rows, vocab],
      workgroupSize: [ROW_WG, 1, 1],
      dispatch: linearGrid(rows),
      uniforms: 'rows : i32, vocab : i32,',
      wgsl: BACKWARD_WGSL,
    },
    [logits, targets, dloss],
    [i32(rows), i32(vocab)],
  );
};

function checkTargets(logits: tf.Tensor, targets: tf.Tensor): void {
  if (targets.dtype !== 'int32') throw new Error(`crossEntropy: targets must be int32, got ${targets.dtype}`);
  if (targets.rank !== 1 || targets.shape[0] !== logits.shape[0]) {
    throw new Error(`crossEntropy: targets must be [${logits.shape[0]}], got [${targets.shape.join(', ')}]`);
  }
}

/** Per-row loss [rows] = logsumexp(logits[r]) − logits[r, targets[r]] (no gradient). */
export function crossEntropyForward(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Tensor1D {
  checkTargets(logits, targets);
  return runRegisteredKernel('SynthlabCrossEntropy', forwardImpl, { logits, targets }) as tf.Tensor1D;
}

/** dlogits [rows, V] = (softmax(logits) − onehot(targets)) · dloss[:, None]. */
export function crossEntropyBackward(logits: tf.Tensor2D, targets: tf.Tensor1D, dloss: tf.Tensor1D): tf.Tensor2D {
  checkTargets(logits, targets);
  return runRegisteredKernel('SynthlabCrossEntropyGrad', backwardImpl, { logits, targets, dloss }) as tf.Tensor2D;
}

/** Per-row cross-entropy with our backward kernel as its gradient (targets get none). */
export function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Tensor1D {
  checkTargets(logits, targets);
  // Targets are closed over rather than passed in: customGrad wants a gradient for every input.
  const f = withCustomGrad<tf.Tensor1D>(([l], save) => {
    save([l]);
    return {
      value: crossEntropyForward(l as tf.Tensor2D, targets),
      gradFunc: (dy, saved) => crossEntropyBackward(saved[0] as tf.Tensor2D, targets, dy),
    };
  });
  return f(logits);
}
