// Recipes: what to generate (family weights, size, per-family knobs), named presets, and validation
// that never throws — recipes arrive as hostile JSON from URLs.
import type { FamilyName } from './types.ts';
import type { StoryKnobs } from './stories/story.ts';
import type { BiosKnobs } from './families/bios.ts';
import type { ArithmeticKnobs } from './families/arithmetic.ts';
import type { TextbookKnobs } from './families/textbook.ts';
import { BIO_JUNK, BIO_TAG_PLACES, BIO_MAX_ATTRIBUTES, BIO_MAX_PEOPLE, BIO_MAX_VALUES } from './families/bios.ts';

export const FAMILIES: readonly FamilyName[] = ['stories', 'biographies', 'arithmetic', 'textbook'];

export interface Recipe {
  /** Target corpus size in UTF-8 bytes, separators included; generation stops at the first document boundary at or past it. */
  bytes: number;
  /** Relative byte share of each family (any non-negative numbers, at least one positive). */
  weights: Record<FamilyName, number>;
  stories: StoryKnobs;
  biographies: BiosKnobs;
  arithmetic: ArithmeticKnobs;
  textbook: TextbookKnobs;
}

type Field = { kind: 'int'; min: number; max: number } | { kind: 'num'; min: number; max: number } | { kind: 'bool' } | { kind: 'oneOf'; values: readonly string[] };
const int = (min: number, max: number): Field => ({ kind: 'int', min, max });
const num = (min: number, max: number): Field => ({ kind: 'num', min, max });
const bool: Field = { kind: 'bool' };
const oneOf = (values: readonly string[]): Field => ({ kind: 'oneOf', values });

type Schema<T> = { [K in keyof T]-?: Field };

const STORIES: Schema<StoryKnobs> = {
  names: int(4, 48),
  objects: int(4, 40),
  places: int(2, 20),
  characters: int(2, 4),
  events: int(1, 12),
  paraphrases: int(1, 3),
  dialoguePercent: int(0, 100),
};
const BIOS: Schema<BiosKnobs> = {
  people: int(10, BIO_MAX_PEOPLE),
  paraphrases: int(1, 6),
  shuffle: bool,
  fullName: bool,
  dilution: num(0, 100),
  tag: bool,
  tagToken: bool,
  tagEvery: oneOf(BIO_TAG_PLACES),
  junk: oneOf(BIO_JUNK),
  attributes: int(1, BIO_MAX_ATTRIBUTES),
  values: int(2, BIO_MAX_VALUES),
};
const ARITH: Schema<ArithmeticKnobs> = {
  maxOperand: int(9, 1_000_000),
  minSteps: int(1, 10),
  maxSteps: int(1, 10),
  trace: bool,
  items: int(2, 20),
  paraphrases: int(1, 3),
  ladder: bool,
};
const TEXTBOOK: Schema<TextbookKnobs> = {
  concepts: int(8, 400),
  properties: int(4, 40),
  roots: int(1, 8),
  examples: int(0, 4),
  exercises: int(0, 6),
  paraphrases: int(1, 3),
};
const WEIGHTS: Schema<Record<FamilyName, number>> = {
  stories: num(0, 1e6),
  biographies: num(0, 1e6),
  arithmetic: num(0, 1e6),
  textbook: num(0, 1e6),
};
const SECTIONS = { stories: STORIES, biographies: BIOS, arithmetic: ARITH, textbook: TEXTBOOK, weights: WEIGHTS } as const;
/**
 * Largest corpus a recipe may ask for by default, which is what a link gets: a link must not be able to
 * make a browser tab generate (and hold, tokenize, train on) gigabytes. 100 MB is twice the 50 MB corpus
 * the lab is designed to generate in a page.
 */
export const MAX_BYTES = 100_000_000;
/** Largest corpus the command-line tools may generate when the user asks for more explicitly. */
export const MAX_BYTES_OFFLINE = 4_000_000_000;

export interface RecipeLimits {
  /** Largest `bytes` accepted (default MAX_BYTES); command-line tools may pass up to MAX_BYTES_OFFLINE. */
  maxBytes?: number;
}

const BASE: Recipe = {
  bytes: 20_000_000,
  weights: { stories: 0.4, biographies: 0.2, arithmetic: 0.2, textbook: 0.2 },
  stories: { names: 24, objects: 24, places: 12, characters: 3, events: 4, paraphrases: 3, dialoguePercent: 25 },
  biographies: { people: 1000, paraphrases: 1, shuffle: false, fullName: true, dilution: 0, tag: false, attributes: 5, values: BIO_MAX_VALUES },
  arithmetic: { maxOperand: 99, minSteps: 1, maxSteps: 4, trace: true, items: 12, paraphrases: 3, ladder: false },
  textbook: { concepts: 60, properties: 24, roots: 3, examples: 2, exercises: 3, paraphrases: 3 },
};

const only = (f: FamilyName): Record<FamilyName, number> => ({ stories: 0, biographies: 0, arithmetic: 0, textbook: 0, [f]: 1 });

/** Presets, named after what they imitate. */
export const PRESETS: Readonly<Record<string, Recipe>> = {
  'default-mix': BASE,
  tinystories: { ...BASE, weights: only('stories') },
  'bios-single': { ...BASE, weights: only('biographies') },
  'bios-paraphrased': {
    ...BASE,
    weights: only('biographies'),
    biographies: { ...BASE.biographies, paraphrases: 5, shuffle: true, fullName: true },
  },
  'igsm-lite': { ...BASE, weights: only('arithmetic') },
  textbook: { ...BASE, weights: only('textbook') },
};
export type PresetName = keyof typeof PRESETS;

export type RecipeResult = { ok: true; recipe: Recipe } | { ok: false; errors: string[] };

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return Array.isArray(v) ? 'an array' : typeof v;
}

