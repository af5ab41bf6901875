// The 'textbook' family (Phi-style): lessons, worked examples and exercises over a seeded taxonomy of
// nonsense creatures whose properties are inherited ("A zorbel is a kind of plimp. Every plimp has scales.").
// Question pairs (concept, property) and definition questions are split by a hash: training text only ever
// asks the training-side questions; probes ask held-out ones, which the facts in training still answer
// through inheritance.
import type { Probe } from '../types.ts';
import { TB_CODAS, TB_ONSETS, TB_PROPERTIES, TB_VOWELS } from '../lexicon.ts';
import { Chance, int, pick, sampleDistinct } from '../chance.ts';
import { Rng, fnv1a, mix32 } from '../rng.ts';
import { makeDoc, type FamilyModule, type ProbeSet, type Split } from '../family.ts';
import { capitalize } from '../text.ts';

export interface TextbookKnobs {
  /** Concepts in the taxonomy (vocabulary), 8..400. */
  concepts: number;
  /** Inheritable properties, 4..40. */
  properties: number;
  /** Root concepts (more roots = shallower trees = easier), 1..8. */
  roots: number;
  /** Worked examples per lesson (length), 0..4. */
  examples: number;
  /** Exercises per lesson (length), 0..6. */
  exercises: number;
  /** Templates per sentence kind (paraphrase count), 1..3. */
  paraphrases: number;
}

const SYLLABLES: string[] = TB_ONSETS.flatMap((o) => TB_VOWELS.flatMap((v) => TB_CODAS.map((c) => o + v + c)));
const NAME_POOL = SYLLABLES.length * SYLLABLES.length;
const wordAt = (i: number): string => SYLLABLES[i % SYLLABLES.length] + SYLLABLES[Math.floor(i / SYLLABLES.length)];

export interface Taxonomy {
  names: string[];
  nameIndices: number[];
  /** Parent concept index, -1 for roots. */
  parent: number[];
  /** Concept owning each property (the property holds for it and every descendant). */
  owner: number[];
  /** Bits of every world choice (charged to the first document of the stream). */
  bits: number;
}

/** Builds a taxonomy; `exclude` removes name indices (the training world's) from a held-out world. */
export function buildTaxonomy(k: TextbookKnobs, seed: string, split: Split, exclude?: ReadonlySet<number>): Taxonomy {
  const ch = new Chance(seed, 'textbook', split, 'world');
  const nameIndices = sampleDistinct(ch, NAME_POOL, k.concepts, exclude);
  const names = nameIndices.map(wordAt);
  // Random recursive forest: each non-root concept hangs under a uniformly chosen earlier concept.
  const parent = names.map((_, i) => (i < k.roots ? -1 : int(ch, i)));
  // Properties belong to concepts that have subconcepts (there is always one, as roots < concepts), so every
  // property is inherited by something: that is what gives two-hop and longer questions.
  const inner = [...new Set(parent.filter((x) => x !== -1))].sort((a, b) => a - b);
  const owner = Array.from({ length: k.properties }, () => pick(ch, inner));
  return { names, nameIndices, parent, owner, bits: ch.bits };
}

/** Chain from concept c up to the concept owning property p (inclusive), or null if c lacks p. */
export function inheritancePath(t: Taxonomy, c: number, p: number): number[] | null {
  const path: number[] = [];
  for (let x = c; x !== -1; x = t.parent[x]) {
    path.push(x);
    if (t.owner[p] === x) return path;
  }
  return null;
}

const ancestry = (t: Taxonomy, c: number): number[] => {
  const out: number[] = [];
  for (let x = c; x !== -1; x = t.parent[x]) out.push(x);
  return out;
};

/** How a yes/no question about (concept, property) is answered from the facts in training. */
export type PairKind = 'negative' | 'direct' | 'two-hop' | 'multi-hop';

export function pairKind(t: Taxonomy, c: number, p: number): PairKind {
  const path = inheritancePath(t, c, p);
  return !path ? 'negative' : path.length === 1 ? 'direct' : path.length === 2 ? 'two-hop' : 'multi-hop';
}

/**
 * Share of each kind of question held out of training. Holding out costs no bits (training lessons simply
 * never ask these questions; the facts that answer them are still stated). "Yes" questions are rare (a
 * property covers one subtree), so they are held out at higher rates than "no" ones: that leaves enough
 * of every kind for balanced probes while training still asks most questions of each kind.
 */
const HELD_OUT_SHARE: Readonly<Record<PairKind | 'definition', number>> = {
  negative: 1 / 8,
  direct: 1 / 2,
  'two-hop': 1 / 2,
  'multi-hop': 1 / 4,
  definition: 1 / 4,
};

