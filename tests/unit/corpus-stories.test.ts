import { describe, expect, it } from 'vitest';
import { Chance } from '../../src/lib/corpus/chance.ts';
import { generateStory, type StoryKnobs } from '../../src/lib/corpus/stories/story.ts';
import { checkStory, parsesAsStory, stories, storyLexicon } from '../../src/lib/corpus/stories/index.ts';
import { heldOutDocs, preset, probes, corpusText } from '../../src/lib/corpus/index.ts';

const KNOBS: StoryKnobs = { names: 24, objects: 24, places: 12, characters: 3, events: 5, paraphrases: 3, dialoguePercent: 30 };
const VARIANTS: StoryKnobs[] = [
  KNOBS,
  { names: 4, objects: 4, places: 2, characters: 2, events: 1, paraphrases: 1, dialoguePercent: 0 },
  { names: 48, objects: 40, places: 20, characters: 4, events: 12, paraphrases: 3, dialoguePercent: 100 },
];

function sample(knobs: StoryKnobs, n: number, seed = 'stories-test'): string[] {
  const next = stories.stream(knobs, seed, 'train', {});
  return Array.from({ length: n }, () => next().text);
}

/** Corruptions that always make a story ungrammatical or incoherent; null when not applicable. */
const CORRUPTIONS: Record<string, (s: string) => string | null> = {
  agreement: (s) => (/ (\w+) was /.test(s) && !/ and \w+ was /.test(s) ? s.replace(/ ([A-Z]\w+) was /, ' $1 were ') : null),
  pronoun: (s) => (/\b(She|He) /.test(s) ? s.replace(/\b(She|He) /, (m) => (m === 'She ' ? 'He ' : 'She ')) : null),
  possessive: (s) => (/ (his|her) /.test(s) ? s.replace(/ (his|her) /, (m) => (m === ' his ' ? ' her ' : ' his ')) : null),
  unknownWord: (s) => s.replace(/ the /, ' the zzyzx '),
  doubledWord: (s) => s.replace(/ had a /, ' had a a '),
  truncated: (s) => s.slice(0, s.length - 7),
  noResolution: (s) => s.slice(0, s.lastIndexOf(' But ')),
  lowercaseName: (s) => s.replace(/named ([A-Z])/, (_, c: string) => 'named ' + c.toLowerCase()),
  blankLine: (s) => s.replace('. ', '.\n\n'),
};

describe('stories: grammar checker', () => {
  it('accepts every generated story, for several knob settings', () => {
    for (const k of VARIANTS) {
      for (const s of sample(k, 400)) {
        const r = checkStory(s);
        if (!r.ok) throw new Error(`rejected: ${r.reason} at ${r.at}: ${s}`);
      }
    }
  });

  it('rejects corrupted stories', () => {
    const texts = sample(KNOBS, 200, 'corrupt');
    const applied: Record<string, number> = {};
    for (const s of texts) {
      for (const [name, corrupt] of Object.entries(CORRUPTIONS)) {
        const bad = corrupt(s);
        if (bad === null || bad === s) continue;
        applied[name] = (applied[name] ?? 0) + 1;
        if (parsesAsStory(bad)) throw new Error(`corruption ${name} still parses: ${bad}`);
      }
    }
    for (const name of Object.keys(CORRUPTIONS)) expect(applied[name] ?? 0, name).toBeGreaterThan(10);
  });

  it('rejects hand-written incoherent stories and garbage', () => {
    expect(parsesAsStory('')).toBe(false);
    expect(parsesAsStory('Hello world.')).toBe(false);
    // Giving an object one does not hold.
    expect(
      parsesAsStory(
        'Once upon a time, there was a girl named Lily. Lily had a friend named Tom. Lily had a red ball. ' +
          'One day, Tom saw a big kite in the park. Tom wanted the kite very much. But then it started to rain. ' +
          'Tom gave the ball to Lily. In the end, Lily and Tom played with the ball together.',
      ),
    ).toBe(false);
    const ok =
      'Once upon a time, there was a girl named Lily. Lily had a friend named Tom. Lily had a red ball. ' +
      'One day, Tom saw a big kite in the park. Tom wanted the kite very much. But then it started to rain. ' +
      'Lily gave the ball to Tom. In the end, Lily and Tom played with the ball together.';
    expect(checkStory(ok)).toEqual({ ok: true, sentences: 8 });
    // Wrong gender word for the name, and using a character never introduced.
    expect(parsesAsStory(ok.replace('a girl named Lily', 'a boy named Lily'))).toBe(false);
    expect(parsesAsStory(ok.replace('Lily gave the ball to Tom', 'Lily gave the ball to Sam'))).toBe(false);
  });

  it('entropy floor: every story costs a positive, finite number of bits, identical on regeneration', () => {
    const lex = storyLexicon(KNOBS);
    const a = new Chance('bits');
    const b = new Chance('bits');
    const s = generateStory(a, lex, KNOBS);
    expect(generateStory(b, lex, KNOBS)).toBe(s);
    expect(a.bits).toBe(b.bits);
    expect(a.bits).toBeGreaterThan(20);
    expect(a.bits).toBeLessThan(s.length * 8);
  });
});

describe('stories: probes and minimal pairs', () => {
  const recipe = { ...preset('tinystories'), bytes: 3_000_000 };
  const text = corpusText(recipe, 5);
  const set = probes(recipe, 5);

  it('are capped, deterministic and never appear verbatim in training text', () => {
    expect(set.probes.length).toBe(200);
    expect(set.minimalPairs.length).toBe(200);
    expect(probes(recipe, 5)).toEqual(set);
    for (const p of set.probes) {
      expect(p.candidates).toContain(p.answer);
      expect(text.includes(p.prompt)).toBe(false);
      expect(text.includes(p.prompt + p.answer)).toBe(false);
    }
    expect(new Set(set.probes.map((p) => p.prompt)).size).toBe(set.probes.length);
    // Minimal pairs are new text too: neither sentence of a pair is copied from training.
    for (const mp of set.minimalPairs) {
      expect(text.includes(mp.good), mp.good).toBe(false);
      expect(text.includes(mp.bad), mp.bad).toBe(false);
    }
  });

  it('cloze answers are the object handed over / its new holder', () => {
    for (const p of set.probes) {
      const m = /(\w+) gave the (\w+) to (\w+)\./.exec(p.prompt);
      expect(m).not.toBeNull();
      expect(p.answer).toBe(p.kind === 'cloze-object' ? ' ' + m![2] : ' ' + m![3]);
    }
  });

  it('minimal pairs: good parses as a story prefix, bad does not, and they differ in one word', () => {
    const kinds = new Set<string>();
    for (const mp of set.minimalPairs) {
      kinds.add(mp.kind ?? '');
      expect(checkStory(mp.good, false).ok, mp.good).toBe(true);
      expect(checkStory(mp.bad, false).ok, mp.bad).toBe(false);
      const g = mp.good.split(' ');
      const b = mp.bad.split(' ');
      expect(g.length).toBe(b.length);
      expect(g.filter((w, i) => w !== b[i]).length).toBe(1);
    }
    expect(kinds.size).toBe(5);
  });

  it('held-out stories are disjoint from the training stream and reproducible', () => {
    const docs = heldOutDocs(recipe, 5, 'stories', 200_000);
    expect(heldOutDocs(recipe, 5, 'stories', 200_000)).toEqual(docs);
    const train = new Set(text.split('\n\n'));
    for (const d of docs) {
      expect(train.has(d.text)).toBe(false);
      expect(parsesAsStory(d.text)).toBe(true);
    }
  });
});
