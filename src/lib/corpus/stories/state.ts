// The state of a story being told or parsed, and the questions the grammar asks about it ("who holds
// something?", "which objects has nobody introduced yet?"). Those questions are asked dozens of times per
// sentence while the generator weighs its options, so the answers are derived once per state change and
// shared (read-only arrays) instead of being recomputed with fresh filtered lists on every question.
// The answers are exactly what the obvious filters over `objects`/`chars` would return, in the same order.
import type { Lexicon } from './grammar.ts';

export interface StoryState {
  chars: string[];
  /** Objects in order of introduction. */
  objects: string[];
  /** Holder of each introduced object; '' means nobody holds it. Change it only through `setOwner`. */
  owner: Map<string, string>;
  /** Subject(s) of the previous sentence, for "She ..." / "They ...": [] none, [x] one, [x, y] a pair. */
  last: string[];
  /** Highest plot part reached: 0 setup, 1 want, 2 middle, 3 resolution. */
  part: number;
  sawObstacle: boolean;
  ended: boolean;
  /** Answers derived from chars/objects/owner; null when a change made them stale. */
  view: View | null;
  /** newObjects(lex) memo: valid while `fresh.lex` is the lexicon asked about and no object was introduced. */
  fresh: { lex: Lexicon; introduced: number; list: readonly string[] } | null;
}

interface View {
  /** Introduced objects nobody holds, in introduction order. */
  unowned: readonly string[];
  /** held[i]: objects chars[i] holds, in introduction order. */
  held: readonly (readonly string[])[];
  /** Characters holding at least one object, in order of introduction. */
  holders: readonly string[];
  /** others[i]: the characters other than chars[i]. */
  others: readonly (readonly string[])[];
  /** heldByOthers[i]: objects held by someone other than chars[i] (filled on first use). */
  heldByOthers: (readonly string[] | undefined)[];
  /** Characters for whom someone else holds an object. */
  envious: readonly string[];
}

const NONE: readonly string[] = [];

export function newState(): StoryState {
  return { chars: [], objects: [], owner: new Map(), last: [], part: 0, sawObstacle: false, ended: false, view: null, fresh: null };
}

/** Adds a character; every change to chars, objects or owner goes through these three functions. */
export function addCharacter(st: StoryState, name: string): void {
  st.chars.push(name);
  st.view = null;
}

export function introduce(st: StoryState, o: string, holder: string): void {
  st.objects.push(o);
  st.owner.set(o, holder);
  st.view = null;
}

export function setOwner(st: StoryState, o: string, holder: string): void {
  st.owner.set(o, holder);
  st.view = null;
  st.fresh = null;
}

function derive(st: StoryState): View {
  const n = st.chars.length;
  const unowned: string[] = [];
  const held: string[][] = [];
  for (let i = 0; i < n; i++) held.push([]);
  let heldCount = 0;
  for (const o of st.objects) {
    const h = st.owner.get(o) ?? '';
    if (h === '') unowned.push(o);
    else {
      heldCount++;
      const i = st.chars.indexOf(h);
      if (i >= 0) held[i].push(o);
    }
  }
  const holders: string[] = [];
  const envious: string[] = [];
  const others: string[][] = [];
  for (let i = 0; i < n; i++) {
    const c = st.chars[i];
    if (held[i].length > 0) holders.push(c);
    if (heldCount > held[i].length) envious.push(c);
    others.push(st.chars.filter((d) => d !== c));
  }
  return { unowned, held, holders, others, heldByOthers: [], envious };
}

const view = (st: StoryState): View => (st.view ??= derive(st));

/** Objects held by `x` in introduction order ('' gives the objects nobody holds). */
export function ownedBy(st: StoryState, x: string): readonly string[] {
  if (x === '') return view(st).unowned;
  const i = st.chars.indexOf(x);
  return i >= 0 ? view(st).held[i] : st.objects.filter((o) => st.owner.get(o) === x);
}

export const unowned = (st: StoryState): readonly string[] => view(st).unowned;

/** Characters who hold something. */
export const holders = (st: StoryState): readonly string[] => view(st).holders;

/** Characters other than `x`. */
export function others(st: StoryState, x: string): readonly string[] {
  const i = st.chars.indexOf(x);
  return i >= 0 ? view(st).others[i] : st.chars.slice();
}

const heldElsewhere = (st: StoryState, x: string): string[] =>
  st.objects.filter((o) => {
    const h = st.owner.get(o);
    return h !== '' && h !== x;
  });

/** Objects somebody other than `x` holds, in introduction order. */
export function heldByOthers(st: StoryState, x: string): readonly string[] {
  const i = st.chars.indexOf(x);
  if (i < 0) return heldElsewhere(st, x);
  const v = view(st);
  return (v.heldByOthers[i] ??= heldElsewhere(st, x));
}

/** Characters for whom somebody else holds an object. */
export const envious = (st: StoryState): readonly string[] => view(st).envious;

/** Objects of the lexicon not yet in the story, in lexicon order. */
export function newObjects(st: StoryState, lex: Lexicon): readonly string[] {
  const f = st.fresh;
  if (f && f.lex === lex && f.introduced === st.objects.length) return f.list;
  const list = lex.objects.filter((o) => !st.owner.has(o));
  st.fresh = { lex, introduced: st.objects.length, list };
  return list;
}
