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
const NONE: readonly string[] = [];
/** The single "subject" of a template that names nobody. */
const NO_SUBJECT: readonly string[] = [''];

/** Subjects that can fill template `t` of kind `k` now ([''] for a subjectless template, [] when unusable). */
function subjectsFor(st: StoryState, k: Kind, t: Template, subjects: readonly string[], lex: Lexicon): readonly string[] {
  let subs: readonly string[];
  if (t.mode === 'pro') subs = st.last.length === 1 && subjects.includes(st.last[0]) ? [st.last[0]] : NONE;
  else if (t.mode === 'they') subs = st.last.length === 2 && subjects.includes(st.last[0]) && k.ys(st, st.last[0], lex).includes(st.last[1]) ? [st.last[0]] : NONE;
  else if (t.mode === 'none') subs = NO_SUBJECT;
  else subs = subjects;
  // A template needing an object is usable only for subjects that have a legal object.
  if (subs.length > 0 && t.slots.O) {
    let all = true;
    for (const x of subs) if (k.os(st, x, lex).length === 0) all = false;
    if (!all) subs = subs.filter((x) => k.os(st, x, lex).length > 0);
  }
  return subs;
}

/** Templates of `k` usable now, within the first `paraphrases`; each paired with its legal subjects. */
function usable(st: StoryState, k: Kind, lex: Lexicon, paraphrases: number): Array<[Template, readonly string[]]> {
  const subjects = k.subjects(st, lex);
  const out: Array<[Template, readonly string[]]> = [];
  const n = Math.min(paraphrases, k.templates.length);
  for (let i = 0; i < n; i++) {
    const subs = subjectsFor(st, k, k.templates[i], subjects, lex);
    if (subs.length > 0) out.push([k.templates[i], subs]);
  }
  return out;
}

/** Whether some template of `k` (within the first `paraphrases`) is usable now; stops at the first one. */
function isUsable(st: StoryState, k: Kind, lex: Lexicon, paraphrases: number): boolean {
  const subjects = k.subjects(st, lex);
  const n = Math.min(paraphrases, k.templates.length);
  for (let i = 0; i < n; i++) if (subjectsFor(st, k, k.templates[i], subjects, lex).length > 0) return true;
  return false;
}

/**
 * Kinds among `ks` that have a usable template now. Only the kind finally picked has its templates
 * listed (by `sentence`), so weighing the options allocates nothing; the draws are the same as choosing
 * among fully listed options.
 */
function options(st: StoryState, ks: readonly Kind[], lex: Lexicon, p: number): Kind[] {
  const out: Kind[] = [];
  for (const k of ks) if (isUsable(st, k, lex, p)) out.push(k);
  return out;
}

/** Emits one sentence of kind `k` (usable now), choosing template, subject and fillers. */
function sentence(ch: Chance, st: StoryState, k: Kind, lex: Lexicon, p: number): string {
  const [t, subs] = pick(ch, usable(st, k, lex, p));
  const f: Fill = { X: '', Y: '', O: '', J: '', L: '', F: '' };
  if (t.mode === 'they') {
    f.X = st.last[0];
    f.Y = st.last[1];
  } else if (t.mode !== 'none') f.X = pick(ch, subs);
  if (t.slots.Y) f.Y = pick(ch, k.ys(st, f.X, lex));
  if (t.slots.O) f.O = pick(ch, k.os(st, f.X, lex));
  if (t.slots.J) f.J = pick(ch, lex.adjs);
  if (t.slots.L) f.L = pick(ch, lex.places);
  if (t.slots.F) f.F = pick(ch, lex.feelings);
  const s = render(t, f);
  advance(st, k, t, f);
  return s;
}

/** One story as a single line of sentences joined by spaces. */
export function generateStory(ch: Chance, lex: Lexicon, knobs: StoryKnobs): string {
  const st = newState();
  const p = knobs.paraphrases;
  const out: string[] = [sentence(ch, st, INTRO, lex, p)];
  const friends = between(ch, 1, knobs.characters - 1);
  for (let i = 0; i < friends; i++) out.push(sentence(ch, st, FRIEND, lex, p));
  const extra = between(ch, 1, 2);
  for (let i = 0; i < extra; i++) out.push(sentence(ch, st, pick(ch, options(st, SETUP_EXTRA, lex, p)), lex, p));
  out.push(sentence(ch, st, SEE, lex, p));
  out.push(sentence(ch, st, WANT, lex, p));
  out.push(sentence(ch, st, OBSTACLE, lex, p));
  for (let i = 0; i < knobs.events; i++) {
    const plain = options(st, EVENTS, lex, p);
    const talk = options(st, DIALOGUE, lex, p);
    // Flip only when both classes are available, so every recorded bit is visible in the text.
    const useTalk = talk.length > 0 && (plain.length === 0 || flip(ch, knobs.dialoguePercent, 100));
    out.push(sentence(ch, st, pick(ch, useTalk ? talk : plain), lex, p));
  }
  out.push(sentence(ch, st, pick(ch, options(st, ENDINGS, lex, p)), lex, p));
  const closing = options(st, [CLOSING], lex, p);
  if (closing.length > 0 && flip(ch, 1, 2)) out.push(sentence(ch, st, closing[0], lex, p));
  return out.join(' ');
}
