// Records the compute dispatches of a stretch of GPU work (one training step, say) at the WebGPU API,
// with what each needs to run again: its pipeline, its bind groups, its workgroup counts and the bytes of
// its uniform buffers at the time (tfjs reuses uniform buffers, so later passes overwrite them). Replaying
// one recorded dispatch alone on the queue times it without tfjs's JavaScript around it: the step's
// anatomy (anatomy.bench.ts).
import { tap } from './gpu-tap.ts';

export interface RecordedDispatch {
  /** Our kernels' shader key (program.ts writes it as the WGSL's first comment), else tfjs's program class. */
  name: string;
  pipeline: GPUComputePipeline;
  bindGroups: Array<[number, GPUBindGroup]>;
  workgroups: [number, number, number];
  uniforms: Array<[GPUBuffer, Uint8Array<ArrayBuffer>]>;
}

const moduleCode = new WeakMap<object, string>();
const pipelineNames = new WeakMap<object, string>();
const uniformBuffersOf = new WeakMap<object, GPUBuffer[]>();
const lastUniformBytes = new WeakMap<GPUBuffer, Uint8Array<ArrayBuffer>>();
const passBindGroups = new WeakMap<object, Map<number, GPUBindGroup>>();
const passPipeline = new WeakMap<object, GPUComputePipeline>();
let recorded: RecordedDispatch[] | null = null;
let installed = false;

const KEY_COMMENT = /\/\/ (synthlab_\w+)/;

function nameOf(descriptor: GPUComputePipelineDescriptor): string {
  const code = moduleCode.get(descriptor.compute.module) ?? '';
  return KEY_COMMENT.exec(code)?.[1] ?? (descriptor.label || 'unlabelled');
}

/** The bytes writeBuffer(buffer, offset, data, dataOffset?, size?) writes: offset and size count elements of a typed array, bytes of an ArrayBuffer. */
function bytesOf(data: unknown, dataOffset = 0, size?: number): Uint8Array<ArrayBuffer> {
  const view = ArrayBuffer.isView(data) ? data : new Uint8Array(data as ArrayBuffer);
  const unit = 'BYTES_PER_ELEMENT' in view ? (view.BYTES_PER_ELEMENT as number) : 1;
  const start = view.byteOffset + dataOffset * unit;
  const end = size === undefined ? view.byteOffset + view.byteLength : start + size * unit;
  return new Uint8Array(view.buffer, start, end - start).slice();
}

/** Patches the WebGPU prototypes once (before the backend compiles its pipelines); later calls are no-ops. */
export function installGpuRecorder(): void {
  if (installed || typeof GPUDevice === 'undefined') return;
  installed = true;
  tap(GPUDevice.prototype, 'createShaderModule', (_, args, module) => moduleCode.set(module as object, (args[0] as GPUShaderModuleDescriptor).code));
  tap(GPUDevice.prototype, 'createComputePipeline', (_, args, pipeline) => pipelineNames.set(pipeline as object, nameOf(args[0] as GPUComputePipelineDescriptor)));
  tap(GPUDevice.prototype, 'createComputePipelineAsync', (_, args, pending) => {
    const name = nameOf(args[0] as GPUComputePipelineDescriptor);
    void (pending as Promise<object>).then((p) => pipelineNames.set(p, name), () => {});
  });
  tap(GPUDevice.prototype, 'createBindGroup', (_, args, group) => {
    const entries = [...(args[0] as GPUBindGroupDescriptor).entries];
    const uniforms = entries
      .map((e) => (e.resource as GPUBufferBinding).buffer)
      .filter((b): b is GPUBuffer => b instanceof GPUBuffer && (b.usage & GPUBufferUsage.UNIFORM) !== 0);
    uniformBuffersOf.set(group as object, uniforms);
  });
  tap(GPUQueue.prototype, 'writeBuffer', (_, args) => {
    const buffer = args[0] as GPUBuffer;
    if (buffer.usage & GPUBufferUsage.UNIFORM && args[1] === 0) lastUniformBytes.set(buffer, bytesOf(args[2], args[3] as number | undefined, args[4] as number | undefined));
  });
  tap(GPUComputePassEncoder.prototype, 'setPipeline', (self, args) => passPipeline.set(self as object, args[0] as GPUComputePipeline));
  tap(GPUComputePassEncoder.prototype, 'setBindGroup', (self, args) => {
    const groups = passBindGroups.get(self as object) ?? new Map<number, GPUBindGroup>();
    groups.set(args[0] as number, args[1] as GPUBindGroup);
    passBindGroups.set(self as object, groups);
  });
  tap(GPUComputePassEncoder.prototype, 'dispatchWorkgroups', (self, args) => {
    if (!recorded) return;
    const pipeline = passPipeline.get(self as object)!;
    const bindGroups = [...(passBindGroups.get(self as object) ?? new Map<number, GPUBindGroup>())];
    const uniforms = bindGroups.flatMap(([, g]) => uniformBuffersOf.get(g) ?? []).map((b): [GPUBuffer, Uint8Array<ArrayBuffer>] => [b, lastUniformBytes.get(b) ?? new Uint8Array(0)]);
    const [x, y = 1, z = 1] = args as number[];
    recorded.push({ name: pipelineNames.get(pipeline) ?? 'unlabelled', pipeline, bindGroups, workgroups: [x, y, z], uniforms });
  });
}

/** Records every dispatch encoded while `work` runs (and until its promise settles). */
export async function recordDispatches(work: () => Promise<void>): Promise<RecordedDispatch[]> {
  recorded = [];
  try {
    await work();
    return recorded;
  } finally {
    recorded = null;
  }
}

/** Encodes and submits `d` `repeats` times in one pass after restoring its uniforms; does not wait. */
export function submitDispatch(device: GPUDevice, d: RecordedDispatch, repeats = 1): void {
  for (const [buffer, bytes] of d.uniforms) if (bytes.byteLength > 0) device.queue.writeBuffer(buffer, 0, bytes);
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(d.pipeline);
  for (const [index, group] of d.bindGroups) pass.setBindGroup(index, group);
  for (let r = 0; r < repeats; r++) pass.dispatchWorkgroups(...d.workgroups);
  pass.end();
  device.queue.submit([encoder.finish()]);
}
