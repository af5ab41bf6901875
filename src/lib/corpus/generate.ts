// The streaming corpus: interleaves family streams by byte share and yields chunks of documents, so a
// large corpus can be produced in a worker without ever holding it in memory.
import type { Doc, FamilyName } from './types.ts';
import type { SeedLike } from './rng.ts';
import type { FamilyContext, ProbeSet, Split, WebSource } from './family.ts';
import { FAMILIES, type Recipe } from './recipe.ts';
import { family } from './registry.ts';
import { DOC_SEPARATOR, utf8Length } from './text.ts';

export interface GenerateOptions {
  /** Yield a chunk once it holds at least this many bytes (default 256 KiB). */
  chunkBytes?: number;
  /** Real web documents for biography dilution; required when biographies.dilution > 0. */
  webText?: WebSource;
}

/**
 * Streams the training corpus for (recipe, seed) as chunks of documents. Same recipe and seed give the
 * same documents on every platform, however the chunks are consumed. The corpus *file* is every document
 * followed by DOC_SEPARATOR ("\n\n"); its size (what recipe.bytes targets) counts those separators.
 *
 * Mixing is deterministic (no random choice, so it adds no bits): the next document comes from the
 * family that is furthest below its weighted byte share. Throws (synchronously, at the first chunk) only
 * for a recipe that needs web text but has none.
 */
export function* generate(recipe: Recipe, seed: SeedLike, opts: GenerateOptions = {}): Generator<Doc[], void, undefined> {
  const chunkBytes = opts.chunkBytes ?? 256 * 1024;
  const ctx: FamilyContext = { webText: opts.webText };
  const active = FAMILIES.filter((f) => recipe.weights[f] > 0);
  const streams = active.map((f) => family(recipe, f).stream(String(seed), 'train', ctx));
  const weights = active.map((f) => recipe.weights[f]);
  const produced = active.map(() => 0);
  let total = 0;
  let chunk: Doc[] = [];
  let chunkSize = 0;
  while (total < recipe.bytes) {
    let best = 0;
    for (let i = 1; i < active.length; i++) if (produced[i] / weights[i] < produced[best] / weights[best]) best = i;
    const doc = streams[best]();
    const size = utf8Length(doc.text) + DOC_SEPARATOR.length;
    produced[best] += size;
    total += size;
    chunk.push(doc);
    chunkSize += size;
    if (chunkSize >= chunkBytes) {
      yield chunk;
      chunk = [];
      chunkSize = 0;
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** The whole corpus as one string (tests and small corpora; use generate() for anything large). */
export function corpusText(recipe: Recipe, seed: SeedLike, opts: GenerateOptions = {}): string {
  let out = '';
  for (const chunk of generate(recipe, seed, opts)) for (const d of chunk) out += d.text + DOC_SEPARATOR;
  return out;
}

/**
 * Fresh held-out documents of one family, at least `bytes` of them (separators counted), disjoint from
 * the training stream by construction (see family.ts / README) and reproducible from (recipe, seed).
 * Biography held-out text never includes web dilution.
 */
export function heldOutDocs(recipe: Recipe, seed: SeedLike, name: FamilyName, bytes: number): Doc[] {
  const next = family(recipe, name).stream(String(seed), 'heldout' satisfies Split, {});
  const docs: Doc[] = [];
  for (let n = 0; n < bytes; ) {
    const d = next();
    docs.push(d);
    n += utf8Length(d.text) + DOC_SEPARATOR.length;
  }
  return docs;
}

/** Held-out text for bits-per-byte evaluation: heldOutDocs joined in the corpus file format. */
export function heldOutText(recipe: Recipe, seed: SeedLike, name: FamilyName, bytes: number): string {
  return heldOutDocs(recipe, seed, name, bytes)
    .map((d) => d.text + DOC_SEPARATOR)
    .join('');
}

export const DEFAULT_PROBES_PER_FAMILY = 200;

/**
 * Probes and minimal pairs for every family with positive weight, deterministic in (recipe, seed) and at
 * most `perFamily` of each per family, so evaluation cost is bounded.
 */
export function probes(recipe: Recipe, seed: SeedLike, perFamily = DEFAULT_PROBES_PER_FAMILY): ProbeSet {
  const out: ProbeSet = { probes: [], minimalPairs: [] };
  for (const f of FAMILIES) {
    if (!(recipe.weights[f] > 0)) continue;
    const set = family(recipe, f).probes(String(seed), perFamily);
    out.probes.push(...set.probes);
    out.minimalPairs.push(...set.minimalPairs);
  }
  return out;
}
