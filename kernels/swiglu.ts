// Fused SwiGLU activation, SiLU(gate)·up (the llama style's MLP): one dispatch forward and two backward
// (one per input), where stock tfjs runs 3 ops forward and 8 backward, and its sigmoid gradient uploads
// the constant 1 every step. Elementwise over any shape, 64 elements a workgroup over a 2-D grid.
import * as tf from '@tensorflow/tfjs';
import { withCustomGrad } from './custom-grad.ts';
import { i32, runKernelProgram, runRegisteredKernel, type KernelImpl, elementCount } from './program.ts';
import { INVOCATION_ID, ROW_WG, invocationGrid } from './wgsl-reduce.ts';

// σ through a clamped exp: exp(88) already overflows float32, and overflow is not defined in WGSL.
const SIGMOID = /* wgsl */ `
${INVOCATION_ID}
fn sigmoid(v : f32) -> f32 { return 1.0 / (1.0 + exp(clamp(-v, -80.0, 80.0))); }
`;

type Part = 'forward' | 'dGate' | 'dUp';

const BODY: Record<Part, string> = {
  forward: 'result[i] = g * sigmoid(g) * up[i];',
  dGate: 'let s = sigmoid(g);\n    result[i] = dy[i] * up[i] * s * (1.0 + g * (1.0 - s));',
  dUp: 'result[i] = dy[i] * g * sigmoid(g);',
};

const wgsl = (part: Part) => /* wgsl */ `
${SIGMOID}
fn main() {
  let i = invocationId();
  if (i < uniforms.n) {
    let g = gate[i];
    ${BODY[part]}
  }
}
`;

const impl =
  (part: Part): KernelImpl =>
  (inputs, _attrs, backend) => {
    const { gate } = inputs;
    const n = elementCount(gate);
    const names = part === 'forward' ? ['gate', 'up'] : part === 'dGate' ? ['gate', 'up', 'dy'] : ['gate', 'dy'];
    for (const name of names) if (elementCount(inputs[name]) !== n) throw new Error(`swiglu ${part}: ${name} has ${elementCount(inputs[name])} elements, gate has ${n}`);
    return runKernelProgram(
      backend,
      { shaderKey: `synthlab_swiglu_${part}`, variableNames: names, outputShape: [...gate.shape], workgroupSize: [ROW_WG, 1, 1], dispatch: invocationGrid(n), uniforms: 'n : i32,', wgsl: wgsl(part) },
      names.map((name) => inputs[name]),
      [i32(n)],
    );
  };

const forwardImpl = impl('forward');
const dGateImpl = impl('dGate');
const dUpImpl = impl('dUp');

export function swigluForward<T extends tf.Tensor>(gate: T, up: T): T {
  return runRegisteredKernel('SynthlabSwiglu', forwardImpl, { gate, up }) as T;
}

export function swigluBackward<T extends tf.Tensor>(gate: T, up: T, dy: T): { dGate: T; dUp: T } {
  return {
    dGate: runRegisteredKernel('SynthlabSwigluGradGate', dGateImpl, { gate, up, dy }) as T,
    dUp: runRegisteredKernel('SynthlabSwigluGradUp', dUpImpl, { gate, dy }) as T,
  };
}

/** SiLU(gate)·up with our backward kernels as its gradient (both inputs). */
export function swiglu<T extends tf.Tensor>(gate: T, up: T): T {
  const f = withCustomGrad<T>(([g, u], save) => {
    save([g, u]);
    return {
      value: swigluForward(g as T, u as T),
      gradFunc: (dy, saved) => {
        const { dGate, dUp } = swigluBackward(saved[0] as T, saved[1] as T, dy);
        return [dGate, dUp];
      },
    };
  });
  return f(gate, up);
}
