// Fuzz: random and mutated links must each decode to a valid experiment or to clear errors; none throws.
// Also: prototype-pollution keys at every nesting level, the recorded-results part, and oversized input.
import { describe, expect, it } from 'vitest';
import { preset as recipePreset } from '../../src/lib/corpus/index.ts';
import { compactRuns, compactRunValidator } from '../../src/lib/experiment/compact-results.ts';
import { defaultExperiment, validateExperimentConfig, type ExperimentConfig } from '../../src/lib/experiment/config.ts';
import type { RunCurve } from '../../src/lib/experiment/results.ts';
import { toBase64Url } from '../../src/lib/link/base64url.ts';
import { encodePayload, LINK_LIMITS } from '../../src/lib/link/codec.ts';
import { decodeExperimentLink, encodeExperimentLink } from '../../src/lib/link/experiment-link.ts';
import { list } from '../../src/lib/schema/validate.ts';

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
const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
// JSON.parse makes "__proto__" an own key, as a hostile link's JSON would (an object literal would set the
// prototype instead, and JSON.stringify would drop it).
const HOSTILE_VALUES: unknown[] = [null, -1, 1e308, 1.5, '', '<img src=x onerror=alert(1)>', 'x'.repeat(5000), [], {}, true, JSON.parse('{"__proto__":{"polluted":1}}'), ['a', 1, null], 2 ** 53];

/** Adds an own key (as JSON.parse would, so "__proto__" is a key, not the prototype) or an array item. */
function addHostile(copy: Record<string, unknown> | unknown[], r: () => number): void {
  const value = HOSTILE_VALUES[Math.floor(r() * HOSTILE_VALUES.length)];
  if (Array.isArray(copy)) copy.push(value);
  else {
    const key = r() < 0.5 ? FORBIDDEN_KEYS[Math.floor(r() * FORBIDDEN_KEYS.length)] : `k${Math.floor(r() * 10)}`;
    Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  }
}

function mutateValue(value: unknown, r: () => number, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 6) return r() < 0.5 ? HOSTILE_VALUES[Math.floor(r() * HOSTILE_VALUES.length)] : value;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const key = keys[Math.floor(r() * keys.length)];
  const roll = r();
  if (key === undefined || roll < 0.1) addHostile(copy, r);
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

/** Where a decoded value holds an own __proto__ / constructor / prototype key or an object with a foreign prototype. */
function forbiddenKeysIn(value: unknown, path = 'value'): string[] {
  if (value === null || typeof value !== 'object') return [];
  const proto: unknown = Object.getPrototypeOf(value);
  const own = proto === Object.prototype || proto === Array.prototype ? [] : [`${path} (its prototype)`];
  return [...own, ...Object.keys(value).flatMap((k) => [...((FORBIDDEN_KEYS as readonly string[]).includes(k) ? [`${path}.${k}`] : []), ...forbiddenKeysIn((value as Record<string, unknown>)[k], `${path}.${k}`)])];
}

function expectNoPollution(): void {
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(ARRAY_PROTOTYPE_NAMES);
}
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();
const ARRAY_PROTOTYPE_NAMES = Object.getOwnPropertyNames(Array.prototype).sort();

/** Recorded curves a link may bring: plain numbers where the charts read them, nothing else. */
function expectWellFormedCurves(curves: readonly RunCurve[]): void {
  for (const c of curves) {
    expect(typeof c.name).toBe('string');
    expect(typeof c.runId).toBe('string');
    for (const p of c.points) {
      for (const v of [p.step, p.tokens, p.elapsedMs]) expect(Number.isFinite(v)).toBe(true);
      for (const g of [p.bpb, p.probeRank, p.probeExact, p.probeBreakdown ?? {}]) for (const v of Object.values(g)) expect(Number.isFinite(v)).toBe(true);
      expect(p.pairs === null || Number.isFinite(p.pairs)).toBe(true);
    }
  }
}

async function expectCleanOutcome(payload: string): Promise<'ok' | 'error'> {
  const r = await decodeExperimentLink(payload); // must not reject
  if (r.ok) {
    expect(validateExperimentConfig(r.value.config).ok).toBe(true);
    expectWellFormedCurves(r.value.recorded ?? []);
    expect(forbiddenKeysIn(r.value)).toEqual([]);
    return 'ok';
  }
  expect(r.errors.length).toBeGreaterThan(0);
  for (const e of r.errors) {
    expect(typeof e).toBe('string');
    expect(e.length).toBeLessThan(400);
  }
  return 'error';
}

/** Decodes a link that must be refused; returns its errors, each checked to be a short message. */
async function refusal(payload: string): Promise<string[]> {
  const r = await decodeExperimentLink(payload);
  expect(r.ok).toBe(false);
  if (r.ok) return [];
  for (const e of r.errors) {
    expect(typeof e).toBe('string');
    expect(e.length).toBeLessThan(400);
  }
  return r.errors;
}

