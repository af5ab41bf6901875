// The 'biographies' family (bioS-style, after Allen-Zhu & Li, "Physics of Language Models 3.1"):
// a seeded knowledge base of fictional people, each rendered as K fixed paraphrased biographies.
// Probes are cloze sentences about the people in a seventh phrasing per attribute that no template
// produces ("The birth of NAME took place on" → " March 3, 1950"), so they test whether a fact is stored
// under the person or only under the sentence it was read in.
//
// Entropy accounting (exact): a person's name and attributes are charged to the document that first
// mentions them; a variant's sentence order to the first document showing that variant; every document
// pays for which person comes next. Cycle 0 emits people in index order — the names themselves were drawn
// in random order, so charging a permutation as well would count the same ordering twice — and later
// cycles use a fresh random permutation each. Variant k = cycle mod K, so all K paraphrases are shown.
import type { Doc, Probe } from '../types.ts';
import type { Bits } from '../../units.ts';
import { BIO_COMPANIES, BIO_CITIES, BIO_FIRST, BIO_LAST, BIO_MAJORS, BIO_UNIVERSITIES, MONTHS, MONTH_DAYS } from '../lexicon.ts';
import { Chance, int, pick, sampleDistinct, shuffle } from '../chance.ts';
import { Rng } from '../rng.ts';
import { normalizeWebDoc, utf8Length } from '../text.ts';
import type { FamilyContext, FamilyModule, ProbeSet, Split, WebSource } from '../family.ts';

/**
 * The domain tag of Physics of Language Models 3.3: with `tag`, every biography starts with it, and a run
 * trained on tagged biographies is asked its biography probes after it too (experiment/evaluate.ts), as
 * its documents always began.
 */
export const BIO_TAG = '<bio> ';
/**
 * The tag as one token (biographies.tagToken): '^', a single ASCII byte that no family writes and the
 * shipped web sample never contains. Byte-level it is one id; the BPE pre-tokenizer keeps a lone
 * punctuation byte before a letter as its own pre-token, so no merge can swallow it. BIO_TAG, by
 * contrast, is five tokens ('<', 'b', 'i', 'o', '>') of a 32-token context (docs/presets.md).
 */
export const BIO_TAG_TOKEN = '^';

/** The tag a biography starts with under `knobs` ('' without one). */
export const bioTagOf = (knobs: Pick<BiosKnobs, 'tag' | 'tagToken'>): string => (!knobs.tag ? '' : knobs.tagToken ? BIO_TAG_TOKEN : BIO_TAG);

export interface BiosKnobs {
  /** People in the knowledge base, 10..9000. */
  people: number;
  /** Distinct paraphrased biographies per person (K), 1..6. */
  paraphrases: number;
  /** Shuffle the sentence order inside each biography. */
  shuffle: boolean;
  /** Repeat the full name in every sentence (otherwise pronouns after the first sentence). */
  fullName: boolean;
  /** Web bytes mixed in per biography byte (1:r dilution), 0..100. Needs a web source. */
  dilution: number;
  /** Prefix every biography with the domain tag BIO_TAG ("<bio> "). */
  tag: boolean;
  /**
   * With `tag`, write it as the single token BIO_TAG_TOKEN instead of BIO_TAG. Optional, absent meaning
   * false, so recipes from before it existed keep exactly their JSON (and the fingerprints of their
   * experiments and checkpoints).
   */
  tagToken?: boolean;
  /**
   * Where `tag` goes (BIO_TAG_PLACES): 'document', before each biography, as Physics of Language Models
   * 3.3 puts a domain name; 'sentence', before each of its sentences, so a model whose context is shorter
   * than a biography still sees the tag beside every fact it reads. Optional like `tagToken`, absent
   * meaning 'document'.
   */
  tagEvery?: BioTagPlace;
  /**
   * What `dilution` mixes in (BIO_JUNK): 'web' real web documents; 'misinformed' the same people's
   * biographies with every fact wrong (misinformedWorld); 'strangers' biographies of people who appear
   * once each (strangerStream), the junk of Physics of Language Models 3.3. Optional like `tagToken`,
   * absent meaning 'web'.
   */
  junk?: BioJunk;
  /**
   * Length: how many attributes each biography states, 1..5, in the order birth date, birth city,
   * university, field of study, employer (so 3 states date, city and university). A person's facts do not
   * depend on this knob; unstated ones are neither written, charged in bits, nor asked about.
   */
  attributes: number;
  /**
   * Vocabulary: distinct values per attribute, 2..60. Cities, universities, fields and employers are the
   * first `values` entries of their lists; a list shorter than that (universities and fields have 25,
   * employers 30) is used whole, so 60 means every list in full. Birth dates are not affected.
   */
  values: number;
}

