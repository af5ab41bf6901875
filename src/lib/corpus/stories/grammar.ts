// The story grammar, shared by the generator and the checker so they can never disagree.
// A story is a sequence of sentences; each sentence instantiates one template of one *kind*. A kind says
// which plot part it belongs to (setup, want, middle, resolution), which characters/objects may fill its
// slots given the story so far, and how it changes that state (who is in the story, who holds which
// object, who the last subject was). The generator picks only legal fillers; the checker parses a text
// sentence by sentence and rejects any sentence whose fillers are not legal at that point.
import { STORY_FEELINGS, STORY_NAMES, STORY_OBJECT_ADJ, STORY_OBJECTS, STORY_PLACES } from '../lexicon.ts';
import { addCharacter, envious, heldByOthers, holders, introduce, newObjects, others, ownedBy, setOwner, unowned, type StoryState } from './state.ts';

export { newState, type StoryState } from './state.ts';

export type Gender = 'girl' | 'boy';

export interface Lexicon {
  names: readonly string[];
  objects: readonly string[];
  places: readonly string[];
  adjs: readonly string[];
  feelings: readonly string[];
}

/** Gender of every story name in the full lexicon (used for pronouns and "girl"/"boy"). */
export const GENDER: ReadonlyMap<string, Gender> = new Map(STORY_NAMES.map(([n, g]) => [n, g]));

export const FULL_LEXICON: Lexicon = {
  names: STORY_NAMES.map(([n]) => n),
  objects: STORY_OBJECTS,
  places: STORY_PLACES,
  adjs: STORY_OBJECT_ADJ,
  feelings: STORY_FEELINGS,
};

export const pronoun = (name: string): string => (GENDER.get(name) === 'girl' ? 'She' : 'He');
export const possessive = (name: string): string => (GENDER.get(name) === 'girl' ? 'her' : 'his');

export type Slot = 'X' | 'Y' | 'O' | 'J' | 'L' | 'F' | 'G' | 'PRO' | 'POSS';
export interface Fill {
  X: string;
  Y: string;
  O: string;
  J: string;
  L: string;
  F: string;
}

/** How a template names its subject: an explicit name, a pronoun for the last subject, "They" for the last pair, or none. */
export type SubjectMode = 'name' | 'pro' | 'they' | 'none';

export interface Template {
  text: string;
  /** Alternating literal and slot pieces, for fast rendering: parts[0] literal, parts[1] slot, ... */
  parts: string[];
  /** Which slots the template has (a record, not a Set: the generator asks several times per sentence). */
  slots: Readonly<Record<Slot, boolean>>;
  mode: SubjectMode;
}

export interface Kind {
  name: string;
  part: 0 | 1 | 2 | 3;
  dialogue: boolean;
  obstacle: boolean;
  /** Subject is the pair X and Y (sets last to [X, Y]). */
  pair: boolean;
  templates: Template[];
  /** Legal subjects now ([] = kind not usable). For kinds with mode 'none' this is ignored. */
  subjects(st: StoryState, lex: Lexicon): readonly string[];
  /** Legal Y given X (only consulted when a template has {Y}). */
  ys(st: StoryState, x: string, lex: Lexicon): readonly string[];
  /** Legal O given X (only consulted when a template has {O}). */
  os(st: StoryState, x: string, lex: Lexicon): readonly string[];
  apply(st: StoryState, f: Fill): void;
}

function template(text: string): Template {
  const parts: string[] = [];
  const slots: Record<Slot, boolean> = { X: false, Y: false, O: false, J: false, L: false, F: false, G: false, PRO: false, POSS: false };
  const re = /\{(X|Y|O|J|L|F|G|PRO|POSS|THEY)\}/g;
  let at = 0;
  let mode: SubjectMode = 'none';
  let m: RegExpExecArray | null;
  let lit = '';
  while ((m = re.exec(text))) {
    lit += text.slice(at, m.index);
    at = m.index + m[0].length;
    if (m[1] === 'THEY') {
      lit += 'They';
      mode = 'they';
      continue;
    }
    parts.push(lit, m[1]);
    lit = '';
    slots[m[1] as Slot] = true;
  }
  parts.push(lit + text.slice(at));
  if (mode !== 'they') mode = slots.PRO ? 'pro' : slots.X ? 'name' : 'none';
  return { text, parts, slots, mode };
}

const NONE: readonly string[] = [];

interface KindSpec {
  name: string;
  part: 0 | 1 | 2 | 3;
  dialogue?: boolean;
  obstacle?: boolean;
  pair?: boolean;
  templates: string[];
  subjects?: (st: StoryState, lex: Lexicon) => readonly string[];
  ys?: (st: StoryState, x: string, lex: Lexicon) => readonly string[];
  os?: (st: StoryState, x: string, lex: Lexicon) => readonly string[];
  apply?: (st: StoryState, f: Fill) => void;
}