/** A link payload from JSON text as is (encodePayload stringifies a value, which deep nesting overflows). */
async function payloadOfText(json: string): Promise<string> {
  const packed = await new Response(new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer();
  return toBase64Url(new Uint8Array(packed));
}

const point = (step: number, j: number): RunCurve['points'][number] => ({
  step,
  tokens: step * 512,
  elapsedMs: step * 9.5,
  trainLoss: j === 0 ? NaN : 4 - j,
  bpb: { web: 7 - j, stories: 6 - j * 1.5 },
  probeRank: { stories: 0.2 + j * 0.1 },
  probeExact: { stories: j * 0.05 },
  probeBreakdown: { 'arithmetic/steps=2': 0.25 * j },
  pairs: j === 0 ? null : 0.6,
  storyParse: j / 4,
  storyGrammatical: j / 8,
  ...(j > 0 ? { storyConsistent: 0.5 } : {}),
});
const recordedCurves = (): RunCurve[] =>
  ['synthetic', 'web'].map((name, k) => ({ runId: `r${k}`, name, seed: 1234, share: 1 - k, points: [0, 50, 100].map(point), notes: [], samples: [], status: 'done' }));

/** A valid config with every kind of nested object a link carries, a run's own recipe included. */
function nestedConfig(): ExperimentConfig {
  const c = defaultExperiment();
  return { ...c, runs: [{ name: 'synthetic', share: 1, recipe: { ...recipePreset('tinystories'), bytes: 100_000 } }, ...c.runs.slice(1)] };
}

type Path = Array<string | number>;
/** Every object (not array) inside a JSON value, the value itself included. */
function objectPaths(value: unknown, path: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const children = Object.entries(value).flatMap(([k, v]) => objectPaths(v, [...path, Array.isArray(value) ? Number(k) : k]));
  return Array.isArray(value) ? children : [path, ...children];
}

/** The value with `"key": valueJson` added to the object at `path`, built the way JSON.parse builds a hostile link. */
function withOwnKey(value: unknown, path: Path, key: string, valueJson: string): unknown {
  const MARK = 'synthlab-fuzz-mark';
  const copy = JSON.parse(JSON.stringify(value)) as Record<string | number, unknown>;
  const target = path.reduce<Record<string | number, unknown>>((o, k) => o[k] as Record<string | number, unknown>, copy);
  target[MARK] = 0;
  const text = JSON.stringify(copy).replace(`"${MARK}":0`, `"${key}":${valueJson}`);
  return JSON.parse(text);
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

describe('link decoder: prototype-pollution keys', () => {
  it('refuses or ignores __proto__, constructor and prototype at every nesting level of the config and the results', async () => {
    const payload = { c: nestedConfig(), r: compactRuns(recordedCurves()) };
    expect(validateExperimentConfig(payload.c).ok).toBe(true);
    const sound = await decodeExperimentLink(await encodePayload(payload));
    expect(sound.ok).toBe(true);
    const paths = objectPaths(payload);
    // Root, c, model, train, eval, tokenizer, corpus and its sections, baseline, runs and a run's recipe, r[i], r[i].m.
    const names = paths.map((p) => p.join('.'));
    for (const deep of ['', 'c', 'c.model', 'c.corpus.weights', 'c.baseline', 'c.runs.1', 'c.runs.0.recipe.stories', 'r.1', 'r.1.m']) expect(names).toContain(deep);
    const values = ['{"polluted":1}', '{"toString":"x","polluted":1}', '[1,2]', '"x"', 'null'];
    const recordedRuns = list(compactRunValidator, { min: 0, max: 40 });
    let cases = 0;
    for (const path of paths)
      for (const key of FORBIDDEN_KEYS)
        for (const v of values) {
          const hostile = withOwnKey(payload, path, key, v) as { c: unknown; r: unknown };
          const where = `${key} at ${path.join('.') || 'the root'} = ${v}`;
          // The key really is in the JSON the link carries (not dropped as a prototype).
          expect(JSON.stringify(hostile), where).toContain(`"${key}":${v}`);
          const r = await decodeExperimentLink(await encodePayload(hostile));
          if (r.ok) expect(forbiddenKeysIn(r.value), where).toEqual([]);
          else expect(r.errors.join('\n'), where).toContain(`"${key}"`);
          // The schemas refuse or ignore it on their own too (saved experiments reach them without the link codec).
          const config = validateExperimentConfig(hostile.c);
          if (config.ok) expect(forbiddenKeysIn(config.value), where).toEqual([]);
          const runs = recordedRuns(hostile.r, 'results.runs');
          if (runs.ok) expect(forbiddenKeysIn(runs.value), where).toEqual([]);
          expectNoPollution();
          cases++;
        }
    console.log(`[fuzz] ${cases} links with a prototype-pollution key: none accepted it, nothing polluted`);
  }, 60_000);
});

describe('link decoder fuzz: recorded results (2,000 links)', () => {
  it('decodes every mutated results part to well-formed curves or a clear error', async () => {
    const r = rng(7151);
    const config = defaultExperiment();
    const runs = compactRuns(recordedCurves());
    const counts = { ok: 0, error: 0 };
    for (let i = 0; i < 2000; i++) {
      let mutated: unknown = runs;
      for (let k = 1 + (i % 3); k > 0; k--) mutated = mutateValue(mutated, r);
      counts[await expectCleanOutcome(await encodePayload({ c: config, r: mutated }))]++;
    }
    expectNoPollution();
    expect(counts.ok).toBeGreaterThan(0);
    expect(counts.error).toBeGreaterThan(500);
    console.log(`[fuzz] 2000 results parts: ${counts.ok} valid, ${counts.error} rejected with a message`);
  }, 120_000);
});

describe('link decoder: oversized input', () => {
  const config = () => JSON.stringify(defaultExperiment());

  it('refuses a huge link string before decoding it', async () => {
    const valid = (await encodeExperimentLink({ config: defaultExperiment() })).slice(2);
    for (const huge of ['A'.repeat(5_000_000), valid + 'A'.repeat(LINK_LIMITS.maxEncodedChars)]) {
      const errors = await refusal(huge);
      expect(errors).toEqual([`link: is ${huge.length} characters long, more than the ${LINK_LIMITS.maxEncodedChars} a synthlab link can have`]);
    }
  });

  it('refuses a short link that expands to megabytes', async () => {
    const bomb = await encodePayload({ c: { ...defaultExperiment(), name: 'a'.repeat(3 * LINK_LIMITS.maxInflatedBytes) } });
    expect(bomb.length).toBeLessThan(LINK_LIMITS.maxEncodedChars);
    expect(await refusal(bomb)).toEqual([`link: expands to more than ${LINK_LIMITS.maxInflatedBytes} bytes`]);
  });

  it('refuses deeply nested JSON (arrays and objects, 50,000 levels)', async () => {
    const depth = 50_000;
    const texts = [
      `{"c":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      `{"c":${config().slice(0, -1)},"corpus":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}`,
      `{"c":${config()},"r":[{"m":${'{"bpb.web":'.repeat(depth)}[]${'}'.repeat(depth)}}]}`,
    ];
    for (const text of texts) {
      const payload = await payloadOfText(text);
      expect(payload.length).toBeLessThan(LINK_LIMITS.maxEncodedChars);
      expect(await refusal(payload)).toEqual(['link: payload nested deeper than 16 levels']);
    }
  });

  it('refuses huge arrays by their length', async () => {
    const many = <T>(n: number, item: T) => Array.from({ length: n }, () => item);
    const runs = compactRuns(recordedCurves());
    const cases: Array<[unknown, RegExp]> = [
      [{ c: { ...defaultExperiment(), runs: many(30_000, { name: 'x', share: 1 }) } }, /^runs: list has 30000 items, expected 1–8$/],
      [{ c: defaultExperiment(), r: [{ ...runs[0], steps: many(300_000, 0) }] }, /^results\.runs\[0\]\.steps: list has 300000 items, expected 0–2000$/],
      [{ c: defaultExperiment(), r: many(100_000, 0) }, /^results\.runs: list has 100000 items, expected 0–40$/],
      [{ c: defaultExperiment(), r: [{ ...runs[0], m: Object.fromEntries(many(5000, 0).map((_, i) => [`bpb.s${i}`, [1, 2, 3]])) }] }, /^results\.runs\[0\]\.m: too many metrics \(5000\)$/],
    ];
    for (const [value, message] of cases) {
      const payload = await encodePayload(value);
      expect(payload.length).toBeLessThan(LINK_LIMITS.maxEncodedChars);
      const errors = await refusal(payload);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(message);
    }
  });

  it('says what is wrong in a bounded number of messages when a link is wrong in thousands of places', async () => {
    // A few kilobytes of link must not turn into hundreds of thousands of messages (the CLI prints them all).
    const runs = compactRuns(recordedCurves());
    const wide: Record<string, unknown> = { ...defaultExperiment() };
    for (let i = 0; i < 10_000; i++) wide[`k${i}`] = 1;
    const cases: Array<[string, unknown]> = [
      ['10,000 unknown fields', { c: wide }],
      ['20 runs of 2,000 out-of-range steps', { c: defaultExperiment(), r: Array.from({ length: 20 }, () => ({ ...runs[0], steps: Array(2000).fill(-1), tokens: Array(2000).fill(0), ms: Array(2000).fill(0), loss: Array(2000).fill(null), pairs: Array(2000).fill(null), m: {} })) }],
    ];
    const tooMany: string[] = [];
    for (const [what, value] of cases) {
      const payload = await encodePayload(value);
      expect(payload.length).toBeLessThan(LINK_LIMITS.maxEncodedChars);
      const errors = await refusal(payload);
      if (errors.length > 50) tooMany.push(`${what} (${payload.length}-character link): ${errors.length} messages`);
    }
    expect(tooMany).toEqual([]);
  });
});