export const BIO_TAG_PLACES = ['document', 'sentence'] as const;
export type BioTagPlace = (typeof BIO_TAG_PLACES)[number];

export const BIO_JUNK = ['web', 'misinformed', 'strangers'] as const;
export type BioJunk = (typeof BIO_JUNK)[number];

export const BIO_NAME_POOL = BIO_FIRST.length * BIO_LAST.length;
export const BIO_MAX_PEOPLE = 9000;
export const BIO_MAX_ATTRIBUTES = 5;
/** The longest value list (cities); `values` above a list's length uses that list whole. */
export const BIO_MAX_VALUES = BIO_CITIES.length;
/** Birth years are uniform over [BIO_FIRST_YEAR, BIO_FIRST_YEAR + BIO_YEARS). */
const BIO_FIRST_YEAR = 1900;
const BIO_YEARS = 100;
/** People in a held-out world: drawn from names the training world does not use. */
const HELDOUT_PEOPLE = 500;

type Attr = 'date' | 'city' | 'university' | 'major' | 'employer';
const ATTRS: readonly Attr[] = ['date', 'city', 'university', 'major', 'employer'];

/**
 * Six templates per attribute ({S} subject, {SP} possessive subject, {P} lowercase possessive, {V} value).
 * Variant k of a person uses template (offset[a] + k) mod 6 for attribute a, so a person's K ≤ 6
 * paraphrases always differ in every sentence.
 */
export const TEMPLATES: Readonly<Record<Attr, readonly string[]>> = {
  date: [
    '{S} was born on {V}.',
    '{S} came into the world on {V}.',
    '{SP} birthday falls on {V}.',
    '{S} entered life on {V}.',
    '{S} was welcomed into the family on {V}.',
    '{SP} date of birth is {V}.',
  ],
  city: [
    '{S} was born in {V}.',
    '{S} spent {P} early years in {V}.',
    '{S} was raised in {V}.',
    '{S} grew up in {V}.',
    '{SP} hometown is {V}.',
    '{S} first saw the light of day in {V}.',
  ],
  university: [
    '{S} studied at {V}.',
    '{S} attended {V}.',
    '{S} graduated from {V}.',
    '{S} received {P} education at {V}.',
    '{S} completed {P} degree at {V}.',
    '{S} was a student at {V}.',
  ],
  major: [
    '{S} majored in {V}.',
    '{S} focused on {V} during {P} studies.',
    '{SP} field of study was {V}.',
    '{S} specialized in {V}.',
    '{S} earned a degree in {V}.',
    '{S} chose {V} as {P} major.',
  ],
  employer: [
    '{S} worked for {V}.',
    '{S} was employed by {V}.',
    '{S} took a job at {V}.',
    '{SP} employer was {V}.',
    '{S} built a career at {V}.',
    '{S} joined the staff of {V}.',
  ],
};
const T = 6;

/**
 * Held-out phrasings: one cloze form per attribute, a full-name sentence that stops where the value
 * starts. No template above produces it (tests/unit/corpus-bios-probes.test.ts checks the training text),
 * so a model can complete it only from what it knows about the person, not from the sentence it memorized.
 */
