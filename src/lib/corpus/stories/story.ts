// Story generator: walks the plot (setup → want → obstacle + middle events → resolution) choosing only
// legal kinds, templates and fillers, all through Chance so the story's bits are exact.
import { Chance, between, flip, pick } from '../chance.ts';
import { KIND_BY_NAME, advance, newState, render, type Fill, type Kind, type Lexicon, type StoryState, type Template } from './grammar.ts';

export interface StoryKnobs {
  /** Character names available (vocabulary size), 4..48. */
  names: number;
  /** Objects available, 4..40. */
  objects: number;
  /** Places available, 2..20. */
  places: number;
  /** Characters per story (difficulty: more entities to track), 2..4. */
  characters: number;
  /** Middle events after the obstacle (length), 1..12. */
  events: number;
  /** Templates per sentence kind (paraphrase count), 1..3. */
  paraphrases: number;
  /** Chance in percent that a middle event is a line of dialogue, 0..100. */
  dialoguePercent: number;
}

const kinds = (...names: string[]): Kind[] => names.map((n) => KIND_BY_NAME.get(n) as Kind);
const SETUP_EXTRA = kinds('own', 'place');
const EVENTS = kinds('give', 'take', 'lose', 'find', 'feel', 'feelPair');
const DIALOGUE = kinds('say', 'sayFeel', 'sayWe');
const ENDINGS = kinds('endPlay', 'endShare', 'endCare');
const [INTRO, FRIEND, SEE, WANT, OBSTACLE, CLOSING] = kinds('intro', 'friend', 'see', 'want', 'obstacle', 'closing');

/** Templates of `k` usable now, within the first `paraphrases`; each paired with its legal subjects. */
function usable(st: StoryState, k: Kind, lex: Lexicon, paraphrases: number): Array<[Template, readonly string[]]> {
  const subjects = k.subjects(st, lex);
  const out: Array<[Template, readonly string[]]> = [];
  const n = Math.min(paraphrases, k.templates.length);
  for (let i = 0; i < n; i++) {
    const t = k.templates[i];
    let subs: readonly string[];
    if (t.mode === 'pro') subs = st.last.length === 1 && subjects.includes(st.last[0]) ? [st.last[0]] : [];
    else if (t.mode === 'they') subs = st.last.length === 2 && subjects.includes(st.last[0]) && k.ys(st, st.last[0], lex).includes(st.last[1]) ? [st.last[0]] : [];
    else if (t.mode === 'none') subs = [''];
    else subs = subjects;
    if (subs.length === 0) continue;
    // A template needing an object is usable only if some subject has a legal object.
    if (t.slots.has('O')) subs = subs.filter((x) => k.os(st, x, lex).length > 0);
    if (subs.length > 0) out.push([t, subs]);
  }
  return out;
}

type Option = [Kind, Array<[Template, readonly string[]]>];

/** Kinds among `ks` that have a usable template now, with those templates (computed once per step). */
function options(st: StoryState, ks: readonly Kind[], lex: Lexicon, p: number): Option[] {
  const out: Option[] = [];
  for (const k of ks) {
    const u = usable(st, k, lex, p);
    if (u.length > 0) out.push([k, u]);
  }
  return out;
}

/** Emits one sentence of an option's kind, choosing template, subject and fillers. */
function sentence(ch: Chance, st: StoryState, [k, templates]: Option, lex: Lexicon): string {
  const [t, subs] = pick(ch, templates);
  const f: Fill = { X: '', Y: '', O: '', J: '', L: '', F: '' };
  if (t.mode === 'they') {
    f.X = st.last[0];
    f.Y = st.last[1];
  } else if (t.mode !== 'none') f.X = pick(ch, subs);
  if (t.slots.has('Y')) f.Y = pick(ch, k.ys(st, f.X, lex));
  if (t.slots.has('O')) f.O = pick(ch, k.os(st, f.X, lex));
  if (t.slots.has('J')) f.J = pick(ch, lex.adjs);
  if (t.slots.has('L')) f.L = pick(ch, lex.places);
  if (t.slots.has('F')) f.F = pick(ch, lex.feelings);
  const s = render(t, f);
  advance(st, k, t, f);
  return s;
}

/** A sentence of the single kind `k`, which the plot guarantees is usable here. */
function one(ch: Chance, st: StoryState, k: Kind, lex: Lexicon, p: number): string {
  return sentence(ch, st, [k, usable(st, k, lex, p)], lex);
}

/** One story as a single line of sentences joined by spaces. */
export function generateStory(ch: Chance, lex: Lexicon, knobs: StoryKnobs): string {
  const st = newState();
  const p = knobs.paraphrases;
  const out: string[] = [one(ch, st, INTRO, lex, p)];
  const friends = between(ch, 1, knobs.characters - 1);
  for (let i = 0; i < friends; i++) out.push(one(ch, st, FRIEND, lex, p));
  const extra = between(ch, 1, 2);
  for (let i = 0; i < extra; i++) out.push(sentence(ch, st, pick(ch, options(st, SETUP_EXTRA, lex, p)), lex));
  out.push(one(ch, st, SEE, lex, p));
  out.push(one(ch, st, WANT, lex, p));
  out.push(one(ch, st, OBSTACLE, lex, p));
  for (let i = 0; i < knobs.events; i++) {
    const plain = options(st, EVENTS, lex, p);
    const talk = options(st, DIALOGUE, lex, p);
    // Flip only when both classes are available, so every recorded bit is visible in the text.
    const useTalk = talk.length > 0 && (plain.length === 0 || flip(ch, knobs.dialoguePercent, 100));
    out.push(sentence(ch, st, pick(ch, useTalk ? talk : plain), lex));
  }
  out.push(sentence(ch, st, pick(ch, options(st, ENDINGS, lex, p)), lex));
  const closing = options(st, [CLOSING], lex, p);
  if (closing.length > 0 && flip(ch, 1, 2)) out.push(sentence(ch, st, closing[0], lex));
  return out.join(' ');
}
