// Turns an experiment config (plus the web text the page loaded) into what training needs: the
// tokenizer, one token stream per run, the held-out sets with their entropy floors, the probes and
// the fixed sample prompts. Identical in the worker and in Node, so a link reproduces the same data.
import {
  CorpusFingerprint,
  CorpusStatsAccumulator,
  DOC_SEPARATOR,
  FAMILIES,
  generate,
  heldOutDocs,
  probes as corpusProbes,
  Rng,
  utf8Length,
  type Doc,
  type FamilyName,
  type MinimalPair,
  type Probe,
  type Recipe,
} from '../corpus/index.ts';
import { probeFits } from '../eval/fit.ts';
import { buildTokenizer, type Tokenizer } from '../tokenizer/index.ts';
import { webShare, type ExperimentConfig } from './config.ts';
import type { ExtraText } from './extra-text.ts';
import { needsWebText } from './web-text.ts';
import { probePrefixOf } from './probe-prefix.ts';
import type { CorpusSummary } from './prepare-types.ts';

export interface WebText {
  train: readonly string[];
  heldout: readonly string[];
  fingerprint: string;
  source: string;
}

export interface HeldOutSet {
  name: string;
  /**
   * The held-out documents, scored as the training stream encodes documents: each after the separator
   * id (see eval/bpb.ts). An evaluation scores the first `eval.tokens` tokens of them.
   */
  docs: string[];
  /** UTF-8 bytes of the documents' text (separators are not text and are not counted). */
  bytes: number;
  /** Generator bits per document byte: no model can do better on this text. Null for web text. */
  floorBpb: number | null;
  floorIsUpperBound: boolean;
}

/** Probes of a family that the context window cannot hold (prompt + answer): counted, never scored. */
export interface ProbeFit {
  family: FamilyName;
  total: number;
  outOfContext: number;
}

export interface PreparedRun {
  name: string;
  share: number;
  tokens: Int32Array;
  /** Byte share of synthetic text actually placed in the stream. */
  syntheticBytes: number;
  webBytes: number;
  /** True when the web text had to be repeated to fill the stream (a small baseline). */
  webRepeated: boolean;
  /** Bytes of the extra corpus placed in the stream (0 without one). */
  extraBytes: number;
}

export interface PreparedExperiment {
  tokenizer: Tokenizer;
  corpus: CorpusSummary;
  runs: PreparedRun[];
  heldout: HeldOutSet[];
  probes: Probe[];
  /** Per family with probes: how many of them fit the context window. */
  probeFit: ProbeFit[];
  minimalPairs: MinimalPair[];
  /** Fixed prompts whose sampled continuations are shown (one per held-out set). */
  prompts: string[];
  /** Openings of held-out stories whose continuations are checked against the story grammar (storyParse). */
  storyPrompts: string[];
}

export type PhaseReporter = (phase: 'generating' | 'tokenizing', detail: string, progress: number) => void;

/** Lets the event loop breathe (pause/stop messages, UI) between chunks of heavy synchronous work. */
const breathe = () => new Promise<void>((r) => setTimeout(r, 0));

const HELDOUT_BYTES_PER_FAMILY = 64 * 1024;
export { MAX_CANDIDATES } from './prepare-types.ts';
import { MAX_CANDIDATES } from './prepare-types.ts';
const BPE_SAMPLE_BYTES = 4_000_000;

async function generateDocs(recipe: Recipe, seed: number, web: WebText | null, report: PhaseReporter, label: string): Promise<{ docs: Doc[]; fingerprint: string; stats: CorpusSummary['stats'] }> {
  const docs: Doc[] = [];
  const fp = new CorpusFingerprint();
  const stats = new CorpusStatsAccumulator(recipe);
  let bytes = 0;
  for (const chunk of generate(recipe, seed, { webText: web?.train })) {
    for (const d of chunk) {
      docs.push(d);
      fp.add(d);
      stats.add(d);
      bytes += utf8Length(d.text) + DOC_SEPARATOR.length;
    }
    report('generating', `${label}: ${(bytes / 1e6).toFixed(1)} of ${(recipe.bytes / 1e6).toFixed(1)} MB`, Math.min(1, bytes / recipe.bytes));
    await breathe();
  }
  return { docs, fingerprint: fp.digest(), stats: stats.result() };
}

