// Public API of the synthetic corpus. Pure TypeScript: runs in page, worker, Node CLI and tests.
export type { Doc, FamilyName, MinimalPair, Probe } from './types.ts';
export { FAMILIES, PRESETS, dilutesWithWeb, MAX_BYTES, MAX_BYTES_OFFLINE, preset, validateRecipe, type PresetName, type Recipe, type RecipeLimits, type RecipeResult } from './recipe.ts';
export { generate, corpusText, heldOutDocs, heldOutText, probes, DEFAULT_PROBES_PER_FAMILY, type GenerateOptions } from './generate.ts';
export { CorpusFingerprint, CorpusStatsAccumulator, corpusStats, words, type CorpusStats, type FamilyStats, type NgramDiversity } from './stats.ts';
export type { ProbeSet, WebSource, Split } from './family.ts';
export { HELDOUT_MODULUS, HELDOUT_SLACK_BITS } from './family.ts';
export { DOC_SEPARATOR, utf8Length } from './text.ts';
export { Sha256, sha256Hex } from './sha256.ts';
export { Rng, type SeedLike } from './rng.ts';
export { Chance, pick, int, between, flip, shuffle, sampleDistinct } from './chance.ts';
export { checkStory, parsesAsStory, type StoryCheck } from './stories/index.ts';
export type { StoryKnobs } from './stories/story.ts';
export type { BiosKnobs } from './families/bios.ts';
export type { ArithmeticKnobs } from './families/arithmetic.ts';
export type { TextbookKnobs } from './families/textbook.ts';