function kind(s: KindSpec): Kind {
  return {
    name: s.name,
    part: s.part,
    dialogue: s.dialogue ?? false,
    obstacle: s.obstacle ?? false,
    pair: s.pair ?? false,
    templates: s.templates.map(template),
    subjects: s.subjects ?? ((st) => st.chars),
    ys: s.ys ?? (() => NONE),
    os: s.os ?? (() => NONE),
    apply: s.apply ?? (() => {}),
  };
}

/**
 * Every sentence kind. Template order matters only for the `paraphrases` knob (a story generated with
 * paraphrases = k uses the first k templates of each kind); the checker accepts all of them.
 * Invariants the checker relies on: no two templates can render the same sentence, no template contains
 * a blank line, and none contains the probe-only wordings "Now " or " is now with".
 */
export const KINDS: readonly Kind[] = [
  kind({
    name: 'intro',
    part: 0,
    templates: [
      'Once upon a time, there was a {G} named {X}.',
      'There once was a little {G} called {X}.',
      'Long ago, a {G} named {X} lived in a small town.',
    ],
    subjects: (st, lex) => (st.chars.length === 0 ? lex.names : NONE),
    apply: (st, f) => addCharacter(st, f.X),
  }),
  kind({
    name: 'friend',
    part: 0,
    templates: ['{X} had a friend named {Y}.', '{X} had a good friend called {Y}.', '{X} often played with a friend named {Y}.'],
    ys: (st, _x, lex) => lex.names.filter((n) => !st.chars.includes(n)),
    apply: (st, f) => addCharacter(st, f.Y),
  }),
  kind({
    name: 'own',
    part: 0,
    templates: ['{X} had a {J} {O}.', '{X} owned a {J} {O}.', '{X} had a {J} {O} at home.'],
    os: (st, _x, lex) => newObjects(st, lex),
    apply: (st, f) => introduce(st, f.O, f.X),
  }),
  kind({
    name: 'place',
    part: 0,
    templates: ['{X} liked to play in the {L}.', '{X} lived near the {L}.', 'Every day, {X} went to the {L}.'],
  }),
  kind({
    name: 'see',
    part: 1,
    templates: [
      'One day, {X} saw a {J} {O} in the {L}.',
      'One morning, {X} found a {J} {O} near the {L}.',
      'One day, {X} spotted a {J} {O} by the {L}.',
    ],
    os: (st, _x, lex) => newObjects(st, lex),
    apply: (st, f) => introduce(st, f.O, ''),
  }),
  kind({
    name: 'want',
    part: 1,
    templates: ['{X} wanted the {O} very much.', '{X} really wanted to play with the {O}.', '{PRO} wished to have the {O}.'],
    os: (st, x) => st.objects.filter((o) => st.owner.get(o) !== x),
  }),
  kind({
    name: 'obstacle',
    part: 2,
    obstacle: true,
    templates: ['But then it started to rain.', 'But the {O} was stuck in a tree.', 'But a big dog ran into the {L}.'],
    os: (st) => st.objects,
  }),
  kind({
    name: 'give',
    part: 2,
    templates: ['{X} gave the {O} to {Y}.', '{X} handed the {O} to {Y}.', '{PRO} let {Y} have the {O}.'],
    subjects: (st) => (st.chars.length >= 2 ? holders(st) : NONE),
    ys: (st, x) => others(st, x),
    os: (st, x) => ownedBy(st, x),
    apply: (st, f) => setOwner(st, f.O, f.Y),
  }),
  kind({
    name: 'take',
    part: 2,
    templates: ['{X} picked up the {O}.', '{X} took the {O} home.', '{PRO} grabbed the {O}.'],
    subjects: (st) => (unowned(st).length > 0 ? st.chars : NONE),
    os: (st) => unowned(st),
    apply: (st, f) => setOwner(st, f.O, f.X),
  }),
  kind({
    name: 'lose',
    part: 2,
    templates: ['{X} lost {POSS} {O}.', '{X} could not find {POSS} {O}.', '{PRO} dropped {POSS} {O} and it rolled away.'],
    subjects: (st) => holders(st),
    os: (st, x) => ownedBy(st, x),
    apply: (st, f) => setOwner(st, f.O, ''),
  }),
  kind({
    name: 'find',
    part: 2,
    templates: ['{X} found a {J} {O} under a tree.', '{X} found a {J} {O} in the {L}.', '{PRO} found a {J} {O} behind a bush.'],
    subjects: (st, lex) => (newObjects(st, lex).length > 0 ? st.chars : NONE),
    os: (st, _x, lex) => newObjects(st, lex),
    apply: (st, f) => introduce(st, f.O, f.X),
  }),
  kind({
    name: 'feel',
    part: 2,
    templates: ['{X} was {F}.', '{X} felt very {F}.', '{PRO} was {F}.'],
  }),
  kind({
    name: 'feelPair',
    part: 2,
    pair: true,
    templates: ['{X} and {Y} were {F}.', '{X} and {Y} both felt {F}.', '{THEY} were {F}.'],
    subjects: (st) => (st.chars.length >= 2 ? st.chars : NONE),
    ys: (st, x) => others(st, x),
  }),
  kind({
    name: 'say',
    part: 2,
    dialogue: true,
    templates: ['"I like your {O}," said {X}.', '"Can I play with your {O}?" asked {X}.', '{X} said, "I want to play with your {O}."'],
    subjects: (st) => envious(st),
    os: (st, x) => heldByOthers(st, x),
  }),
  kind({
    name: 'sayFeel',
    part: 2,
    dialogue: true,
    templates: ['{X} said, "I am {F}."', '"I am so {F}," said {X}.', '"I feel {F} today," said {X}.'],
  }),
  kind({
    name: 'sayWe',
    part: 2,
    dialogue: true,
    pair: true,
    templates: ['"We are {F}," said {X} and {Y}.', '{X} and {Y} said, "We are {F}."', '"We feel {F}," said {X} and {Y}.'],
    subjects: (st) => (st.chars.length >= 2 ? st.chars : NONE),
    ys: (st, x) => others(st, x),
  }),
  kind({
    name: 'endPlay',
    part: 3,
    pair: true,
    templates: [
      'In the end, {X} and {Y} played with the {O} together.',
      'At the end of the day, {X} and {Y} played with the {O}.',
      'Then {X} and {Y} played with the {O} all day.',
    ],
    subjects: (st) => (st.chars.length >= 2 && !st.ended ? st.chars : NONE),
    ys: (st, x) => others(st, x),
    os: (st) => st.objects,
    apply: (st) => void (st.ended = true),
  }),
  kind({
    name: 'endShare',
    part: 3,
    templates: [
      'At last, {X} shared the {O} with {Y}.',
      'In the end, {X} let {Y} play with the {O} too.',
      'Finally, {X} gave {Y} a turn with the {O}.',
    ],
    subjects: (st) => (st.chars.length >= 2 && !st.ended ? holders(st) : NONE),
    ys: (st, x) => others(st, x),
    os: (st, x) => ownedBy(st, x),
    apply: (st) => void (st.ended = true),
  }),
  kind({
    name: 'endCare',
    part: 3,
    templates: [
      'From that day on, {X} took good care of {POSS} {O}.',
      '{X} kept {POSS} {O} safe from then on.',
      'After that, {X} never lost {POSS} {O} again.',
    ],
    subjects: (st) => (!st.ended ? holders(st) : NONE),
    os: (st, x) => ownedBy(st, x),
    apply: (st) => void (st.ended = true),
  }),
  kind({
    name: 'closing',
    part: 3,
    templates: ['{X} was very happy.', '{PRO} smiled a big smile.', '{THEY} were best friends forever.'],
    subjects: (st) => (st.ended ? st.chars : NONE),
    pair: false,
  }),
];