export const HELDOUT_FORMS: Record<Attr, (name: string) => string> = {
  date: (n) => `The birth of ${n} took place on`,
  city: (n) => `${n}'s childhood was spent in`,
  university: (n) => `${n}'s alma mater is`,
  major: (n) => `${n}'s degree was in`,
  employer: (n) => `${n} held a position at`,
};
const VALUE_LISTS: Record<Exclude<Attr, 'date'>, readonly string[]> = {
  city: BIO_CITIES,
  university: BIO_UNIVERSITIES,
  major: BIO_MAJORS,
  employer: BIO_COMPANIES,
};

/** The values an attribute can take under the `values` knob (a prefix of its list). */
export const valueList = (a: Exclude<Attr, 'date'>, values: number): readonly string[] => VALUE_LISTS[a].slice(0, values);

export interface Person {
  name: string;
  female: boolean;
  values: Record<Attr, string>;
  /** Template offset per attribute (index into ATTRS). */
  offsets: number[];
  /** Bits of the name and of the stated attributes and their offsets: charged to the person's first biography. */
  bits: number;
}

export interface BiosWorld {
  people: Person[];
  nameIndices: number[];
}

function nameAt(i: number): [string, boolean] {
  const [first, g] = BIO_FIRST[i % BIO_FIRST.length];
  return [`${first} ${BIO_LAST[Math.floor(i / BIO_FIRST.length)]}`, g === 'f'];
}

/** The knobs that shape the knowledge base itself (not how it is written out). */
export type WorldKnobs = Pick<BiosKnobs, 'attributes' | 'values'>;

/**
 * Builds a knowledge base. `exclude` holds name indices that must not be used (the training world's).
 * Every attribute is drawn for every person, stated or not, so a person's facts do not depend on the
 * `attributes` knob; only the stated attributes' bits are charged (the others leave no trace in the text).
 */
export function buildBiosWorld(seed: string, split: Split, count: number, knobs: WorldKnobs, exclude?: ReadonlySet<number>): BiosWorld {
  const ch = new Chance(seed, 'bios', split, 'world');
  const pool = BIO_NAME_POOL - (exclude?.size ?? 0);
  const nameIndices = sampleDistinct(ch, BIO_NAME_POOL, count, exclude);
  const people: Person[] = nameIndices.map((ni, j) => {
    const [name, female] = nameAt(ni);
    const before = ch.bits;
    /** Bits of each attribute's value and of its template offset, in ATTRS order. */
    const attrBits = ATTRS.map(() => 0);
    const charged = <T>(a: number, draw: () => T): T => {
      const b = ch.bits;
      const x = draw();
      attrBits[a] += ch.bits - b;
      return x;
    };
    const [month, day, year] = charged(0, () => {
      const m = int(ch, 12);
      return [m, 1 + int(ch, MONTH_DAYS[m]), BIO_FIRST_YEAR + int(ch, BIO_YEARS)];
    });
    const values: Record<Attr, string> = {
      date: `${MONTHS[month]} ${day}, ${year}`,
      city: charged(1, () => pick(ch, valueList('city', knobs.values))),
      university: charged(2, () => pick(ch, valueList('university', knobs.values))),
      major: charged(3, () => pick(ch, valueList('major', knobs.values))),
      employer: charged(4, () => pick(ch, valueList('employer', knobs.values))),
    };
    const offsets = ATTRS.map((_, a) => charged(a, () => int(ch, T)));
    let unstated = 0;
    for (let a = knobs.attributes; a < ATTRS.length; a++) unstated += attrBits[a];
    return { name, female, values, offsets, bits: ch.bits - before - unstated + Math.log2(pool - j) };
  });
  return { people, nameIndices };
}

