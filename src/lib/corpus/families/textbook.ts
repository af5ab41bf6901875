// The 'textbook' family (Phi-style): lessons, worked examples and exercises over a seeded taxonomy of
// nonsense creatures whose properties are inherited ("A zorbel is a kind of plimp. Every plimp has scales.").
// Question pairs (concept, property) and definition questions are split by a hash class: training text
// only ever asks the training-class questions; probes ask held-out ones, which the facts in training
// still answer through inheritance.
import type { Probe } from '../types.ts';
import { TB_CODAS, TB_ONSETS, TB_PROPERTIES, TB_VOWELS } from '../lexicon.ts';
import { Chance, int, pick, sampleDistinct } from '../chance.ts';
import { Rng, fnv1a, mix32 } from '../rng.ts';
import { isHeldOutKey, makeDoc, type FamilyModule, type ProbeSet, type Split } from '../family.ts';
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
  const owner = Array.from({ length: k.properties }, () => int(ch, k.concepts));
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

/**
 * Question pairs are held out at a higher rate (1 in 8) than whole documents elsewhere: it costs no bits
 * (training lessons simply never ask these pairs) and gives enough probes even for small taxonomies.
 */
const isHeldOutPair = (key: string): boolean => mix32(fnv1a(key, 0x68e31da4)) % 8 === 0;
const pairKey = (t: Taxonomy, c: number, p: number): string => `has|${t.names[c]}|${TB_PROPERTIES[p]}`;
const defKey = (t: Taxonomy, c: number): string => `def|${t.names[c]}`;

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

/** Precomputed per concept: properties it may be asked about in training (training-class pairs). */
function trainQuestions(t: Taxonomy, nProps: number): number[][] {
  return t.names.map((_, c) => {
    const ok: number[] = [];
    for (let p = 0; p < nProps; p++) if (!isHeldOutPair(pairKey(t, c, p))) ok.push(p);
    return ok;
  });
}

function lesson(ch: Chance, t: Taxonomy, k: TextbookKnobs, asks: number[][]): string {
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
  if (par !== -1 && !isHeldOutKey(defKey(t, c))) s += ` Exercise: What is a ${name} a kind of? Answer: ${t.names[par]}.`;
  return s;
}

function probesFor(k: TextbookKnobs, seed: string, cap: number): ProbeSet {
  const t = buildTaxonomy(k, seed, 'train');
  const ch = new Chance(new Rng(seed, 'textbook', 'probes'));
  const yes: Probe[] = [];
  const no: Probe[] = [];
  for (let c = 0; c < k.concepts; c++) {
    for (let p = 0; p < k.properties; p++) {
      if (!isHeldOutPair(pairKey(t, c, p))) continue;
      const path = inheritancePath(t, c, p);
      const hops = path ? path.length - 1 : -1;
      (path ? yes : no).push({
        id: `textbook-has-${c}-${p}`,
        family: 'textbook',
        kind: !path ? 'negative' : hops === 0 ? 'direct' : hops === 1 ? 'two-hop' : 'multi-hop',
        prompt: `Exercise: Does a ${t.names[c]} have ${TB_PROPERTIES[p]}? Answer:`,
        answer: path ? ' yes' : ' no',
        candidates: [' yes', ' no'],
        meta: { hops, depth: ancestry(t, c).length - 1 },
      });
    }
  }
  const defs: Probe[] = [];
  const parents = [...new Set(t.parent.filter((x) => x !== -1))].map((x) => ' ' + t.names[x]);
  for (let c = 0; c < k.concepts; c++) {
    if (t.parent[c] === -1 || !isHeldOutKey(defKey(t, c))) continue;
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
  // Deterministic subsample: definitions get up to a quarter; yes/no questions alternate (balanced chance).
  const take = (xs: Probe[], n: number): Probe[] => sampleDistinct(ch, xs.length, Math.min(n, xs.length)).map((i) => xs[i]);
  const d = take(defs, Math.floor(cap / 4));
  const y = take(yes, cap);
  const nn = take(no, cap);
  const probes: Probe[] = [...d];
  for (let i = 0; probes.length < cap && (i < y.length || i < nn.length); i++) {
    if (i < y.length && probes.length < cap) probes.push(y[i]);
    if (i < nn.length && probes.length < cap) probes.push(nn[i]);
  }
  return { probes, minimalPairs: [] };
}

export const textbook: FamilyModule<TextbookKnobs> = {
  name: 'textbook',
  stream(k, seed, split) {
    const train = buildTaxonomy(k, seed, 'train');
    const t = split === 'train' ? train : buildTaxonomy(k, seed, 'heldout', new Set(train.nameIndices));
    const asks = trainQuestions(t, k.properties);
    const rng = new Rng(seed, 'textbook', split);
    let first = true;
    // The held-out world has its own names, so its lessons can never equal a training lesson.
    return () => {
      const ch = new Chance(rng);
      const text = lesson(ch, t, k, asks);
      const bits = ch.bits + (first ? t.bits : 0);
      first = false;
      return makeDoc('textbook', text, bits, true);
    };
  },
  probes: probesFor,
  upperBoundReason: () =>
    'the taxonomy is charged once to the first lesson, and the text shows its tree but not the order concepts were drawn in',
};