/** One source of a run's training text and the bytes the run wants from it. */
export interface MixSource {
  label: string;
  docs: readonly string[];
  /** Bytes wanted (separators included). */
  want: number;
  /** Start over when the documents run out (web and extra text); otherwise stop taking from it. */
  repeat: boolean;
}

/**
 * Interleaves sources so that every stretch of the stream has the same mix: the next document comes
 * from the source furthest below its share (ties: the earlier source). Deterministic, no randomness.
 * Returns the documents and, per source, the bytes placed and whether it had to repeat.
 */
export function mixSources(sources: readonly MixSource[]): { docs: string[]; bytes: number[]; repeated: boolean[] } {
  for (const src of sources) if (src.want > 0 && src.docs.length === 0) throw new Error(`this run needs ${src.label}, but none was loaded`);
  const got = sources.map(() => 0);
  const next = sources.map(() => 0);
  const repeated = sources.map(() => false);
  const docs: string[] = [];
  const size = (t: string) => utf8Length(t) + DOC_SEPARATOR.length;
  for (;;) {
    let pick = -1;
    sources.forEach((src, i) => {
      const open = got[i] < src.want && (src.repeat || next[i] < src.docs.length);
      if (open && (pick < 0 || got[i] / src.want < got[pick] / sources[pick].want)) pick = i;
    });
    if (pick < 0) return { docs, bytes: got, repeated };
    const src = sources[pick];
    if (next[pick] === src.docs.length) {
      next[pick] = 0;
      repeated[pick] = true;
    }
    const d = src.docs[next[pick]++];
    docs.push(d);
    got[pick] += size(d);
  }
}

/**
 * The training text of one run: a prefix of the synthetic documents and of the web documents in
 * proportion `share` (see mixSources).
 */
export function mixDocuments(synthetic: readonly string[], web: readonly string[], share: number, totalBytes: number): { docs: string[]; syntheticBytes: number; webBytes: number; webRepeated: boolean } {
  const m = mixSources([
    { label: 'synthetic text', docs: synthetic, want: share * totalBytes, repeat: false },
    { label: 'web text', docs: web, want: (1 - share) * totalBytes, repeat: true },
  ]);
  return { docs: m.docs, syntheticBytes: m.bytes[0], webBytes: m.bytes[1], webRepeated: m.repeated[1] };
}

