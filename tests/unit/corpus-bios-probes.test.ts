// Biography probes: cloze sentences in a held-out phrasing, and birth-date candidates drawn from the years
// the training world actually uses.
import { describe, expect, it } from 'vitest';
import { corpusText, preset, probes, type Recipe } from '../../src/lib/corpus/index.ts';
import { buildBiosWorld, HELDOUT_FORMS, TEMPLATES } from '../../src/lib/corpus/families/bios.ts';

/** Every template in use: six paraphrases per person, each naming the person, plus the pronoun mode. */
const allTemplates = (fullName: boolean): Recipe => {
  const r = preset('bios-paraphrased');
  return { ...r, bytes: 250_000, biographies: { ...r.biographies, people: 40, paraphrases: 6, shuffle: true, fullName } };
};
const ATTRIBUTES = Object.keys(TEMPLATES) as Array<keyof typeof TEMPLATES>;
/** A placeholder that no name or template contains, to split a form around the name. */
const NAME = '\u0001';

describe('biography probes', () => {
  it('each held-out form is none of the six training templates up to the value', () => {
    const name = 'Ada Quill';
    for (const a of ATTRIBUTES) {
      const heldOut = HELDOUT_FORMS[a](name);
      expect(heldOut.startsWith(name) || heldOut.includes(' ' + name)).toBe(true);
      for (const t of TEMPLATES[a]) {
        const stem = t.slice(0, t.indexOf('{V}')).trimEnd();
        const asTrained = stem.replace('{SP}', name + "'s").replace('{S}', name).replace('{P}', 'her');
        expect(asTrained).not.toBe(heldOut);
      }
    }
  });

  it("the held-out wording around the name never occurs in training text, though every template's does", () => {
    for (const fullName of [true, false]) {
      const text = corpusText(allTemplates(fullName), 11);
      // The corpus is rich enough to be a real check: every template's wording after the subject appears.
      for (const a of ATTRIBUTES) {
        for (const t of TEMPLATES[a]) {
          const wording = t.slice(t.indexOf('}') + 1, t.indexOf('{V}')).replace('{P}', 'his');
          expect(text.includes(wording) || text.includes(wording.replace('his', 'her')), `${a}: "${wording}"`).toBe(true);
        }
        for (const piece of HELDOUT_FORMS[a](NAME).split(NAME).filter((s) => s.trim().length > 0)) {
          expect(text.includes(piece), `${a}: "${piece}"`).toBe(false);
        }
      }
    }
  });

  it('probes are the held-out form of a stated attribute, with the person and attribute in meta', () => {
    const r = allTemplates(true);
    const world = buildBiosWorld('11', 'train', r.biographies.people, r.biographies);
    const set = probes(r, 11, 40).probes;
    expect(set).toHaveLength(40);
    for (const p of set) {
      const person = world.people[Number(p.meta?.person)];
      const a = p.meta?.attribute as keyof typeof HELDOUT_FORMS;
      expect(p.kind).toBe('attribute');
      expect(p.prompt).toBe(HELDOUT_FORMS[a](person.name));
      expect(p.answer).toBe(' ' + person.values[a]);
    }
  });

  it("birth-date candidates are other people's birth dates, so neither the corpus's dates nor a date's familiar year give the answer", () => {
    for (const people of [10, 300]) {
      const base = preset('bios-single');
      const r: Recipe = { ...base, bytes: 60_000, biographies: { ...base.biographies, people } };
      const world = buildBiosWorld('3', 'train', people, r.biographies);
      const text = corpusText(r, 3);
      const dates = probes(r, 3, 200).probes.filter((p) => p.meta?.attribute === 'date');
      expect(dates.length).toBe(Math.min(people, 40));
      const counts = new Set<number>();
      for (const p of dates) {
        const c = p.candidates!;
        expect(c).toContain(p.answer);
        expect(new Set(c).size).toBe(c.length);
        counts.add(c.length);
        // Each candidate is a training person's birth date, so a model cannot win by knowing which dates exist.
        for (const d of c) expect(world.people.some((q) => ' ' + q.values.date === d)).toBe(true);
        if (people === 10) for (const d of c) expect(text.includes(d + '.')).toBe(true);
        // Day and month differ between candidates, so a model that only continues "March 3," with its year cannot tell them apart.
        expect(new Set(c.map((d) => d.slice(0, d.lastIndexOf(',')))).size).toBeGreaterThan(c.length / 2);
      }
      // A small world offers every person's date; a large one the first 100 people's.
      expect([...counts]).toEqual([people === 10 ? new Set(world.people.map((q) => q.values.date)).size : 100]);
    }
  });
});
