// Tiny schema combinators for untrusted input (share links, imported files, CLI configs).
// A validator never throws: it returns the typed value or a list of errors, each naming the path
// ("runs[1].corpus.share") and what was wrong, so the UI can show a clear message.

export type Result<T> = { ok: true; value: T } | { ok: false; errors: string[] };
export type Validator<T> = (input: unknown, path: string) => Result<T>;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(path: string, message: string): Result<T> => ({
  ok: false,
  errors: [`${path || 'value'}: ${message}`],
});

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'string') return x.length > 40 ? `a ${x.length}-character string` : JSON.stringify(x);
  if (typeof x === 'number') return String(x);
  return typeof x;
}

export function num(opts: { min: number; max: number; integer?: boolean }): Validator<number> {
  return (x, path) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) return fail(path, `expected a number, got ${describe(x)}`);
    if (opts.integer && !Number.isInteger(x)) return fail(path, `expected a whole number, got ${x}`);
    if (x < opts.min || x > opts.max) return fail(path, `${x} is out of range [${opts.min}, ${opts.max}]`);
    return ok(x);
  };
}

export const int = (min: number, max: number): Validator<number> => num({ min, max, integer: true });

export function str(opts: { maxLength: number; pattern?: RegExp; patternHint?: string }): Validator<string> {
  return (x, path) => {
    if (typeof x !== 'string') return fail(path, `expected text, got ${describe(x)}`);
    if (x.length > opts.maxLength) return fail(path, `text is ${x.length} characters, at most ${opts.maxLength} allowed`);
    if (opts.pattern && !opts.pattern.test(x)) return fail(path, `${describe(x)} is not ${opts.patternHint ?? `of the form ${opts.pattern}`}`);
    return ok(x);
  };
}

export const bool: Validator<boolean> = (x, path) =>
  typeof x === 'boolean' ? ok(x) : fail(path, `expected true or false, got ${describe(x)}`);

export function oneOf<T extends string>(values: readonly T[]): Validator<T> {
  return (x, path) =>
    typeof x === 'string' && (values as readonly string[]).includes(x)
      ? ok(x as T)
      : fail(path, `expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(x)}`);
}

export function literal<T extends string | number>(value: T): Validator<T> {
  return (x, path) => (x === value ? ok(value) : fail(path, `expected ${JSON.stringify(value)}, got ${describe(x)}`));
}

/** At most this many messages per list or object: a value wrong in thousands of places is told in a few. */
export const MAX_ERRORS = 20;

function capped(errors: string[]): string[] {
  return errors.length <= MAX_ERRORS ? errors : [...errors.slice(0, MAX_ERRORS), `…and ${errors.length - MAX_ERRORS} more problems`];
}

export function list<T>(item: Validator<T>, opts: { min: number; max: number }): Validator<T[]> {
  return (x, path) => {
    if (!Array.isArray(x)) return fail(path, `expected a list, got ${describe(x)}`);
    if (x.length < opts.min || x.length > opts.max) {
      return fail(path, `list has ${x.length} items, expected ${opts.min}–${opts.max}`);
    }
    const out: T[] = [];
    const errors: string[] = [];
    x.forEach((v, i) => {
      const r = item(v, `${path}[${i}]`);
      if (r.ok) out.push(r.value);
      else errors.push(...r.errors);
    });
    return errors.length ? { ok: false, errors: capped(errors) } : ok(out);
  };
}

/** Plain-object check that also refuses prototype-pollution keys and exotic prototypes. */
export function isPlainRecord(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

type Shape = Record<string, Validator<unknown>>;
type Out<S extends Shape> = { [K in keyof S]: S[K] extends Validator<infer T> ? T : never };

/**
 * An object with exactly the given fields. Unknown keys are errors (a link from a future version or a
 * typo must not be silently half-applied). Fields listed in `optional` may be absent.
 */
export function object<S extends Shape>(shape: S): Validator<Out<S>>;
export function object<S extends Shape, O extends keyof S>(shape: S, optional: readonly O[]): Validator<Omit<Out<S>, O> & Partial<Pick<Out<S>, O>>>;
export function object<S extends Shape, O extends keyof S>(
  shape: S,
  optional: readonly O[] = [],
): Validator<Omit<Out<S>, O> & Partial<Pick<Out<S>, O>>> {
  return (x, path) => {
    if (!isPlainRecord(x)) return fail(path, `expected an object, got ${describe(x)}`);
    const errors: string[] = [];
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(x)) {
      if (FORBIDDEN_KEYS.has(key)) errors.push(`${path || 'value'}: forbidden key "${key}"`);
      else if (!Object.prototype.hasOwnProperty.call(shape, key)) errors.push(`${path || 'value'}: unknown field "${key.slice(0, 40)}"`);
    }
    for (const key of Object.keys(shape)) {
      const sub = path ? `${path}.${key}` : key;
      if (!Object.prototype.hasOwnProperty.call(x, key)) {
        if (!(optional as readonly string[]).includes(key)) errors.push(`${sub}: missing`);
        continue;
      }
      const r = shape[key](x[key], sub);
      if (r.ok) out[key] = r.value;
      else errors.push(...r.errors);
    }
    return errors.length ? { ok: false, errors: capped(errors) } : ok(out as Omit<Out<S>, O> & Partial<Pick<Out<S>, O>>);
  };
}

/** A tagged union on field `kind`. */
export function union<T>(variants: Record<string, Validator<T>>): Validator<T> {
  return (x, path) => {
    if (!isPlainRecord(x)) return fail(path, `expected an object, got ${describe(x)}`);
    const kind = x.kind;
    if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(variants, kind)) {
      return fail(path ? `${path}.kind` : 'kind', `expected one of ${Object.keys(variants).map((k) => JSON.stringify(k)).join(', ')}, got ${describe(kind)}`);
    }
    return variants[kind](x, path);
  };
}

/** Adapts a validator written elsewhere as `(x) => {ok, value} | {ok:false, errors}` with its own paths. */
export function external<T>(validate: (x: unknown) => { ok: true; value: T } | { ok: false; errors: string[] }): Validator<T> {
  return (x, path) => {
    const r = validate(x);
    return r.ok ? r : { ok: false, errors: r.errors.map((e) => `${path}: ${e}`) };
  };
}