/** Variant k of a person's biography, each sentence after `sentenceTag` when one is given. */
export function renderBio(p: Person, k: number, order: readonly number[], fullName: boolean, sentenceTag = ''): string {
  const pro = p.female ? 'She' : 'He';
  const poss = p.female ? 'her' : 'his';
  let out = '';
  for (let s = 0; s < order.length; s++) {
    const a = order[s];
    const named = fullName || s === 0;
    const tpl = TEMPLATES[ATTRS[a]][(p.offsets[a] + k) % T];
    const line = tpl
      .replace('{SP}', named ? p.name + "'s" : p.female ? 'Her' : 'His')
      .replace('{S}', named ? p.name : pro)
      .replace('{P}', poss)
      .replace('{V}', p.values[ATTRS[a]]);
    out += (s === 0 ? '' : ' ') + sentenceTag + line;
  }
  return out;
}

/** Sentence order before shuffling: the first `attributes` attributes, in ATTRS order. */
const STATED: readonly (readonly number[])[] = ATTRS.map((_, n) => ATTRS.slice(0, n + 1).map((_a, i) => i));
const statedOrder = (knobs: BiosKnobs): readonly number[] => STATED[knobs.attributes - 1];

function webReader(src: WebSource): () => string {
  let i = 0;
  return () => {
    for (let tries = 0; tries < 1000; tries++) {
      const raw = typeof src === 'function' ? src() : src.length > 0 ? src[i++ % src.length] : '';
      if (typeof raw !== 'string') throw new Error('biographies: the web text source returned a non-string');
      const doc = normalizeWebDoc(raw);
      if (doc.length > 0) return doc;
    }
    throw new Error('biographies: the web text source returned only empty documents');
  };
}

/** Biographies of `world`'s people, each cycle a fresh permutation (see the entropy accounting above). */
function bioStream(knobs: BiosKnobs, seed: string, split: Split, world: BiosWorld, tag: string, stream = 'order'): () => Doc {
  const n = world.people.length;
  const identity = statedOrder(knobs);
  const rng = new Rng(seed, 'bios', split, stream);
  const perm = Array.from({ length: n }, (_, i) => i);
  const cache = new Map<number, string>();
  let cycle = 0;
  let j = 0;
  return () => {
    const ch = new Chance(rng);
    let i = j;
    if (cycle > 0) {
      const r = j + int(ch, n - j);
      const t = perm[j];
      perm[j] = perm[r];
      perm[r] = t;
      i = perm[j];
    }
    const k = cycle % knobs.paraphrases;
    const p = world.people[i];
    let bits = ch.bits + (cycle === 0 ? p.bits : 0);
    // A variant's sentence order comes from its own stream, so re-rendering it later is free and identical.
    const key = i * T + k;
    let text = cache.get(key);
    if (text === undefined || cycle < knobs.paraphrases) {
      const vch = new Chance(seed, 'bios', split, stream === 'order' ? 'variant' : `${stream}-variant`, String(i), String(k));
      const order = knobs.shuffle ? shuffle(vch, identity) : identity;
      text = knobs.tagEvery === 'sentence' ? renderBio(p, k, order, knobs.fullName, tag) : tag + renderBio(p, k, order, knobs.fullName);
      if (cycle < knobs.paraphrases) bits += vch.bits;
      if (cache.size < 50_000) cache.set(key, text);
    }
    if (++j === n) {
      j = 0;
      cycle++;
    }
    return { family: 'biographies', text, bits: bits as Bits, bitsIsUpperBound: false };
  };
}

/**
 * The same people with every fact wrong (biographies.misinformed): one wrong value per person and
 * attribute, drawn once, so the careless source repeats the same mistake each time, as copied pages do.
 * A world of one person has no other date to misstate, so its birth date stays right. Names and template
 * offsets are the true world's, so a misinformed biography reads exactly like a true
 * one; each person's bits are only the wrong values' (the name was charged by the true stream).
 */
