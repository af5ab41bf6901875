// Fuzz: random and mutated links must each decode to a valid experiment or to clear errors; none throws.
import { describe, expect, it } from 'vitest';
import { defaultExperiment, validateExperimentConfig } from '../../src/lib/experiment/config.ts';
import { encodePayload } from '../../src/lib/link/codec.ts';
import { decodeExperimentLink, encodeExperimentLink } from '../../src/lib/link/experiment-link.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=%#?&é<>"\'\\ \u0000';
const HOSTILE_VALUES: unknown[] = [null, -1, 1e308, 1.5, '', '<img src=x onerror=alert(1)>', 'x'.repeat(5000), [], {}, true, { __proto__: { polluted: 1 } }, ['a', 1, null], 2 ** 53];

function mutateValue(value: unknown, r: () => number, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 6) return r() < 0.5 ? HOSTILE_VALUES[Math.floor(r() * HOSTILE_VALUES.length)] : value;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const key = keys[Math.floor(r() * keys.length)];
  const roll = r();
  if (key === undefined || roll < 0.1) (copy as Record<string, unknown>)[r() < 0.5 ? '__proto__' : `k${Math.floor(r() * 10)}`] = HOSTILE_VALUES[Math.floor(r() * HOSTILE_VALUES.length)];
  else if (roll < 0.2) delete (copy as Record<string, unknown>)[key];
  else (copy as Record<string, unknown>)[key] = mutateValue((copy as Record<string, unknown>)[key], r, depth + 1);
  return copy;
}

function mutateText(text: string, r: () => number): string {
  const chars = [...text];
  const edits = 1 + Math.floor(r() * 4);
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(r() * (chars.length + 1));
    const c = ALPHABET[Math.floor(r() * ALPHABET.length)];
    const roll = r();
    if (roll < 0.3) chars.splice(i, 1);
    else if (roll < 0.6) chars.splice(i, 0, c);
    else if (roll < 0.8) chars[Math.min(i, chars.length - 1)] = c;
    else chars.length = Math.floor(r() * chars.length);
  }
  return chars.join('');
}

async function expectCleanOutcome(payload: string): Promise<'ok' | 'error'> {
  const r = await decodeExperimentLink(payload); // must not reject
  if (r.ok) {
    expect(validateExperimentConfig(r.value.config).ok).toBe(true);
    return 'ok';
  }
  expect(r.errors.length).toBeGreaterThan(0);
  for (const e of r.errors) {
    expect(typeof e).toBe('string');
    expect(e.length).toBeLessThan(400);
  }
  return 'error';
}

describe('link decoder fuzz (10,000 links)', () => {
  it('decodes every random or mutated link to a valid config or a clear error', async () => {
    const r = rng(20261125);
    const valid = (await encodeExperimentLink({ config: defaultExperiment() })).slice(2);
    const counts = { ok: 0, error: 0 };
    for (let i = 0; i < 10_000; i++) {
      let payload: string;
      const kind = i % 4;
      if (kind === 0) payload = Array.from({ length: Math.floor(r() * 200) }, () => ALPHABET[Math.floor(r() * ALPHABET.length)]).join('');
      else if (kind === 1) payload = mutateText(valid, r);
      else payload = await encodePayload({ c: mutateValue(defaultExperiment(), r) });
      counts[await expectCleanOutcome(payload)]++;
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Both outcomes must occur, or the fuzzer is not exercising the decoder.
    expect(counts.ok).toBeGreaterThan(0);
    expect(counts.error).toBeGreaterThan(5000);
    console.log(`[fuzz] 10000 links: ${counts.ok} valid, ${counts.error} rejected with a message`);
  }, 120_000);
});