function checkField(path: string, f: Field, v: unknown, errors: string[]): boolean {
  if (f.kind === 'oneOf') {
    if (typeof v === 'string' && f.values.includes(v)) return true;
    errors.push(`${path}: must be one of ${f.values.map((x) => JSON.stringify(x)).join(', ')}, got ${show(v)}`);
    return false;
  }
  if (f.kind === 'bool') {
    if (typeof v === 'boolean') return true;
    errors.push(`${path}: must be true or false, got ${show(v)}`);
    return false;
  }
  const ok = typeof v === 'number' && Number.isFinite(v) && v >= f.min && v <= f.max && (f.kind === 'num' || Number.isInteger(v));
  if (!ok) errors.push(`${path}: must be ${f.kind === 'int' ? 'an integer' : 'a number'} in [${f.min}, ${f.max}], got ${show(v)}`);
  return ok;
}

/** Own keys of a plain object, reporting forbidden and unknown ones. Returns null if `x` is not an object. */
function keysOf(path: string, x: unknown, allowed: ReadonlySet<string>, errors: string[]): string[] | null {
  if (!isPlainObject(x)) {
    errors.push(`${path || 'recipe'}: must be an object, got ${show(x)}`);
    return null;
  }
  const keys: string[] = [];
  for (const key of Object.keys(x)) {
    const where = path ? `${path}.${key}` : key;
    if (FORBIDDEN.has(key)) errors.push(`${where}: forbidden key`);
    else if (!allowed.has(key)) errors.push(`${where}: unknown key (allowed: ${[...allowed].join(', ')})`);
    else keys.push(key);
  }
  return keys;
}

/**
 * Validates a recipe from untrusted input. Missing fields come from `preset` (default 'default-mix'), so
 * `{"preset":"tinystories","bytes":1000000}` is a full recipe. Never throws; unknown keys, forbidden keys
 * (__proto__, constructor, prototype), wrong types and out-of-range numbers are all reported. `bytes` is
 * capped at MAX_BYTES unless `limits.maxBytes` says otherwise (never above MAX_BYTES_OFFLINE).
 */
export function validateRecipe(input: unknown, limits: RecipeLimits = {}): RecipeResult {
  try {
    return validate(input, Math.min(limits.maxBytes ?? MAX_BYTES, MAX_BYTES_OFFLINE));
  } catch (e) {
    return { ok: false, errors: [`recipe could not be read: ${e instanceof Error ? e.message : 'unknown error'}`] };
  }
}

function validate(input: unknown, maxBytes: number): RecipeResult {
  const errors: string[] = [];
  const top = new Set(['preset', 'bytes', ...Object.keys(SECTIONS)]);
  const keys = keysOf('', input, top, errors);
  if (!keys) return { ok: false, errors };
  const src = input as Record<string, unknown>;
  let base = BASE;
  if (keys.includes('preset')) {
    const p = src.preset;
    if (typeof p === 'string' && Object.prototype.hasOwnProperty.call(PRESETS, p)) base = PRESETS[p];
    else errors.push(`preset: unknown preset ${show(p)} (known: ${Object.keys(PRESETS).join(', ')})`);
  }
  const out: Recipe = JSON.parse(JSON.stringify(base)) as Recipe;
  if (keys.includes('bytes')) {
    const v = src.bytes;
    if (typeof v === 'number' && Number.isInteger(v) && v > maxBytes && v <= MAX_BYTES_OFFLINE) {
      errors.push(
        `bytes: ${v} is more than the ${maxBytes} bytes allowed here` +
          (maxBytes < MAX_BYTES_OFFLINE ? ` (larger corpora, up to ${MAX_BYTES_OFFLINE} bytes, only from the command line, when asked for explicitly)` : ''),
      );
    } else if (checkField('bytes', int(1, maxBytes), v, errors)) out.bytes = v as number;
  }
  for (const [name, schema] of Object.entries(SECTIONS) as Array<[keyof typeof SECTIONS, Record<string, Field>]>) {
    if (!keys.includes(name)) continue;
    const sec = src[name];
    const fields = keysOf(name, sec, new Set(Object.keys(schema)), errors);
    if (!fields) continue;
    const target = out[name] as unknown as Record<string, number | boolean | string>;
    for (const f of fields) {
      const v = (sec as Record<string, unknown>)[f];
      if (checkField(`${name}.${f}`, schema[f], v, errors)) target[f] = v as number | boolean | string;
    }
  }
  // Cross-field rules.
  if (FAMILIES.every((f) => out.weights[f] === 0)) errors.push('weights: at least one family weight must be positive');
  if (out.arithmetic.minSteps > out.arithmetic.maxSteps) {
    errors.push(`arithmetic.minSteps (${out.arithmetic.minSteps}) must not exceed arithmetic.maxSteps (${out.arithmetic.maxSteps})`);
  }
  if (out.textbook.roots >= out.textbook.concepts) {
    errors.push(`textbook.roots (${out.textbook.roots}) must be smaller than textbook.concepts (${out.textbook.concepts})`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, recipe: out };
}

/** True when generating `recipe` needs real web text: its biographies are diluted with web documents. */
export const dilutesWithWeb = (recipe: Recipe): boolean => recipe.weights.biographies > 0 && recipe.biographies.dilution > 0 && (recipe.biographies.junk ?? 'web') === 'web';

/** A preset by name, as a fresh copy. */
export function preset(name: string): Recipe {
  if (!Object.prototype.hasOwnProperty.call(PRESETS, name)) {
    throw new Error(`unknown preset "${name}" (known: ${Object.keys(PRESETS).join(', ')})`);
  }
  return JSON.parse(JSON.stringify(PRESETS[name])) as Recipe;
}