export function misinformedWorld(seed: string, world: BiosWorld, knobs: WorldKnobs): BiosWorld {
  const ch = new Chance(seed, 'bios', 'train', 'misinformed');
  const dates = [...new Set(world.people.slice(0, DATE_CANDIDATES).map((q) => q.values.date))];
  const people = world.people.map((p): Person => {
    const before = ch.bits;
    const values = { ...p.values };
    let unstated = 0;
    ATTRS.forEach((a, ai) => {
      const b = ch.bits;
      if (a === 'date') {
        // Another person's birth date from the probes' candidate dates, so a misinformed model's answer is
        // among the candidates it is ranked against (a shifted year would leave month and day right).
        const others = dates.filter((d) => d !== p.values.date);
        values.date = others.length > 0 ? pick(ch, others) : p.values.date;
      } else {
        const list = valueList(a, knobs.values);
        const own = list.indexOf(p.values[a]);
        values[a] = list[(own + 1 + int(ch, list.length - 1)) % list.length];
      }
      if (ai >= knobs.attributes) unstated += ch.bits - b;
    });
    return { ...p, values, bits: ch.bits - before - unstated };
  });
  return { people, nameIndices: world.nameIndices };
}

/**
 * Training biographies diluted 1:r (bytes of junk per byte of biography) with web text, or with the same
 * people misinformed. The junk never carries the tag: the tag marks the reliable source.
 */
function dilutedStream(bios: () => Doc, junk: () => Doc, ratio: number): () => Doc {
  let bioBytes = 0;
  let junkBytes = 0;
  return () => {
    if (junkBytes < ratio * bioBytes) {
      const doc = junk();
      junkBytes += utf8Length(doc.text);
      return doc;
    }
    const doc = bios();
    bioBytes += doc.text.length;
    return doc;
  };
}

/**
 * Biographies of strangers (biographies.junk 'strangers'): each document a fresh person, drawn from the
 * names neither the training nor the held-out world uses, with facts, template offsets and sentence order
 * drawn as for anyone, in the first paraphrase. Each stranger appears about once, so nothing said of them
 * can be learned: the junk of Physics of Language Models 3.3, which reads exactly like the useful text.
 * Every draw shows in the text, so each document's bits are exact.
 */
function strangerStream(knobs: BiosKnobs, seed: string, taken: ReadonlySet<number>): () => Doc {
  const names = Array.from({ length: BIO_NAME_POOL }, (_, i) => i).filter((i) => !taken.has(i));
  const ch = new Chance(seed, 'bios', 'train', 'strangers');
  const identity = statedOrder(knobs);
  return () => {
    const before = ch.bits;
    const [name, female] = nameAt(pick(ch, names));
    const month = int(ch, 12);
    const date = `${MONTHS[month]} ${1 + int(ch, MONTH_DAYS[month])}, ${BIO_FIRST_YEAR + int(ch, BIO_YEARS)}`;
    const values: Record<Attr, string> = { date, city: '', university: '', major: '', employer: '' };
    for (const a of identity.map((i) => ATTRS[i])) if (a !== 'date') values[a] = pick(ch, valueList(a, knobs.values));
    // Only the stated attributes' template offsets are drawn: an unstated one would be bits the text hides.
    const offsets = ATTRS.map((_, i) => (i < knobs.attributes ? int(ch, T) : 0));
    const order = knobs.shuffle ? shuffle(ch, identity) : identity;
    const text = renderBio({ name, female, values, offsets, bits: 0 }, 0, order, knobs.fullName);
    return { family: 'biographies', text, bits: (ch.bits - before) as Bits, bitsIsUpperBound: false };
  };
}

