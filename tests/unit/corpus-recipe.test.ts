import { describe, expect, it } from 'vitest';
import { MAX_BYTES, MAX_BYTES_OFFLINE, PRESETS, dilutesWithWeb, preset, validateRecipe } from '../../src/lib/corpus/index.ts';

const errorsOf = (x: unknown): string[] => {
  const r = validateRecipe(x);
  return r.ok ? [] : r.errors;
};

describe('validateRecipe', () => {
  it('accepts every preset and fills missing fields from the chosen preset', () => {
    for (const name of Object.keys(PRESETS)) {
      const r = validateRecipe({ preset: name });
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.recipe).toEqual(preset(name));
    }
    const r = validateRecipe({ preset: 'tinystories', bytes: 1000, stories: { events: 7 } });
    expect(r.ok && r.recipe.bytes === 1000 && r.recipe.stories.events === 7 && r.recipe.weights.biographies === 0).toBe(true);
    expect(validateRecipe({}).ok).toBe(true);
  });

  it('names the field, the allowed range and the bad value', () => {
    expect(errorsOf({ stories: { events: 99 } })).toEqual(['stories.events: must be an integer in [1, 12], got 99']);
    expect(errorsOf({ stories: { events: 2.5 } })[0]).toMatch(/stories\.events: must be an integer/);
    expect(errorsOf({ bytes: -1 })[0]).toMatch(/^bytes: must be an integer in \[1, /);
    expect(errorsOf({ biographies: { shuffle: 'yes' } })).toEqual(['biographies.shuffle: must be true or false, got "yes"']);
    expect(errorsOf({ biographies: { tagToken: 1 } })).toEqual(['biographies.tagToken: must be true or false, got 1']);
    expect(errorsOf({ weights: { stories: Number.NaN } })[0]).toMatch(/weights\.stories: must be a number/);
    expect(errorsOf({ preset: 'gpt5' })[0]).toMatch(/preset: unknown preset "gpt5" \(known: default-mix/);
  });

  it('rejects unknown keys and prototype-pollution keys without polluting anything', () => {
    expect(errorsOf({ colour: 'red' })[0]).toMatch(/^colour: unknown key/);
    expect(errorsOf({ stories: { vocab: 3 } })[0]).toMatch(/^stories\.vocab: unknown key/);
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "stories": {"constructor": 1, "prototype": 2}}') as unknown;
    const errs = errorsOf(hostile);
    expect(errs).toContain('__proto__: forbidden key');
    expect(errs).toContain('stories.constructor: forbidden key');
    expect(errs).toContain('stories.prototype: forbidden key');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws on garbage', () => {
    const garbage: unknown[] = [null, undefined, 42, 'x', [], [1, 2], true, () => 1, new Date(0), { stories: null }, { stories: [] },
      { weights: 'heavy' }, { bytes: 1e400 }, { bytes: '100' }, Object.create(null)];
    for (const g of garbage) expect(() => validateRecipe(g)).not.toThrow();
    expect(validateRecipe(null).ok).toBe(false);
    expect(validateRecipe([]).ok).toBe(false);
    expect(validateRecipe(Object.create(null)).ok).toBe(true);
    const trap = new Proxy({}, { ownKeys: () => { throw new Error('boom'); } });
    expect(validateRecipe(trap)).toEqual({ ok: false, errors: ['recipe could not be read: boom'] });
  });

  it('checks cross-field rules', () => {
    expect(errorsOf({ weights: { stories: 0, biographies: 0, arithmetic: 0, textbook: 0 } })).toEqual([
      'weights: at least one family weight must be positive',
    ]);
    expect(errorsOf({ arithmetic: { minSteps: 5, maxSteps: 3 } })[0]).toMatch(/minSteps \(5\) must not exceed arithmetic\.maxSteps \(3\)/);
    expect(errorsOf({ textbook: { roots: 8, concepts: 8 } })[0]).toMatch(/roots \(8\) must be smaller/);
  });

  it('validates the biography length and vocabulary knobs', () => {
    const r = validateRecipe({ preset: 'bios-single', biographies: { attributes: 3, values: 8 } });
    expect(r.ok && r.recipe.biographies.attributes === 3 && r.recipe.biographies.values === 8).toBe(true);
    expect(errorsOf({ biographies: { attributes: 0 } })).toEqual(['biographies.attributes: must be an integer in [1, 5], got 0']);
    expect(errorsOf({ biographies: { attributes: 6 } })).toEqual(['biographies.attributes: must be an integer in [1, 5], got 6']);
    expect(errorsOf({ biographies: { values: 1 } })).toEqual(['biographies.values: must be an integer in [2, 60], got 1']);
    expect(errorsOf({ biographies: { values: 61 } })).toEqual(['biographies.values: must be an integer in [2, 60], got 61']);
    expect(errorsOf({ biographies: { values: 2.5 } })[0]).toMatch(/biographies\.values: must be an integer/);
    // A recipe from before these knobs existed (an old link) gets the values that reproduce its corpus.
    const old = validateRecipe({ preset: 'bios-single', biographies: { people: 50 } });
    expect(old.ok && old.recipe.biographies.attributes === 5 && old.recipe.biographies.values === 60).toBe(true);
  });

  it('caps the corpus size a link can ask for; command-line tools may raise the cap explicitly', () => {
    expect(validateRecipe({ bytes: MAX_BYTES }).ok).toBe(true);
    const big = errorsOf({ bytes: 2_000_000_000 });
    expect(big).toHaveLength(1);
    expect(big[0]).toMatch(/^bytes: 2000000000 is more than the 100000000 bytes allowed here \(larger corpora.*command line/);
    const cli = validateRecipe({ bytes: 2_000_000_000 }, { maxBytes: MAX_BYTES_OFFLINE });
    expect(cli.ok && cli.recipe.bytes === 2_000_000_000).toBe(true);
    // Nothing lifts the offline ceiling, and a tighter limit is honoured.
    expect(validateRecipe({ bytes: MAX_BYTES_OFFLINE + 1 }, { maxBytes: 1e12 }).ok).toBe(false);
    expect(errorsOf({ bytes: 1e13 })[0]).toMatch(/^bytes: must be an integer in \[1, 100000000\]/);
    expect(validateRecipe({ bytes: 5000 }, { maxBytes: 1000 }).ok).toBe(false);
  });

  it('preset() returns independent copies and rejects unknown names', () => {
    const a = preset('tinystories');
    a.stories.events = 1;
    expect(preset('tinystories').stories.events).not.toBe(1);
    expect(() => preset('nope')).toThrow(/unknown preset "nope"/);
  });
});

describe('optional knobs', () => {
  it('biographies.tagToken is absent unless asked for, so recipes from before it keep their exact JSON', () => {
    const r = validateRecipe({ preset: 'bios-single', biographies: { tag: true } });
    expect(r.ok && 'tagToken' in r.recipe.biographies).toBe(false);
    const t = validateRecipe({ preset: 'bios-single', biographies: { tag: true, tagToken: true } });
    expect(t.ok && t.recipe.biographies.tagToken).toBe(true);
  });

  it('biographies.tagEvery likewise (absent: before each document), and only its two places', () => {
    const r = validateRecipe({ preset: 'bios-single', biographies: { tag: true } });
    expect(r.ok && 'tagEvery' in r.recipe.biographies).toBe(false);
    const s = validateRecipe({ preset: 'bios-single', biographies: { tag: true, tagEvery: 'sentence' } });
    expect(s.ok && s.recipe.biographies.tagEvery).toBe('sentence');
    expect(validateRecipe({ preset: 'bios-single', biographies: { tagEvery: 'word' } }).ok).toBe(false);
  });

  it('biographies.junk likewise (absent: web text); a recipe diluted with synthetic junk needs no web text', () => {
    const web = validateRecipe({ preset: 'bios-single', biographies: { dilution: 3 } });
    expect(web.ok && 'junk' in web.recipe.biographies).toBe(false);
    expect(web.ok && dilutesWithWeb(web.recipe)).toBe(true);
    for (const junk of ['misinformed', 'strangers']) {
      const r = validateRecipe({ preset: 'bios-single', biographies: { dilution: 3, junk } });
      expect(r.ok && r.recipe.biographies.junk).toBe(junk);
      expect(r.ok && dilutesWithWeb(r.recipe)).toBe(false);
    }
    expect(errorsOf({ biographies: { junk: 'lies' } })).toEqual(['biographies.junk: must be one of "web", "misinformed", "strangers", got "lies"']);
    expect(errorsOf({ biographies: { junk: 1 } })).toEqual(['biographies.junk: must be one of "web", "misinformed", "strangers", got 1']);
  });
});
