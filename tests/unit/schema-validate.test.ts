import { describe, expect, it } from 'vitest';
import { bool, int, list, num, object, oneOf, str, union } from '../../src/lib/schema/validate.ts';
import { parseJsonSafely } from '../../src/lib/schema/safe-json.ts';

const run = object({ name: str({ maxLength: 20 }), share: num({ min: 0, max: 1 }), steps: int(1, 1000), fast: bool }, ['fast']);

describe('schema validators', () => {
  it('accepts a valid object and drops nothing', () => {
    expect(run({ name: 'web', share: 0.5, steps: 10 }, '')).toEqual({ ok: true, value: { name: 'web', share: 0.5, steps: 10 } });
  });
  it('names every wrong field with its path', () => {
    const r = list(run, { min: 1, max: 3 })([{ name: 'a', share: 2, steps: 1.5, extra: 1 }], 'runs');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toContain('runs[0]: unknown field "extra"');
      expect(r.errors).toContain('runs[0].share: 2 is out of range [0, 1]');
      expect(r.errors).toContain('runs[0].steps: expected a whole number, got 1.5');
    }
  });
  it('reports missing required fields and wrong types', () => {
    const r = run({ name: 5 }, '');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual(['name: expected text, got 5', 'share: missing', 'steps: missing']);
  });
  it('rejects NaN, Infinity and numbers given as text', () => {
    for (const bad of [NaN, Infinity, '3']) expect(int(0, 10)(bad, 'n').ok).toBe(false);
  });
  it('rejects forbidden keys and non-plain objects', () => {
    const polluted = JSON.parse('{"name":"a","share":0,"steps":1,"__proto__":{"x":1}}');
    expect(run(polluted, '').ok).toBe(false);
    expect(run(new Date(), '').ok).toBe(false);
    expect(run([], '').ok).toBe(false);
  });
  it('enforces list sizes, enums and tagged unions', () => {
    expect(list(int(0, 1), { min: 1, max: 2 })([0, 1, 0], 'xs').ok).toBe(false);
    expect(oneOf(['a', 'b'])('c', 'k').ok).toBe(false);
    const u = union({ a: object({ kind: oneOf(['a']), x: int(0, 1) }), b: object({ kind: oneOf(['b']) }) });
    expect(u({ kind: 'b' }, 'u').ok).toBe(true);
    const r = u({ kind: 'zzz' }, 'u');
    expect(r.ok ? '' : r.errors[0]).toBe('u.kind: expected one of "a", "b", got "zzz"');
  });
});

describe('parseJsonSafely', () => {
  it('parses ordinary JSON', () => {
    expect(parseJsonSafely('{"a":[1,2,{"b":null}]}')).toEqual({ ok: true, value: { a: [1, 2, { b: null }] } });
  });
  it('never throws on garbage and explains', () => {
    const r = parseJsonSafely('{"a":');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/not valid JSON/);
  });
  it('refuses deep nesting, long text and pollution keys', () => {
    expect(parseJsonSafely('['.repeat(100) + ']'.repeat(100)).ok).toBe(false);
    expect(parseJsonSafely('"' + 'x'.repeat(50) + '"', { maxChars: 10, maxDepth: 4 }).ok).toBe(false);
    expect(parseJsonSafely('{"constructor":{"prototype":{}}}').ok).toBe(false);
  });
});