/** Which questions training never asks: pair index c * properties + p, and concept indices for definitions. */
export interface QuestionSplit {
  heldPairs: ReadonlySet<number>;
  heldDefs: ReadonlySet<number>;
}

const rank = (key: string): number => mix32(fnv1a(key, 0x68e31da4));

/**
 * Exactly ceil(share × n) questions of each kind are held out (so the counts are guaranteed, not left to
 * chance): those whose names hash lowest. The hash depends only on the names, so the split costs no bits.
 */
function heldOutLowest(items: Array<[number, string]>, share: number): number[] {
  const n = Math.ceil(share * items.length);
  return items
    .map(([id, key]) => [id, rank(key), key] as const)
    .sort((a, b) => a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0))
    .slice(0, n)
    .map(([id]) => id);
}

export function questionSplit(t: Taxonomy, nProps: number): QuestionSplit {
  const pairs: Record<PairKind, Array<[number, string]>> = { negative: [], direct: [], 'two-hop': [], 'multi-hop': [] };
  for (let c = 0; c < t.names.length; c++) {
    for (let p = 0; p < nProps; p++) pairs[pairKind(t, c, p)].push([c * nProps + p, `has|${t.names[c]}|${TB_PROPERTIES[p]}`]);
  }
  const heldPairs = new Set<number>();
  for (const kind of Object.keys(pairs) as PairKind[]) for (const id of heldOutLowest(pairs[kind], HELD_OUT_SHARE[kind])) heldPairs.add(id);
  const defs: Array<[number, string]> = [];
  for (let c = 0; c < t.names.length; c++) if (t.parent[c] !== -1) defs.push([c, `def|${t.names[c]}`]);
  return { heldPairs, heldDefs: new Set(heldOutLowest(defs, HELD_OUT_SHARE.definition)) };
}

const LESSON = ['Lesson: the {c}.', 'Chapter: all about the {c}.', 'Notes on the {c}.'];
const IS_A = ['A {c} is a kind of {p}.', 'Every {c} is a {p}.', '{C}s are a type of {p}.'];
const ROOT = ['The {c} is a basic kind of creature.', 'A {c} is not a kind of anything else.', '{C}s form a basic group of creatures.'];
const HAS = ['Every {c} has {q}.', 'All {c}s have {q}.', 'A {c} always has {q}.'];

const fill = (tpl: string, c: string, p = '', q = ''): string =>
  tpl.replace('{c}', c).replace('{C}', capitalize(c)).replace('{p}', p).replace('{q}', q);

/** Worked example: the question, the chain of facts, the conclusion. */
function example(t: Taxonomy, c: number, p: number): string {
  const name = t.names[c];
  const q = TB_PROPERTIES[p];
  const path = inheritancePath(t, c, p);
  const chain = path ?? ancestry(t, c);
  let s = `Example: Does a ${name} have ${q}?`;
  for (let i = 0; i + 1 < chain.length; i++) s += ` A ${t.names[chain[i]]} is a kind of ${t.names[chain[i + 1]]}.`;
  if (path) s += ` Every ${t.names[path[path.length - 1]]} has ${q}. So a ${name} has ${q}. Answer: yes.`;
  else s += ` No kind that a ${name} belongs to has ${q}. So a ${name} does not have ${q}. Answer: no.`;
  return s;
}

/** Precomputed per concept: properties it may be asked about in training (not held out). */
function trainQuestions(t: Taxonomy, nProps: number, split: QuestionSplit): number[][] {
  return t.names.map((_, c) => {
    const ok: number[] = [];
    for (let p = 0; p < nProps; p++) if (!split.heldPairs.has(c * nProps + p)) ok.push(p);
    return ok;
  });
}

function lesson(ch: Chance, t: Taxonomy, k: TextbookKnobs, asks: number[][], split: QuestionSplit): string {
  const P = k.paraphrases;
  const c = int(ch, t.names.length);
  const name = t.names[c];
  const par = t.parent[c];
  let s = fill(pick(ch, LESSON.slice(0, P)), name);
  s += ' ' + (par === -1 ? fill(pick(ch, ROOT.slice(0, P)), name) : fill(pick(ch, IS_A.slice(0, P)), name, t.names[par]));
  for (let p = 0; p < k.properties; p++) if (t.owner[p] === c) s += ' ' + fill(pick(ch, HAS.slice(0, P)), name, '', TB_PROPERTIES[p]);
  const qs = asks[c];
  if (qs.length > 0) {
    for (let i = 0; i < k.examples; i++) s += ' ' + example(t, c, pick(ch, qs));
    for (let i = 0; i < k.exercises; i++) {
      const p = pick(ch, qs);
      s += ` Exercise: Does a ${name} have ${TB_PROPERTIES[p]}? Answer: ${inheritancePath(t, c, p) ? 'yes' : 'no'}.`;
    }
  }
  if (par !== -1 && !split.heldDefs.has(c)) s += ` Exercise: What is a ${name} a kind of? Answer: ${t.names[par]}.`;
  return s;
}

