// Golden corpora: small recipes whose output is pinned by SHA-256. A link reproduces its corpus from
// (recipe, seed), so these digests must come out the same in Node (tests/unit/corpus-golden.test.ts) and in
// the browser (tests/browser/corpus-determinism.test.ts), today and after any refactoring. If a change to
// a generator is *meant* to change its output, update the digests here and say so: every old link that
// uses that family then gets a different corpus.
import { CorpusFingerprint, FAMILIES, generate, heldOutText, probes, sha256Hex, validateRecipe, type Recipe } from '../../src/lib/corpus/index.ts';

export interface GoldenCorpus {
  name: string;
  /** Recipe as a link would carry it (validated with validateRecipe). */
  recipe: unknown;
  seed: number | string;
  /** SHA-256 of the corpus file (documents each followed by the separator). */
  corpus: string;
  /** SHA-256 of JSON.stringify(probes(recipe, seed, 12)). */
  probes: string;
  /** SHA-256 of 4 KB of held-out text per family in the mix, concatenated in FAMILIES order. */
  heldOut: string;
}

export const GOLDEN_CORPORA: readonly GoldenCorpus[] = [
  {
    name: 'default mix, 200 KB',
    recipe: {
      bytes: 200_000,
      weights: { stories: 0.4, biographies: 0.2, arithmetic: 0.2, textbook: 0.2 },
      stories: { names: 24, objects: 24, places: 12, characters: 3, events: 4, paraphrases: 3, dialoguePercent: 25 },
      biographies: { people: 1000, paraphrases: 1, shuffle: false, fullName: true, dilution: 0, tag: false, attributes: 5, values: 60 },
      arithmetic: { maxOperand: 99, minSteps: 1, maxSteps: 4, trace: true, items: 12, paraphrases: 3 },
      textbook: { concepts: 60, properties: 24, roots: 3, examples: 2, exercises: 3, paraphrases: 3 },
    },
    seed: 1,
    corpus: 'eda8a1bdfad9bdd891aa48344f83bd86088eded52073a5cb86a39ca5cc5d39ee',
    probes: '6e5c865e39fea27225afe487f73fe088fabfd16c9a96765d5c4ed8f4b1da5f48',
    heldOut: 'c52936c95b124680c9732d0b8f8f8959f552538ed3039cb980408f43a5386023',
  },
  {
    name: 'stories: small world, four characters, much dialogue',
    recipe: {
      bytes: 60_000,
      weights: { stories: 1, biographies: 0, arithmetic: 0, textbook: 0 },
      stories: { names: 10, objects: 8, places: 5, characters: 4, events: 6, paraphrases: 2, dialoguePercent: 60 },
    },
    seed: 'golden',
    corpus: '03471eb695ad070355283e07b77d5b144945e5e05f0c7afa6088d60b72087d48',
    probes: 'c1db52ea7a8ce5b3148c118ba19ebd866deb961ec04197cfd190e69338a31ff1',
    heldOut: 'db710bd9b3bc153dcd49c30282d7ff9f41bbb5359ec14a89b68aa339753f1839',
  },
  {
    name: 'biographies (K=3, shuffled, pronouns, tagged, 4 attributes, 12 values), arithmetic without traces, small textbook',
    recipe: {
      bytes: 80_000,
      weights: { stories: 0, biographies: 1, arithmetic: 1, textbook: 1 },
      biographies: { people: 30, paraphrases: 3, shuffle: true, fullName: false, dilution: 0, tag: true, attributes: 4, values: 12 },
      arithmetic: { maxOperand: 1000, minSteps: 2, maxSteps: 6, trace: false, items: 5, paraphrases: 2 },
      textbook: { concepts: 20, properties: 8, roots: 2, examples: 1, exercises: 2, paraphrases: 2 },
    },
    seed: 2026,
    corpus: 'df3f08b6dc83adac242546046b1797fb9a6567d75b8d76d8830cc97f0469e97d',
    probes: '57889ae152770985226851e6c78c4915fa2868cd1fbb7b5c46e84f3e07adc65f',
    heldOut: 'd36a629dbc377181001ca97ca58d1c75d68b1b5515f23d6a80bd55db1a4c45f6',
  },
];

export function goldenRecipe(g: GoldenCorpus): Recipe {
  const r = validateRecipe(g.recipe);
  if (!r.ok) throw new Error(`golden recipe "${g.name}" is invalid: ${r.errors.join('; ')}`);
  return r.recipe;
}

/** The three digests of a golden recipe, computed by the code under test. */
export function goldenDigests(g: GoldenCorpus): Pick<GoldenCorpus, 'corpus' | 'probes' | 'heldOut'> {
  const recipe = goldenRecipe(g);
  const fp = new CorpusFingerprint();
  for (const chunk of generate(recipe, g.seed)) for (const d of chunk) fp.add(d);
  const families = FAMILIES.filter((f) => recipe.weights[f] > 0);
  return {
    corpus: fp.digest(),
    probes: sha256Hex(JSON.stringify(probes(recipe, g.seed, 12))),
    heldOut: sha256Hex(families.map((f) => heldOutText(recipe, g.seed, f, 4_000)).join('')),
  };
}
