import { describe, expect, it } from 'vitest';
import { corpusText, generate, heldOutDocs, preset, probes, type Recipe } from '../../src/lib/corpus/index.ts';
import { buildTaxonomy, inheritancePath } from '../../src/lib/corpus/families/textbook.ts';
import { BIO_TAG, BIO_TAG_TOKEN, buildBiosWorld, misinformedWorld } from '../../src/lib/corpus/families/bios.ts';
import { BpeTokenizer, ByteTokenizer, trainBpe } from '../../src/lib/tokenizer/index.ts';
import { BIO_CITIES, BIO_COMPANIES, BIO_MAJORS, BIO_UNIVERSITIES, TB_PROPERTIES } from '../../src/lib/corpus/lexicon.ts';

function assertProbesAbsent(recipe: Recipe, seed: number): void {
  const text = corpusText(recipe, seed);
  const set = probes(recipe, seed);
  expect(set.probes.length).toBeGreaterThan(50);
  for (const p of set.probes) {
    if (p.candidates) expect(p.candidates).toContain(p.answer);
    expect(text.includes(p.prompt), p.prompt).toBe(false);
    expect(text.includes(p.prompt + p.answer)).toBe(false);
  }
}

describe('biographies', () => {
  const recipe: Recipe = { ...preset('bios-paraphrased'), bytes: 2_000_000 };

  it('probes ask in a wording never used in training, about people the corpus describes', () => {
    assertProbesAbsent(recipe, 3);
    assertProbesAbsent({ ...preset('bios-single'), bytes: 1_000_000 }, 4);
    const text = corpusText(recipe, 3);
    const world = buildBiosWorld('3', 'train', recipe.biographies.people, recipe.biographies);
    for (const p of probes(recipe, 3).probes) {
      const name = world.people[Number(p.meta?.person)].name;
      expect(p.prompt).toContain(name);
      expect(text.includes(name)).toBe(true);
      expect(text.includes(p.answer.trim())).toBe(true);
    }
  });

  it('shows K distinct paraphrases per person, each with every attribute', () => {
    const r: Recipe = { ...recipe, bytes: 200_000, biographies: { ...recipe.biographies, people: 50 } };
    const docs = [...generate(r, 9)].flat();
    const name = /([A-Z]\w+ [A-Z]\w+)/.exec(docs[0].text)![1];
    const mine = docs.filter((d) => d.text.includes(name + ' ') || d.text.includes(name + "'s"));
    expect(new Set(mine.map((d) => d.text)).size).toBe(recipe.biographies.paraphrases);
    for (const d of mine) expect(d.text.split('. ').length).toBe(5);
  });

  it('pronoun mode names the person only in the first sentence; the tag prefixes each biography', () => {
    const r: Recipe = { ...recipe, bytes: 20_000, biographies: { ...recipe.biographies, fullName: false, tag: true } };
    for (const d of [...generate(r, 1)].flat()) {
      expect(d.text.startsWith('<bio> ')).toBe(true);
      const name = /^<bio> [^.]*?([A-Z]\w+ [A-Z]\w+)/.exec(d.text)![1];
      expect(d.text.split(name).length - 1).toBe(1);
    }
  });

  it('the tag as a token: one id under the byte tokenizer and under a BPE trained on tagged text, the rest of the biography unchanged', () => {
    const plain: Recipe = { ...recipe, bytes: 20_000, biographies: { ...recipe.biographies, tag: false } };
    const token: Recipe = { ...plain, biographies: { ...plain.biographies, tag: true, tagToken: true } };
    const untagged = [...generate(plain, 1)].flat().map((d) => d.text);
    const tagged = [...generate(token, 1)].flat().map((d) => d.text);
    // One byte longer each, so the byte target may stop the tagged corpus a document earlier.
    expect(tagged.length).toBeGreaterThan(10);
    expect(tagged).toEqual(untagged.slice(0, tagged.length).map((t) => BIO_TAG_TOKEN + t));
    const bpe = new BpeTokenizer(trainBpe(tagged, 512), 1);
    for (const tok of [new ByteTokenizer(), bpe]) {
      for (const text of tagged.slice(0, 20)) {
        const ids = tok.encode(text);
        expect(tok.decode(ids.subarray(0, 1))).toBe(BIO_TAG_TOKEN);
        expect(Array.from(ids.subarray(1))).toEqual(Array.from(tok.encode(text.slice(1))));
      }
    }
    // The text tag, which links made before the token still ask for, is several tokens.
    expect(bpe.encode(BIO_TAG).length).toBeGreaterThan(1);
  });

  it('the tag before every sentence: each sentence of a biography starts with it, the words unchanged', () => {
    const once: Recipe = { ...recipe, bytes: 20_000, biographies: { ...recipe.biographies, tag: true, tagToken: true } };
    const every: Recipe = { ...once, biographies: { ...once.biographies, tagEvery: 'sentence' } };
    const a = [...generate(once, 1)].flat().map((d) => d.text);
    const b = [...generate(every, 1)].flat().map((d) => d.text);
    expect(b.length).toBeGreaterThan(10);
    b.forEach((text, i) => {
      const sentences = text.split(/(?<=\.) /);
      expect(sentences.length).toBe(recipe.biographies.attributes);
      for (const s of sentences) expect(s.startsWith(BIO_TAG_TOKEN)).toBe(true);
      expect(text.split(BIO_TAG_TOKEN).join('')).toBe(a[i].slice(1));
    });
  });

  it('dilution without web text is a clear error; with web text it mixes real documents at 1:r', () => {
    const r: Recipe = { ...recipe, bytes: 200_000, biographies: { ...recipe.biographies, dilution: 2 } };
    expect(() => [...generate(r, 1)]).toThrow(/no web text was provided/);
    const web = ['Web page one.\n\n\nWith a gap.', 'Another real page about trains.'];
    const docs = [...generate(r, 1, { webText: web })].flat();
    const webDocs = docs.filter((d) => d.source === 'web');
    expect(webDocs.length).toBeGreaterThan(0);
    for (const d of webDocs) {
      expect(d.text.includes('\n\n')).toBe(false);
      expect(Number.isNaN(d.bits)).toBe(true);
    }
    const bytes = (xs: typeof docs): number => xs.reduce((n, d) => n + d.text.length, 0);
    const ratio = bytes(webDocs) / bytes(docs.filter((d) => d.source !== 'web'));
    expect(ratio).toBeGreaterThan(1.9);
    expect(ratio).toBeLessThan(2.1);
  });

  it('misinformed dilution: the same people with every fact wrong, the same way each time, untagged, at 1:r, without web text', () => {
    const small: Recipe = { ...preset('bios-single'), bytes: 60_000 };
    small.biographies = { ...small.biographies, people: 10, attributes: 3, values: 8, paraphrases: 3, shuffle: true, dilution: 2, junk: 'misinformed', tag: true, tagToken: true };
    const docs = [...generate(small, 7)].flat(); // no web text given, none needed
    const world = buildBiosWorld('7', 'train', 10, small.biographies);
    const wrong = misinformedWorld('7', world, small.biographies);
    const stated = ['date', 'city', 'university'] as const;
    for (const [i, p] of world.people.entries()) {
      const q = wrong.people[i];
      expect(q.name).toBe(p.name);
      for (const a of stated) expect(q.values[a], a).not.toBe(p.values[a]);
      // The wrong birth date is another person's, so it is among the probes' candidates.
      expect(world.people.map((x) => x.values.date)).toContain(q.values.date);
    }
    // As with the true facts, the wrong ones do not depend on how many are stated; only the stated are charged.
    const all = misinformedWorld('7', buildBiosWorld('7', 'train', 10, { ...small.biographies, attributes: 5 }), { ...small.biographies, attributes: 5 });
    expect(all.people.map((q) => q.values)).toEqual(wrong.people.map((q) => q.values));
    for (const [i, q] of wrong.people.entries()) expect(q.bits).toBeLessThan(all.people[i].bits);
    const states = (text: string, values: Record<string, string>) => stated.every((a) => text.includes(values[a]));
    let junkBytes = 0;
    let trueBytes = 0;
    for (const d of docs) {
      expect(d.source).toBeUndefined();
      expect(Number.isFinite(d.bits)).toBe(true);
      const i = world.people.findIndex((p) => d.text.includes(p.name));
      if (d.text.startsWith(BIO_TAG_TOKEN)) {
        expect(states(d.text, world.people[i].values)).toBe(true);
        trueBytes += d.text.length;
      } else {
        expect(states(d.text, wrong.people[i].values)).toBe(true);
        junkBytes += d.text.length;
      }
    }
    expect(junkBytes / trueBytes).toBeGreaterThan(1.9);
    expect(junkBytes / trueBytes).toBeLessThan(2.1);
    // Held-out biographies are never diluted.
    expect(heldOutDocs(small, 7, 'biographies', 5_000).every((d) => d.text.startsWith(BIO_TAG_TOKEN))).toBe(true);
    // Without the knob the same recipe dilutes with web text, and asks for it.
    expect(() => [...generate({ ...small, biographies: { ...small.biographies, junk: 'web' } }, 7)]).toThrow(/no web text was provided/);
  });

  it('stranger dilution: biographies of people outside both worlds, each about once, untagged, at 1:r, in the same templates', () => {
    const small: Recipe = { ...preset('bios-single'), bytes: 60_000 };
    small.biographies = { ...small.biographies, people: 10, attributes: 3, values: 8, paraphrases: 3, shuffle: true, dilution: 3, junk: 'strangers', tag: true, tagToken: true };
    const docs = [...generate(small, 7)].flat();
    const world = buildBiosWorld('7', 'train', 10, small.biographies);
    // Every template starts with the full name ("NAME was born…", "NAME's hometown…").
    const nameOf = (text: string) => text.replace(BIO_TAG_TOKEN, '').split(' ').slice(0, 2).join(' ').replace(/'s$/, '');
    const known = new Set([...world.people.map((p) => p.name), ...heldOutDocs(small, 7, 'biographies', 20_000).map((d) => nameOf(d.text))]);
    expect(known.size).toBe(20);
    const strangers = docs.filter((d) => !d.text.startsWith(BIO_TAG_TOKEN));
    const names = strangers.map((d) => nameOf(d.text));
    expect(strangers.length).toBeGreaterThan(100);
    for (const [i, d] of strangers.entries()) {
      expect(known.has(names[i]), names[i]).toBe(false);
      expect(d.text.split('. ').length).toBe(3); // three stated facts, one sentence each
      expect(d.bits).toBeGreaterThan(0);
    }
    expect(new Set(names).size).toBeGreaterThan(0.9 * names.length); // nearly all appear once
    const bytes = (xs: typeof docs) => xs.reduce((n, d) => n + d.text.length, 0);
    const ratio = bytes(strangers) / bytes(docs.filter((d) => d.text.startsWith(BIO_TAG_TOKEN)));
    expect(ratio).toBeGreaterThan(2.9);
    expect(ratio).toBeLessThan(3.1);
  });

  it('the length knob states the first n attributes of the same people, and charges only their bits', () => {
    const base: Recipe = { ...preset('bios-single'), bytes: 30_000, biographies: { ...preset('bios-single').biographies, people: 40 } };
    const short: Recipe = { ...base, biographies: { ...base.biographies, attributes: 3 } };
    const full = [...generate(base, 5)].flat();
    const three = [...generate(short, 5)].flat();
    // Same people in the same order; a person's facts do not depend on how many of them are stated.
    const world5 = buildBiosWorld('5', 'train', 40, base.biographies);
    const world3 = buildBiosWorld('5', 'train', 40, short.biographies);
    expect(world3.people.map((p) => p.values)).toEqual(world5.people.map((p) => p.values));
    expect(full.length).toBeGreaterThan(80);
    for (const [i, d] of three.slice(0, full.length).entries()) {
      expect(d.text.split('. ').length).toBe(3);
      // Fixed order, no shuffle: date, city, university, i.e. the first three sentences of the full bio.
      expect(full[i].text.startsWith(d.text.slice(0, -1))).toBe(true);
      if (i >= 40) continue; // later cycles visit people in a random order
      const p = world5.people[i];
      for (const v of [p.values.date, p.values.city, p.values.university]) expect(d.text.includes(v)).toBe(true);
    }
    // The first biography of each person pays for its stated facts only: dropping field and employer saves
    // log2(25 fields) + log2(30 employers) + 2 × log2(6 templates) bits.
    expect(full[0].bits - three[0].bits).toBeCloseTo(Math.log2(25) + Math.log2(30) + 2 * Math.log2(6), 10);
    const asked = new Set(probes(short, 5, 60).probes.map((p) => p.meta?.attribute));
    expect(asked).toEqual(new Set(['date', 'city', 'university']));
  });

  it('the vocabulary knob limits every attribute to its first v values, and the candidates follow', () => {
    const r: Recipe = { ...preset('bios-single'), bytes: 100_000, biographies: { ...preset('bios-single').biographies, people: 200, values: 4 } };
    const text = corpusText(r, 2);
    const lists = [BIO_CITIES, BIO_UNIVERSITIES, BIO_MAJORS, BIO_COMPANIES];
    for (const list of lists) {
      expect(list.slice(0, 4).every((v) => text.includes(v))).toBe(true);
      for (const v of list.slice(4)) expect(text.includes(` ${v}.`), v).toBe(false);
    }
    for (const p of probes(r, 2, 100).probes) {
      expect(p.candidates).toContain(p.answer);
      if (p.meta?.attribute !== 'date') expect(p.candidates).toHaveLength(4);
    }
    // 60 keeps every list whole, which is what recipes from before the knob produce.
    const all = buildBiosWorld('2', 'train', 600, { attributes: 5, values: 60 });
    expect(new Set(all.people.map((p) => p.values.city)).size).toBeGreaterThan(40);
    expect(new Set(all.people.map((p) => p.values.university)).size).toBe(BIO_UNIVERSITIES.length);
  });

  it('held-out biographies are about other people', () => {
    const train = corpusText({ ...recipe, bytes: 300_000 }, 2);
    for (const d of heldOutDocs(recipe, 2, 'biographies', 30_000)) {
      const name = /^[A-Z]\w+ [A-Z]\w+/.exec(d.text)![0];
      expect(train.includes(name)).toBe(false);
    }
  });
});

describe('arithmetic', () => {
  const recipe: Recipe = { ...preset('igsm-lite'), bytes: 2_000_000 };

  it('probes are fresh problems, absent from training, with correct answers and an OOD split', () => {
    assertProbesAbsent(recipe, 1);
    assertProbesAbsent({ ...recipe, arithmetic: { ...recipe.arithmetic, trace: false, maxOperand: 9, maxSteps: 2 } }, 2);
    const set = probes(recipe, 1).probes;
    const splits = new Set(set.map((p) => p.meta?.split));
    expect(splits).toEqual(new Set(['iid', 'ood']));
    for (const p of set) {
      const steps = p.meta?.steps as number;
      if (p.meta?.split === 'iid') expect(steps).toBeLessThanOrEqual(recipe.arithmetic.maxSteps);
      if (p.meta?.ood === 'steps') expect(steps).toBeGreaterThan(recipe.arithmetic.maxSteps);
      if (p.meta?.ood === 'operands') expect(Number(/has (\d+)/.exec(p.prompt)![1])).toBeGreaterThan(recipe.arithmetic.maxOperand);
      expect(p.answer.endsWith(`Answer: ${p.meta?.finalAnswer}.`)).toBe(true);
    }
  });

  it('every worked step is arithmetically right and the answer is the last step', () => {
    for (const d of [...generate({ ...recipe, bytes: 200_000 }, 7)].flat()) {
      for (const m of d.text.matchAll(/(\d+) ([-+*]) (\d+) = (\d+)/g)) {
        const [a, op, b, r] = [Number(m[1]), m[2], Number(m[3]), Number(m[4])];
        expect(op === '+' ? a + b : op === '-' ? a - b : a * b).toBe(r);
        expect(r).toBeGreaterThanOrEqual(2);
      }
      const last = [...d.text.matchAll(/= (\d+) /g)].pop();
      if (last) expect(d.text.endsWith(`Answer: ${last[1]}.`)).toBe(true);
    }
  });

  it('held-out problems never occur in the training stream', () => {
    const train = new Set(corpusText(recipe, 1).split('\n\n'));
    for (const d of heldOutDocs(recipe, 1, 'arithmetic', 100_000)) expect(train.has(d.text)).toBe(false);
  });
});

describe('textbook', () => {
  const recipe: Recipe = { ...preset('textbook'), bytes: 2_000_000 };

  it('probes are held-out exercises absent from training, answered by inheritance, incl. two-hop', () => {
    assertProbesAbsent(recipe, 1);
    const set = probes(recipe, 1).probes;
    const t = buildTaxonomy(recipe.textbook, '1', 'train');
    const kinds = new Set(set.map((p) => p.kind));
    for (const k of ['definition', 'direct', 'two-hop', 'negative']) expect(kinds.has(k), k).toBe(true);
    for (const p of set) {
      if (p.kind === 'definition') {
        const c = /What is a (\w+) a kind of/.exec(p.prompt)![1];
        expect(p.answer).toBe(' ' + t.names[t.parent[t.names.indexOf(c)]]);
        continue;
      }
      const m = /Does a (\w+) have (.+)\? Answer:$/.exec(p.prompt)!;
      const path = inheritancePath(t, t.names.indexOf(m[1]), TB_PROPERTIES.indexOf(m[2]));
      expect(p.answer).toBe(path ? ' yes' : ' no');
      expect(p.meta?.hops).toBe(path ? path.length - 1 : -1);
    }
  });

  it('a two-hop answer is stated nowhere directly but follows from two training facts', () => {
    const text = corpusText(recipe, 1);
    const twoHop = probes(recipe, 1).probes.filter((p) => p.kind === 'two-hop');
    expect(twoHop.length).toBeGreaterThan(0);
    for (const p of twoHop) {
      const [, c, q] = /Does a (\w+) have (.+)\? Answer:$/.exec(p.prompt)!;
      expect(text.includes(`does a ${c} have ${q}?`)).toBe(false);
      const parent = new RegExp(`A ${c} is a kind of (\\w+)\\.|Every ${c} is a (\\w+)\\.|${c[0].toUpperCase()}${c.slice(1)}s are a type of (\\w+)\\.`).exec(text);
      expect(parent).not.toBeNull();
      const par = parent![1] ?? parent![2] ?? parent![3];
      const has = [`Every ${par} has ${q}.`, `All ${par}s have ${q}.`, `A ${par} always has ${q}.`];
      expect(has.some((h) => text.includes(h)), `${par} has ${q}`).toBe(true);
    }
  });

  it('probes are balanced yes/no, with enough direct, two-hop and definition questions, across seeds', () => {
    for (const seed of [1, 2, 3, 'abc']) {
      for (const [cap, min] of [[48, 6], [200, 12]] as const) {
        const set = probes(recipe, seed, cap).probes;
        const count = (kind: string): number => set.filter((p) => p.kind === kind).length;
        const yesNo = set.filter((p) => p.kind !== 'definition');
        const yes = yesNo.filter((p) => p.answer === ' yes').length;
        // A model answering a constant "yes" or "no" must not look good: the majority answer is ~50%.
        const majority = Math.max(yes, yesNo.length - yes) / yesNo.length;
        expect(majority, `seed ${seed} cap ${cap}`).toBeLessThanOrEqual(0.55);
        expect(yesNo.length).toBeGreaterThanOrEqual(cap / 2);
        for (const kind of ['two-hop', 'direct', 'definition', 'multi-hop']) expect(count(kind), `${kind} seed ${seed} cap ${cap}`).toBeGreaterThanOrEqual(min);
        expect(set.length).toBeLessThanOrEqual(cap);
      }
    }
  });

  it('held-out lessons come from a world with other concept names', () => {
    const train = buildTaxonomy(recipe.textbook, '1', 'train');
    for (const d of heldOutDocs(recipe, 1, 'textbook', 20_000)) {
      const c = /^(?:Lesson: the|Chapter: all about the|Notes on the) (\w+)\./.exec(d.text)![1];
      expect(train.names.includes(c)).toBe(false);
    }
  });
});
