// The share-link payload codec: JSON → deflate-raw → base64url, and back with hard limits, so a
// garbled, truncated, oversized or hostile link yields a clear error, never a crash or a zip bomb.
import { parseJsonSafely } from '../schema/safe-json.ts';
import { fail, ok, type Result } from '../schema/validate.ts';
import { fromBase64Url, toBase64Url } from './base64url.ts';

export const LINK_LIMITS = {
  /** Longest encoded payload we accept (characters); real experiments with curves stay far below. */
  maxEncodedChars: 48_000,
  /** Most bytes we inflate to before giving up. */
  maxInflatedBytes: 1_000_000,
};

async function pipeBytes(bytes: Uint8Array, transform: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array | null> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(transform).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}

export async function encodePayload(value: unknown): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(value));
  const packed = await pipeBytes(json, new CompressionStream('deflate-raw'), Number.MAX_SAFE_INTEGER);
  if (!packed) throw new Error('compression failed');
  return toBase64Url(packed);
}

/** Decodes a payload made by encodePayload into untrusted JSON (still to be validated by a schema). */
export async function decodePayload(text: string): Promise<Result<unknown>> {
  if (text.length === 0) return fail('link', 'is empty');
  if (text.length > LINK_LIMITS.maxEncodedChars) {
    return fail('link', `is ${text.length} characters long, more than the ${LINK_LIMITS.maxEncodedChars} a synthlab link can have`);
  }
  const bytes = fromBase64Url(text);
  if (!bytes) return fail('link', 'contains characters that cannot appear in a synthlab link (was it cut or edited?)');
  let inflated: Uint8Array | null;
  try {
    inflated = await pipeBytes(bytes, new DecompressionStream('deflate-raw'), LINK_LIMITS.maxInflatedBytes);
  } catch {
    return fail('link', 'is damaged: its compressed data does not decode (was it truncated?)');
  }
  if (!inflated) return fail('link', `expands to more than ${LINK_LIMITS.maxInflatedBytes} bytes`);
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    return fail('link', 'does not decode to text');
  }
  const parsed = parseJsonSafely(json, { maxChars: LINK_LIMITS.maxInflatedBytes, maxDepth: 16 });
  return parsed.ok ? ok(parsed.value) : fail('link', `payload ${parsed.errors[0].replace(/^value: /, '')}`);
}
