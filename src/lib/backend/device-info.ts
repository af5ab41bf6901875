// What the lab shows about a WebGPU device: who made it and the limits that bound a training run.
export interface DeviceInfo {
  vendor: string;
  architecture: string;
  description: string;
  limits: {
    maxStorageBufferBindingSize: number;
    maxBufferSize: number;
    maxComputeWorkgroupStorageSize: number;
    maxComputeInvocationsPerWorkgroup: number;
    maxComputeWorkgroupsPerDimension: number;
  };
  /** True for software adapters (SwiftShader, lavapipe): correct but far slower than a real GPU. */
  isSoftware: boolean;
}

const SOFTWARE_MARKERS = ['swiftshader', 'lavapipe', 'llvmpipe', 'software', 'warp'];

/** Whether an adapter's or renderer's description names a software implementation (SwiftShader, llvmpipe, ...). */
export const namesSoftware = (text: string): boolean => SOFTWARE_MARKERS.some((m) => text.toLowerCase().includes(m));

export function describeDevice(device: GPUDevice): DeviceInfo {
  // GPUDevice.adapterInfo is recent; older browsers only had adapter.info, which tfjs does not keep.
  const info = (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  const vendor = info?.vendor || 'unknown';
  const architecture = info?.architecture || 'unknown';
  const description = info?.description || '';
  const l = device.limits;
  return {
    vendor,
    architecture,
    description,
    limits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
    },
    isSoftware: namesSoftware(`${vendor} ${architecture} ${description}`),
  };
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}
