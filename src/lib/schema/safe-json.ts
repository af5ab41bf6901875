// JSON.parse for untrusted text: bounded size and nesting, no prototype-pollution keys, never throws.
import { fail, ok, type Result } from './validate.ts';

export interface SafeJsonLimits {
  maxChars: number;
  maxDepth: number;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function check(value: unknown, depth: number, limits: SafeJsonLimits): string | null {
  if (depth > limits.maxDepth) return `nested deeper than ${limits.maxDepth} levels`;
  if (Array.isArray(value)) {
    for (const v of value) {
      const e = check(v, depth + 1, limits);
      if (e) return e;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (FORBIDDEN.has(k)) return `forbidden key "${k}"`;
      const e = check(v, depth + 1, limits);
      if (e) return e;
    }
  }
  return null;
}

export function parseJsonSafely(text: string, limits: SafeJsonLimits = { maxChars: 1_000_000, maxDepth: 32 }): Result<unknown> {
  if (text.length > limits.maxChars) return fail('', `is ${text.length} characters, more than the ${limits.maxChars} allowed`);
  let value: unknown;
  try {
    // JSON.parse creates "__proto__" as an own data property (no pollution), and check() then refuses it.
    value = JSON.parse(text);
  } catch (e) {
    return fail('', `is not valid JSON (${e instanceof Error ? e.message.slice(0, 120) : 'parse error'})`);
  }
  const problem = check(value, 0, limits);
  return problem ? fail('', problem) : ok(value);
}
