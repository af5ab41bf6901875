// A run is asked its probes as its own training documents read. Biographies with the domain tag
// (biographies.tag, Physics of Language Models 3.3) always begin with it, so a run trained on them reads
// the tag before each biography probe; a run on untagged text reads the probe as it is.
import { bioTagOf } from '../corpus/families/bios.ts';
import type { Recipe } from '../corpus/index.ts';

/** What a run trained on `recipe` reads before its probes, by family (undefined: nothing). */
export function probePrefixOf(recipe: Pick<Recipe, 'biographies'>): Record<string, string> | undefined {
  const tag = bioTagOf(recipe.biographies);
  return tag ? { biographies: tag } : undefined;
}

/** The probes with `prefix` before each prompt (answers and candidates unchanged). */
export function askedAs<P extends { prompt: string }>(probes: readonly P[], prefix: string | undefined): readonly P[] {
  return prefix ? probes.map((p) => ({ ...p, prompt: prefix + p.prompt })) : probes;
}