function trainStream(knobs: BiosKnobs, seed: string, world: BiosWorld, ctx: FamilyContext): () => Doc {
  const bios = bioStream(knobs, seed, 'train', world, bioTagOf(knobs));
  if (knobs.dilution <= 0) return bios;
  const junk = knobs.junk ?? 'web';
  if (junk === 'misinformed') return dilutedStream(bios, bioStream(knobs, seed, 'train', misinformedWorld(seed, world, knobs), '', 'misinformed'), knobs.dilution);
  if (junk === 'strangers') {
    const heldout = buildBiosWorld(seed, 'heldout', Math.min(knobs.people, HELDOUT_PEOPLE), knobs, new Set(world.nameIndices));
    return dilutedStream(bios, strangerStream(knobs, seed, new Set([...world.nameIndices, ...heldout.nameIndices])), knobs.dilution);
  }
  const web = webFor(knobs, ctx);
  const webDoc = (): Doc => ({ family: 'biographies', text: web(), bits: NaN as Bits, bitsIsUpperBound: false, source: 'web' });
  return dilutedStream(bios, webDoc, knobs.dilution);
}

function webFor(knobs: BiosKnobs, ctx: FamilyContext): () => string {
  if (!ctx.webText) {
    throw new Error(
      `biographies.dilution is ${knobs.dilution} but no web text was provided: pass webText in the generation ` +
        'options (the corpus never invents web text), or set dilution to 0',
    );
  }
  return webReader(ctx.webText);
}

/** At most this many birth-date candidates per probe (a large world has thousands of birth dates). */
const DATE_CANDIDATES = 100;

/**
 * Birth-date candidates: the birth dates of the training world's first people (all of them in a small
 * world), in world order, with the person's own in place of the last one if it is not among them. Every
 * candidate is a date the corpus states, so neither knowing which dates occur nor continuing a familiar
 * "March 3, …" with its year gives the answer: only knowing whose date it is does.
 */
function dateCandidates(world: BiosWorld): (p: Person) => string[] {
  const shared = [...new Set(world.people.slice(0, DATE_CANDIDATES).map((q) => ' ' + q.values.date))];
  return (p) => {
    const own = ' ' + p.values.date;
    return shared.includes(own) ? [...shared] : [...shared.slice(0, -1), own];
  };
}

/** Candidate answers: every value the attribute can take under the `values` knob; dates as above. */
function candidatesFor(p: Person, a: Attr, knobs: BiosKnobs, dates: (p: Person) => string[]): string[] {
  return a === 'date' ? dates(p) : valueList(a, knobs.values).map((v) => ' ' + v);
}

function probesFor(knobs: BiosKnobs, seed: string, cap: number): ProbeSet {
  const world = buildBiosWorld(seed, 'train', knobs.people, knobs);
  const stated = ATTRS.slice(0, knobs.attributes);
  const dates = dateCandidates(world);
  const probes: Probe[] = [];
  // People 0.. are the first biographies of the training stream (cycle 0 is in index order).
  for (let i = 0; probes.length < cap && i < world.people.length; i++) {
    const p = world.people[i];
    for (const a of stated) {
      if (probes.length >= cap) break;
      probes.push({
        id: `bios-${i}-${a}`,
        family: 'biographies',
        kind: 'attribute',
        prompt: HELDOUT_FORMS[a](p.name),
        answer: ' ' + p.values[a],
        candidates: candidatesFor(p, a, knobs, dates),
        meta: { attribute: a, person: i },
      });
    }
  }
  return { probes, minimalPairs: [] };
}

export const biographies: FamilyModule<BiosKnobs> = {
  name: 'biographies',
  stream(knobs, seed, split, ctx) {
    const train = buildBiosWorld(seed, 'train', knobs.people, knobs);
    const world =
      split === 'train' ? train : buildBiosWorld(seed, 'heldout', Math.min(knobs.people, HELDOUT_PEOPLE), knobs, new Set(train.nameIndices));
    return split === 'train' ? trainStream(knobs, seed, world, ctx) : bioStream(knobs, seed, split, world, bioTagOf(knobs));
  },
  probes: probesFor,
  upperBoundReason: () => '',
};