/** Encodes documents into one stream, each preceded by the separator (as eval scores them). */
export function encodeStream(tokenizer: Tokenizer, docs: readonly string[]): Int32Array {
  const parts: Int32Array[] = [];
  let n = 0;
  for (const d of docs) {
    const ids = tokenizer.encode(d);
    parts.push(ids);
    n += ids.length + 1;
  }
  const out = new Int32Array(n);
  let o = 0;
  for (const p of parts) {
    out[o++] = tokenizer.separatorId;
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function familiesOf(config: ExperimentConfig): FamilyName[] {
  const recipes = [config.corpus, ...config.runs.filter((r) => r.share > 0 && r.recipe).map((r) => r.recipe!)];
  return FAMILIES.filter((f) => recipes.some((r) => r.weights[f] > 0));
}

function heldOutSets(config: ExperimentConfig, web: WebText | null, extra: ExtraText | null): HeldOutSet[] {
  const sets: HeldOutSet[] = [];
  for (const [name, text] of [['web', web], ['extra', extra]] as const) {
    if (!text?.heldout.length) continue;
    const docs = [...text.heldout];
    sets.push({ name, docs, bytes: documentBytes(docs), floorBpb: null, floorIsUpperBound: false });
  }
  // Held-out family text is undiluted and untagged: it measures the family's own language.
  const clean: Recipe = { ...config.corpus, biographies: { ...config.corpus.biographies, dilution: 0, tag: false } };
  for (const f of familiesOf(config)) {
    const generated = heldOutDocs(clean, config.seed, f, HELDOUT_BYTES_PER_FAMILY);
    const docs = generated.map((d) => d.text);
    const bits = generated.reduce((a, d) => a + (Number.isFinite(d.bits) ? d.bits : 0), 0);
    const bytes = documentBytes(docs);
    sets.push({ name: f, docs, bytes, floorBpb: bits / bytes, floorIsUpperBound: generated.some((d) => d.bitsIsUpperBound) });
  }
  return sets;
}

const documentBytes = (docs: readonly string[]) => docs.reduce((n, d) => n + utf8Length(d), 0);
const openingWords = (doc: string) => doc.split(' ').slice(0, 4).join(' ');

/** The opening words of the first held-out document of each set: in-distribution prompts no run trained on. */
function samplePrompts(heldout: readonly HeldOutSet[]): string[] {
  return heldout.map((h) => openingWords(h.docs[0] ?? ''));
}

/**
 * At most this many story samples per evaluation are graded against the grammar (storyParse,
 * storyGrammatical, storyConsistent). 14 fills a 16-row sampling batch beside two shown prompts: with 8
 * the consistency share's seed-to-seed noise was as large as the TinyStories lesson's margin.
 */
export const STORY_SAMPLES = 14;

/**
 * Openings of held-out stories for storyParse: as many as fill the sampling batch beside the shown
 * prompts (at least one, at most STORY_SAMPLES), so the check adds no decoding passes of its own.
 */
function storyPrompts(heldout: readonly HeldOutSet[], shown: number, batchSize: number): string[] {
  const n = Math.max(1, Math.min(STORY_SAMPLES, batchSize - shown));
  return (heldout.find((h) => h.name === 'stories')?.docs ?? []).slice(0, n).map(openingWords);
}

/**
 * How many probes of each family the context cannot hold, for the run that asks them with the longest
 * prefix (a run on tagged biographies reads the tag first: evaluate.ts probePrefixOf).
 */
function probeFit(probes: readonly Probe[], tokenizer: Tokenizer, config: ExperimentConfig): ProbeFit[] {
  const prefixes = config.runs.map((r) => probePrefixOf(r.recipe ?? config.corpus) ?? {});
  const longest = (family: string) => prefixes.map((p) => p[family] ?? '').reduce((a, b) => (b.length > a.length ? b : a), '');
  const out = new Map<FamilyName, ProbeFit>();
  for (const p of probes) {
    const f = out.get(p.family) ?? { family: p.family, total: 0, outOfContext: 0 };
    f.total++;
    if (!probeFits(tokenizer, { ...p, prompt: longest(p.family) + p.prompt }, config.model.contextLength)) f.outOfContext++;
    out.set(p.family, f);
  }
  return [...out.values()];
}

/**
 * Keeps the answer and the first MAX_CANDIDATES − 1 other candidates in a seeded order: scoring cost
 * grows with every candidate, and a fixed small set keeps chance level the same across probes.
 */
export function capCandidates(probe: Probe, seed: number): Probe {
  if (!probe.candidates || probe.candidates.length <= MAX_CANDIDATES) return probe;
  const others = probe.candidates.filter((c) => c !== probe.answer);
  const rng = new Rng(seed, 'candidates', probe.id);
  for (let i = others.length - 1; i > 0; i--) {
    const j = Math.floor((rng.nextU32() / 2 ** 32) * (i + 1));
    [others[i], others[j]] = [others[j], others[i]];
  }
  const kept = new Set([probe.answer, ...others.slice(0, MAX_CANDIDATES - 1)]);
  return { ...probe, candidates: probe.candidates.filter((c) => kept.has(c)) };
}

/** Draws a BPE training sample spread over every run's stream, so no corpus dominates the vocabulary. */
function bpeSample(runDocs: ReadonlyArray<readonly string[]>): string[] {
  const per = Math.floor(BPE_SAMPLE_BYTES / Math.max(1, runDocs.length));
  const out: string[] = [];
  for (const docs of runDocs) {
    let n = 0;
    for (const d of docs) {
      if (n >= per) break;
      out.push(d);
      n += d.length;
    }
  }
  return out;
}

/**
 * `web`: the loaded web text (webTextFrom), when the experiment needs it. `extra`: the text of the
 * experiment's extra corpus (extraTextFrom), required when config.extra is set.
 */
export async function prepareExperiment(config: ExperimentConfig, web: WebText | null, report: PhaseReporter = () => {}, extra: ExtraText | null = null): Promise<PreparedExperiment> {
  if (needsWebText(config) && (!web || web.train.length === 0)) throw new Error('This experiment needs web text (a run below 100% synthetic, or diluted biographies), but none is loaded.');
  if (config.extra && !extra) throw new Error(`This experiment has an extra corpus ("${config.extra.name}"), but its text is not loaded.`);
  if (!config.extra && extra) throw new Error('Extra text was given, but this experiment has no extra corpus ("extra" in its config).');

  // Each distinct recipe is generated once; runs with the experiment's recipe share its documents.
  const byRecipe = new Map<string, Awaited<ReturnType<typeof generateDocs>>>();
  const recipeOf = (r: { recipe?: Recipe }) => r.recipe ?? config.corpus;
  const main = await generateDocs(config.corpus, config.seed, web, report, 'synthetic corpus');
  byRecipe.set(JSON.stringify(config.corpus), main);
  for (const run of config.runs) {
    const key = JSON.stringify(recipeOf(run));
    if (run.share > 0 && !byRecipe.has(key)) byRecipe.set(key, await generateDocs(recipeOf(run), config.seed, web, report, `corpus of run "${run.name}"`));
  }

  const mixed = config.runs.map((run) => {
    const synth = run.share > 0 ? byRecipe.get(JSON.stringify(recipeOf(run)))!.docs.map((d) => d.text) : [];
    const total = recipeOf(run).bytes;
    const m = mixSources([
      { label: 'synthetic text', docs: synth, want: run.share * total, repeat: false },
      { label: 'web text', docs: web?.train ?? [], want: webShare(run) * total, repeat: true },
      { label: `the extra corpus`, docs: extra?.train ?? [], want: (run.extraShare ?? 0) * total, repeat: true },
    ]);
    return { docs: m.docs, syntheticBytes: m.bytes[0], webBytes: m.bytes[1], webRepeated: m.repeated[1], extraBytes: m.bytes[2] };
  });

  report('tokenizing', config.tokenizer.kind === 'bpe' ? `training a ${config.tokenizer.vocabSize}-token BPE` : 'byte-level tokenizer', 0);
  await breathe();
  const tokenizer = buildTokenizer(config.tokenizer, () => bpeSample(mixed.map((m) => m.docs)), config.seed);

  const runs: PreparedRun[] = [];
  for (const [i, run] of config.runs.entries()) {
    report('tokenizing', `encoding run "${run.name}"`, i / config.runs.length);
    await breathe();
    const m = mixed[i];
    runs.push({ name: run.name, share: run.share, tokens: encodeStream(tokenizer, m.docs), syntheticBytes: m.syntheticBytes, webBytes: m.webBytes, webRepeated: m.webRepeated, extraBytes: m.extraBytes });
  }

  const heldout = heldOutSets(config, web, extra);
  const prompts = samplePrompts(heldout);
  const set = corpusProbes(config.corpus, config.seed, config.eval.probesPerFamily);
  const probes = set.probes.map((p) => capCandidates(p, config.seed));
  const minimalPairs = set.minimalPairs;
  const webBytes = web ? web.train.reduce((a, d) => a + utf8Length(d) + DOC_SEPARATOR.length, 0) : 0;
  return {
    tokenizer,
    corpus: {
      fingerprint: main.fingerprint,
      stats: main.stats,
      web: web ? { fingerprint: web.fingerprint, source: web.source, bytes: webBytes, documents: web.train.length } : null,
      ...(extra ? { extra: { fingerprint: extra.fingerprint, source: extra.source, bytes: extra.train.reduce((a, d) => a + utf8Length(d) + DOC_SEPARATOR.length, 0), documents: extra.train.length } } : {}),
    },
    runs,
    heldout,
    probes,
    probeFit: probeFit(probes, tokenizer, config),
    minimalPairs,
    prompts,
    storyPrompts: storyPrompts(heldout, prompts.length, config.train.batchSize),
  };
}
