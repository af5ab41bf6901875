// The 'stories' family: TinyStories-like plots from the story grammar, with cloze probes that need
// state tracking and agreement/pronoun minimal pairs.
import type { MinimalPair, Probe } from '../types.ts';
import { Chance, pick, sampleDistinct } from '../chance.ts';
import { Rng } from '../rng.ts';
import { HELDOUT_SLACK_BITS, belongsTo, makeDoc, type FamilyModule, type ProbeSet } from '../family.ts';
import { FULL_LEXICON, GENDER, possessive, pronoun, type Lexicon } from './grammar.ts';
import { generateStory, type StoryKnobs } from './story.ts';

export type { StoryKnobs } from './story.ts';
export { checkStory, parsesAsStory, type StoryCheck } from './checker.ts';

export function storyLexicon(k: StoryKnobs): Lexicon {
  return {
    names: FULL_LEXICON.names.slice(0, k.names),
    objects: FULL_LEXICON.objects.slice(0, k.objects),
    places: FULL_LEXICON.places.slice(0, k.places),
    adjs: FULL_LEXICON.adjs,
    feelings: FULL_LEXICON.feelings,
  };
}

const intro = (x: string): string => `Once upon a time, there was a ${GENDER.get(x)} named ${x}.`;
const otherPronoun = (x: string): string => (pronoun(x) === 'She' ? 'He' : 'She');
const otherPossessive = (x: string): string => (possessive(x) === 'her' ? 'his' : 'her');

/**
 * Cloze probes: who holds what after a hand-over, with a distractor object in context. The closing
 * clause ("Now C has the" / "The O is now with") is present tense and never produced by the grammar,
 * so neither the prompt nor prompt+answer can occur in training text.
 */
function clozeProbes(lex: Lexicon, rng: Rng, cap: number): Probe[] {
  const ch = new Chance(rng);
  const out: Probe[] = [];
  const seen = new Set<string>();
  for (let attempt = 0; out.length < cap && attempt < cap * 20; attempt++) {
    const [a, b, c] = sampleDistinct(ch, lex.names.length, 3).map((i) => lex.names[i]);
    const [o1, o2] = sampleDistinct(ch, lex.objects.length, 2).map((i) => lex.objects[i]);
    const ctx = `${a} had a ${pick(ch, lex.adjs)} ${o1}. ${b} had a ${pick(ch, lex.adjs)} ${o2}.`;
    const holder = out.length % 2 === 0;
    const [giver, obj] = pick(ch, [[a, o1], [b, o2]] as const);
    const prompt = holder
      ? `${ctx} ${giver} gave the ${obj} to ${c}. Now ${c} has the`
      : `${ctx} ${giver} gave the ${obj} to ${c}. The ${obj} is now with`;
    if (seen.has(prompt)) continue;
    seen.add(prompt);
    out.push({
      id: `stories-cloze-${out.length}`,
      family: 'stories',
      kind: holder ? 'cloze-object' : 'cloze-holder',
      prompt,
      answer: ' ' + (holder ? obj : c),
      candidates: (holder ? lex.objects : lex.names).map((w) => ' ' + w),
    });
  }
  return out;
}

const PAIR_KINDS = ['agreement-singular', 'agreement-plural', 'pronoun', 'possessive', 'dialogue-agreement'] as const;

/** Minimal pairs: identical context, one word differs; `good` parses as a story prefix, `bad` does not. */
function minimalPairs(lex: Lexicon, rng: Rng, cap: number): MinimalPair[] {
  const ch = new Chance(rng);
  const out: MinimalPair[] = [];
  const seen = new Set<string>();
  for (let attempt = 0; out.length < cap && attempt < cap * 20; attempt++) {
    const kind = PAIR_KINDS[out.length % PAIR_KINDS.length];
    const [x, y] = sampleDistinct(ch, lex.names.length, 2).map((i) => lex.names[i]);
    const [o, o2] = sampleDistinct(ch, lex.objects.length, 2).map((i) => lex.objects[i]);
    const f = pick(ch, lex.feelings);
    // A legal story prefix up to the middle part: setup (friend, an owned object), want, obstacle.
    const ctx =
      `${intro(x)} ${x} had a friend named ${y}. ${x} had a ${pick(ch, lex.adjs)} ${o}.` +
      ` One day, ${y} saw a ${pick(ch, lex.adjs)} ${o2} in the ${pick(ch, lex.places)}.` +
      ` ${y} wanted the ${o2} very much. But then it started to rain.`;
    let good: string;
    let bad: string;
    if (kind === 'agreement-singular') {
      good = `${ctx} ${x} was ${f}.`;
      bad = `${ctx} ${x} were ${f}.`;
    } else if (kind === 'agreement-plural') {
      good = `${ctx} ${x} and ${y} were ${f}.`;
      bad = `${ctx} ${x} and ${y} was ${f}.`;
    } else if (kind === 'pronoun') {
      const c = `${ctx} ${x} was ${pick(ch, lex.feelings)}.`;
      good = `${c} ${pronoun(x)} was ${f}.`;
      bad = `${c} ${otherPronoun(x)} was ${f}.`;
    } else if (kind === 'possessive') {
      good = `${ctx} ${x} lost ${possessive(x)} ${o}.`;
      bad = `${ctx} ${x} lost ${otherPossessive(x)} ${o}.`;
    } else {
      good = `${ctx} ${x} said, "I am ${f}."`;
      bad = `${ctx} ${x} said, "I is ${f}."`;
    }
    if (seen.has(good)) continue;
    seen.add(good);
    out.push({ id: `stories-pair-${out.length}`, family: 'stories', kind, good, bad });
  }
  return out;
}

export const stories: FamilyModule<StoryKnobs> = {
  name: 'stories',
  stream(knobs, seed, split) {
    const rng = new Rng(seed, 'stories', split);
    const lex = storyLexicon(knobs);
    return () => {
      for (;;) {
        const ch = new Chance(rng);
        const text = generateStory(ch, lex, knobs);
        if (belongsTo(split, text)) return makeDoc('stories', text, ch.bits, true);
      }
    };
  },
  probes(knobs, seed, cap): ProbeSet {
    const lex = storyLexicon(knobs);
    return {
      probes: clozeProbes(lex, new Rng(seed, 'stories', 'probes'), cap),
      minimalPairs: minimalPairs(lex, new Rng(seed, 'stories', 'pairs'), cap),
    };
  },
  upperBoundReason: () =>
    `held-out hash class excluded from training (overstates by ≤${HELDOUT_SLACK_BITS.toFixed(3)} bits/doc)`,
};
