// Family name → module, so the mixer, held-out text and probes treat every family alike.
import type { Doc, FamilyName } from './types.ts';
import type { FamilyContext, FamilyModule, ProbeSet, Split } from './family.ts';
import type { Recipe } from './recipe.ts';
import { stories } from './stories/index.ts';
import { biographies } from './families/bios.ts';
import { arithmetic } from './families/arithmetic.ts';
import { textbook } from './families/textbook.ts';

/** A family module paired with its knobs from a recipe (erases the knob type for uniform use). */
export interface BoundFamily {
  name: FamilyName;
  stream: (seed: string, split: Split, ctx: FamilyContext) => () => Doc;
  probes: (seed: string, cap: number) => ProbeSet;
  upperBoundReason: () => string;
}

function bind<K>(m: FamilyModule<K>, knobs: K): BoundFamily {
  return {
    name: m.name,
    stream: (seed, split, ctx) => m.stream(knobs, seed, split, ctx),
    probes: (seed, cap) => m.probes(knobs, seed, cap),
    upperBoundReason: () => m.upperBoundReason(knobs),
  };
}

export function family(recipe: Recipe, name: FamilyName): BoundFamily {
  switch (name) {
    case 'stories':
      return bind(stories, recipe.stories);
    case 'biographies':
      return bind(biographies, recipe.biographies);
    case 'arithmetic':
      return bind(arithmetic, recipe.arithmetic);
    case 'textbook':
      return bind(textbook, recipe.textbook);
  }
}