/**
 * Held-out questions, balanced so that no constant answer scores well: as many "yes" as "no" questions,
 * the "yes" ones spread evenly over direct, two-hop and multi-hop (round robin), and definitions taking up
 * to a quarter of the cap (more when the yes/no pools run out first).
 */
function probesFor(k: TextbookKnobs, seed: string, cap: number): ProbeSet {
  const t = buildTaxonomy(k, seed, 'train');
  const split = questionSplit(t, k.properties);
  const ch = new Chance(new Rng(seed, 'textbook', 'probes'));
  const byKind: Record<PairKind, Probe[]> = { negative: [], direct: [], 'two-hop': [], 'multi-hop': [] };
  for (let c = 0; c < k.concepts; c++) {
    for (let p = 0; p < k.properties; p++) {
      if (!split.heldPairs.has(c * k.properties + p)) continue;
      const kind = pairKind(t, c, p);
      const path = inheritancePath(t, c, p);
      byKind[kind].push({
        id: `textbook-has-${c}-${p}`,
        family: 'textbook',
        kind,
        prompt: `Exercise: Does a ${t.names[c]} have ${TB_PROPERTIES[p]}? Answer:`,
        answer: path ? ' yes' : ' no',
        candidates: [' yes', ' no'],
        meta: { hops: path ? path.length - 1 : -1, depth: ancestry(t, c).length - 1 },
      });
    }
  }
  const defs: Probe[] = [];
  const parents = [...new Set(t.parent.filter((x) => x !== -1))].map((x) => ' ' + t.names[x]);
  for (let c = 0; c < k.concepts; c++) {
    if (!split.heldDefs.has(c)) continue;
    defs.push({
      id: `textbook-def-${c}`,
      family: 'textbook',
      kind: 'definition',
      prompt: `Exercise: What is a ${t.names[c]} a kind of? Answer:`,
      answer: ' ' + t.names[t.parent[c]],
      candidates: parents,
      meta: { depth: ancestry(t, c).length - 1 },
    });
  }
  // Each pool in a seeded random order, then taken from the front.
  const shuffled = (xs: Probe[]): Probe[] => sampleDistinct(ch, xs.length, xs.length).map((i) => xs[i]);
  const d = shuffled(defs);
  const yesPools = [shuffled(byKind.direct), shuffled(byKind['two-hop']), shuffled(byKind['multi-hop'])];
  const no = shuffled(byKind.negative);
  const yesTotal = yesPools.reduce((n, xs) => n + xs.length, 0);
  const nDefs = Math.min(d.length, Math.floor(cap / 4));
  const pairs = Math.min(yesTotal, no.length, Math.floor((cap - nDefs) / 2));
  const yes: Probe[] = [];
  for (let i = 0; yes.length < pairs; i++) for (const pool of yesPools) if (i < pool.length && yes.length < pairs) yes.push(pool[i]);
  const probes: Probe[] = d.slice(0, nDefs);
  for (let i = 0; i < pairs; i++) probes.push(yes[i], no[i]);
  for (let i = nDefs; i < d.length && probes.length < cap; i++) probes.push(d[i]);
  return { probes, minimalPairs: [] };
}

export const textbook: FamilyModule<TextbookKnobs> = {
  name: 'textbook',
  stream(k, seed, split) {
    const train = buildTaxonomy(k, seed, 'train');
    const t = split === 'train' ? train : buildTaxonomy(k, seed, 'heldout', new Set(train.nameIndices));
    const questions = questionSplit(t, k.properties);
    const asks = trainQuestions(t, k.properties, questions);
    const rng = new Rng(seed, 'textbook', split);
    let first = true;
    // The held-out world has its own names, so its lessons can never equal a training lesson.
    return () => {
      const ch = new Chance(rng);
      const text = lesson(ch, t, k, asks, questions);
      const bits = ch.bits + (first ? t.bits : 0);
      first = false;
      return makeDoc('textbook', text, bits, true);
    };
  },
  probes: probesFor,
  upperBoundReason: () =>
    'the taxonomy is charged once to the first lesson, and the text shows its tree but not the order concepts were drawn in',
};
