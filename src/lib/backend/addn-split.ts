// tfjs-webgpu's AddN binds every input as its own storage buffer, but a device allows only
// maxStorageBuffersPerShaderStage of them (8 by default; Dawn in Node and many mobile GPUs stop there).
// Gradients of a tensor used in many places sum through AddN, so on such devices the pipeline is
// invalid and training silently stalls. This wraps the kernel to add in groups that fit.
import * as tf from '@tensorflow/tfjs';

type KernelArgs = Parameters<tf.KernelFunc>[0];

let wrapped = false;

export function splitWideAddN(): void {
  if (wrapped) return;
  const original = tf.getKernel('AddN', 'webgpu');
  if (!original) return;
  const inner = original.kernelFunc;
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const inputs = args.inputs as unknown as tf.TensorInfo[];
    const device = (args.backend as unknown as { device: GPUDevice }).device;
    // One binding is the output; leave it room.
    const maxInputs = Math.max(2, (device.limits.maxStorageBuffersPerShaderStage ?? 8) - 1);
    if (inputs.length <= maxInputs) return inner(args) as tf.TensorInfo;
    const partials: tf.TensorInfo[] = [];
    for (let i = 0; i < inputs.length; i += maxInputs) {
      const group = inputs.slice(i, i + maxInputs);
      partials.push(group.length === 1 ? group[0] : (inner({ ...args, inputs: group as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo));
    }
    const out = kernelFunc({ ...args, inputs: partials as unknown as tf.NamedTensorInfoMap });
    // Intermediate sums belong to no tensor: release them.
    for (const p of partials) if (!inputs.includes(p)) (args.backend as unknown as tf.KernelBackend).disposeData(p.dataId);
    return out;
  };
  tf.unregisterKernel('AddN', 'webgpu');
  tf.registerKernel({ ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  wrapped = true;
}
