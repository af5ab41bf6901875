// Byte-order helpers. Every format we write (llm.c shards, safetensors) is little-endian on disk. Typed
// arrays use the host's byte order, which is little-endian on every platform the lab runs on, so the
// fast path is a plain copy; the DataView path keeps the output correct on a big-endian host anyway.

/** True when the host stores multi-byte numbers least significant byte first. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Writes `values` as little-endian float32 into `out` at byte offset `at`. */
export function writeF32LE(out: Uint8Array, at: number, values: Float32Array): void {
  if (HOST_IS_LITTLE_ENDIAN) {
    out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), at);
    return;
  }
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let i = 0; i < values.length; i++) dv.setFloat32(at + 4 * i, values[i], true);
}

/** Reads `count` little-endian float32 values starting at byte offset `at` (always a fresh, aligned copy). */
export function readF32LE(bytes: Uint8Array, at: number, count: number): Float32Array {
  const out = new Float32Array(count);
  if (HOST_IS_LITTLE_ENDIAN) {
    // Copy the bytes rather than view them: `at` need not be 4-byte aligned inside the file.
    new Uint8Array(out.buffer).set(bytes.subarray(at, at + 4 * count));
    return out;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) out[i] = dv.getFloat32(at + 4 * i, true);
  return out;
}

/** Reads `count` little-endian uint16 values starting at byte offset `at` (a fresh copy). */
export function readU16LE(bytes: Uint8Array, at: number, count: number): Uint16Array {
  const out = new Uint16Array(count);
  if (HOST_IS_LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(bytes.subarray(at, at + 2 * count));
    return out;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) out[i] = dv.getUint16(at + 2 * i, true);
  return out;
}
