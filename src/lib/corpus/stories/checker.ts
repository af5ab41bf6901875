// Story checker: does a free text parse under the story grammar? It will score model samples ("share of
// free samples that parse"), so it is strict: every sentence must match a template of the grammar with
// words from the full lexicon, pronouns/"girl"/"boy"/"his"/"her" must agree with the character, "was"/"were"
// must agree with the subject (templates fix the verb per subject shape), characters must be introduced
// before use, objects must be held by the giver/loser, and the plot must run setup → want → obstacle →
// resolution in order.
import { FULL_LEXICON, GENDER, KINDS, advance, newState, possessive, pronoun, type Fill, type Kind, type Slot, type StoryState, type Template } from './grammar.ts';

export type StoryCheck = { ok: true; sentences: number } | { ok: false; sentences: number; at: number; reason: string };

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\"]/g, (c) => (c === '"' ? '"' : '\\' + c));
const alt = (words: readonly string[]): string => '(' + [...words].sort((a, b) => b.length - a.length).map(escape).join('|') + ')';

const SLOT_PATTERN: Record<Slot, string> = {
  X: alt(FULL_LEXICON.names),
  Y: alt(FULL_LEXICON.names),
  O: alt(FULL_LEXICON.objects),
  J: alt(FULL_LEXICON.adjs),
  L: alt(FULL_LEXICON.places),
  F: alt(FULL_LEXICON.feelings),
  G: '(girl|boy)',
  PRO: '(He|She)',
  POSS: '(his|her)',
};

interface Compiled {
  kind: Kind;
  t: Template;
  re: RegExp;
  /** The same template anchored at both ends, for a lone sentence. */
  whole: RegExp;
  /** Slot captured by each group, in order. */
  groups: Slot[];
}

/** One sticky regex per template; a sentence must end at a space or the end of text. */
const COMPILED: Compiled[] = KINDS.flatMap((kind) =>
  kind.templates.map((t) => {
    let src = '';
    const groups: Slot[] = [];
    for (let i = 0; i < t.parts.length; i++) {
      if (i % 2 === 0) src += escape(t.parts[i]);
      else {
        src += SLOT_PATTERN[t.parts[i] as Slot];
        groups.push(t.parts[i] as Slot);
      }
    }
    return { kind, t, re: new RegExp(src + '(?= |$)', 'y'), whole: new RegExp('^' + src + '$'), groups };
  }),
);

/** Why a matched sentence is illegal at this point of the story, or '' when it is legal. */
function illegal(st: StoryState, c: Compiled, got: Partial<Record<Slot, string>>): [string, Fill] {
  const f: Fill = { X: got.X ?? '', Y: got.Y ?? '', O: got.O ?? '', J: got.J ?? '', L: got.L ?? '', F: got.F ?? '' };
  const { kind, t } = c;
  if (kind.part < st.part) return [`a ${kind.name} sentence cannot follow part ${st.part} of the plot`, f];
  if (kind.part > st.part + 1) return [`plot skips from part ${st.part} to ${kind.part}`, f];
  if (kind.part >= 3 && !st.sawObstacle) return ['resolution before any obstacle', f];
  if (t.mode === 'pro') {
    if (st.last.length !== 1) return ['pronoun without a single previous subject', f];
    f.X = st.last[0];
    if (got.PRO !== pronoun(f.X)) return [`pronoun "${got.PRO}" does not agree with ${f.X}`, f];
  } else if (t.mode === 'they') {
    if (st.last.length !== 2) return ['"They" without a previous pair of subjects', f];
    f.X = st.last[0];
    f.Y = st.last[1];
  }
  if (t.mode !== 'none' && !kind.subjects(st, FULL_LEXICON).includes(f.X)) return [`${f.X} cannot be the subject of a ${kind.name} sentence here`, f];
  if (got.G !== undefined && got.G !== GENDER.get(f.X)) return [`${f.X} is not a ${got.G}`, f];
  if (got.POSS !== undefined && got.POSS !== possessive(f.X)) return [`"${got.POSS}" does not agree with ${f.X}`, f];
  if ((t.slots.Y || t.mode === 'they') && !kind.ys(st, f.X, FULL_LEXICON).includes(f.Y)) return [`${f.Y} is not a legal partner here`, f];
  if (t.slots.O && !kind.os(st, f.X, FULL_LEXICON).includes(f.O)) return [`the ${f.O} cannot be used this way here`, f];
  return ['', f];
}

/** What reading one sentence at `pos` gave: its end when legal, else whether any template matched and why it is illegal. */
type Step = { ok: true; end: number } | { ok: false; matched: boolean; reason: string };

/**
 * Reads the sentence starting at `pos` with the first template that matches it and is legal in `st`,
 * and advances `st` by it. With `whole`, `text` is one lone sentence that a template must match entirely
 * (`pos` is then 0).
 */
function step(st: StoryState, text: string, pos: number, whole: boolean): Step {
  let firstReason = '';
  let matched = false;
  for (const c of COMPILED) {
    let m: RegExpExecArray | null;
    if (whole) m = c.whole.exec(text);
    else {
      c.re.lastIndex = pos;
      m = c.re.exec(text);
    }
    if (!m) continue;
    matched = true;
    const got: Partial<Record<Slot, string>> = {};
    c.groups.forEach((slot, i) => (got[slot] = m[i + 1]));
    const [why, f] = illegal(st, c, got);
    if (why) {
      firstReason ||= why;
      continue;
    }
    advance(st, c.kind, c.t, f);
    return { ok: true, end: whole ? text.length : c.re.lastIndex };
  }
  return { ok: false, matched, reason: firstReason || 'no grammar rule matches here' };
}

/**
 * Parses `text` sentence by sentence. With `complete` (default) the text must be a whole story (reach the
 * resolution); with complete = false any legal prefix is accepted (used for minimal-pair contexts).
 */
export function checkStory(text: string, complete = true): StoryCheck {
  const st = newState();
  let pos = 0;
  let n = 0;
  if (text.length === 0) return { ok: false, sentences: 0, at: 0, reason: 'empty text' };
  while (pos < text.length) {
    const r = step(st, text, pos, false);
    if (!r.ok) return { ok: false, sentences: n, at: pos, reason: r.reason };
    pos = r.end;
    n++;
    if (pos < text.length) {
      pos++; // the single space between sentences
      if (pos >= text.length) return { ok: false, sentences: n, at: pos, reason: 'trailing space' };
    }
  }
  if (complete && !st.ended) return { ok: false, sentences: n, at: pos, reason: 'story has no resolution' };
  return { ok: true, sentences: n };
}

/**
 * One sentence read against a story so far. `grammatical`: it matches a template with fillers from the
 * full lexicon, whatever the story state. `consistent`: it is also legal in `st` (characters introduced,
 * agreement, who holds what, plot order), and then `st` has been advanced by it; otherwise `st` is untouched.
 */
export type SentenceReading = { grammatical: false; consistent: false; reason: string } | { grammatical: true; consistent: boolean; reason: string };

/** Reads `sentence` (exactly one sentence, no surrounding spaces) in the story state `st`. */
export function readSentence(st: StoryState, sentence: string): SentenceReading {
  if (sentence.length === 0) return { grammatical: false, consistent: false, reason: 'empty sentence' };
  const r = step(st, sentence, 0, true);
  if (r.ok) return { grammatical: true, consistent: true, reason: '' };
  return r.matched ? { grammatical: true, consistent: false, reason: r.reason } : { grammatical: false, consistent: false, reason: r.reason };
}

/** True when `text` is a complete story under the grammar. */
export function parsesAsStory(text: string): boolean {
  return checkStory(text).ok;
}