export const KIND_BY_NAME: ReadonlyMap<string, Kind> = new Map(KINDS.map((k) => [k.name, k]));

/** Renders a template; G/PRO/POSS are derived from X so agreement is correct by construction. */
export function render(t: Template, f: Fill): string {
  const p = t.parts;
  let s = p[0];
  for (let i = 1; i < p.length; i += 2) {
    const slot = p[i];
    s +=
      slot === 'X' ? f.X
      : slot === 'Y' ? f.Y
      : slot === 'O' ? f.O
      : slot === 'J' ? f.J
      : slot === 'L' ? f.L
      : slot === 'F' ? f.F
      : slot === 'G' ? (GENDER.get(f.X) ?? 'boy')
      : slot === 'PRO' ? pronoun(f.X)
      : possessive(f.X);
    s += p[i + 1];
  }
  return s;
}

/** Updates the state after a sentence of kind `k` with fill `f` (shared by generator and checker). */
export function advance(st: StoryState, k: Kind, t: Template, f: Fill): void {
  k.apply(st, f);
  if (k.obstacle) st.sawObstacle = true;
  if (k.part > st.part) st.part = k.part;
  st.last = t.mode === 'none' ? [] : k.pair || t.mode === 'they' ? [f.X, f.Y] : [f.X];
}
