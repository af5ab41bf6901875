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
import { buildTokenizer, type Tokenizer } from '../tokenizer/index.ts';
import type { ExperimentConfig } from './config.ts';
import { needsWebText } from './web-text.ts';
import type { CorpusSummary } from './prepare-types.ts';

export interface WebText {
  train: readonly string[];
  heldout: readonly string[];
  fingerprint: string;
  source: string;
}

export interface HeldOutSet {
  name: string;
  text: string;
  bytes: number;
  /** Bits per byte of the generator's choices: no model can do better on this text. Null for web text. */
  floorBpb: number | null;
  floorIsUpperBound: boolean;
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
}

export interface PreparedExperiment {
  tokenizer: Tokenizer;
  corpus: CorpusSummary;
  runs: PreparedRun[];
  heldout: HeldOutSet[];
  probes: Probe[];
  minimalPairs: MinimalPair[];
  prompts: string[];
}

export type PhaseReporter = (phase: 'generating' | 'tokenizing', detail: string, progress: number) => void;

/** Lets the event loop breathe (pause/stop messages, UI) between chunks of heavy synchronous work. */
const breathe = () => new Promise<void>((r) => setTimeout(r, 0));

const HELDOUT_BYTES_PER_FAMILY = 64 * 1024;
/** Probes are ranked among the answer and at most this many − 1 distractors (chance = 1 / that). */
export const MAX_CANDIDATES = 8;
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

/**
 * The training text of one run: a prefix of the synthetic documents and of the web documents in
 * proportion `share`, interleaved so that every stretch of the stream has the same mix (the next
 * document comes from whichever side is further below its share). Deterministic, no randomness.
 */
export function mixDocuments(synthetic: readonly string[], web: readonly string[], share: number, totalBytes: number): { docs: string[]; syntheticBytes: number; webBytes: number; webRepeated: boolean } {
  const wantSynth = share * totalBytes;
  const wantWeb = (1 - share) * totalBytes;
  if (wantWeb > 0 && web.length === 0) throw new Error('this run needs web text, but none was loaded');
  const docs: string[] = [];
  let s = 0;
  let w = 0;
  let si = 0;
  let wi = 0;
  let webRepeated = false;
  const size = (t: string) => utf8Length(t) + DOC_SEPARATOR.length;
  while ((s < wantSynth && si < synthetic.length) || w < wantWeb) {
    const synthBehind = wantSynth > 0 && si < synthetic.length && (wantWeb <= 0 || s / wantSynth <= w / wantWeb);
    if (synthBehind) {
      docs.push(synthetic[si]);
      s += size(synthetic[si++]);
    } else {
      if (wi === web.length) {
        wi = 0;
        webRepeated = true;
      }
      docs.push(web[wi]);
      w += size(web[wi++]);
    }
  }
  return { docs, syntheticBytes: s, webBytes: w, webRepeated };
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

function heldOutSets(config: ExperimentConfig, web: WebText | null): HeldOutSet[] {
  const sets: HeldOutSet[] = [];
  if (web && web.heldout.length) {
    const text = web.heldout.map((d) => d + DOC_SEPARATOR).join('');
    sets.push({ name: 'web', text, bytes: utf8Length(text), floorBpb: null, floorIsUpperBound: false });
  }
  // Held-out family text is undiluted and untagged: it measures the family's own language.
  const clean: Recipe = { ...config.corpus, biographies: { ...config.corpus.biographies, dilution: 0, tag: false } };
  for (const f of familiesOf(config)) {
    const docs = heldOutDocs(clean, config.seed, f, HELDOUT_BYTES_PER_FAMILY);
    const text = docs.map((d) => d.text + DOC_SEPARATOR).join('');
    const bits = docs.reduce((a, d) => a + (Number.isFinite(d.bits) ? d.bits : 0), 0);
    const bytes = utf8Length(text);
    sets.push({ name: f, text, bytes, floorBpb: bits / bytes, floorIsUpperBound: docs.some((d) => d.bitsIsUpperBound) });
  }
  return sets;
}

/** The opening words of the first held-out document of each set: in-distribution prompts no run trained on. */
function samplePrompts(heldout: readonly HeldOutSet[]): string[] {
  return heldout.map((h) => h.text.split(DOC_SEPARATOR)[0].split(' ').slice(0, 4).join(' '));
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

export async function prepareExperiment(config: ExperimentConfig, web: WebText | null, report: PhaseReporter = () => {}): Promise<PreparedExperiment> {
  if (needsWebText(config) && (!web || web.train.length === 0)) throw new Error('This experiment needs web text (a run below 100% synthetic, or diluted biographies), but none is loaded.');

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
    return mixDocuments(synth, web?.train ?? [], run.share, recipeOf(run).bytes);
  });

  report('tokenizing', config.tokenizer.kind === 'bpe' ? `training a ${config.tokenizer.vocabSize}-token BPE` : 'byte-level tokenizer', 0);
  await breathe();
  const tokenizer = buildTokenizer(config.tokenizer, () => bpeSample(mixed.map((m) => m.docs)), config.seed);

  const runs: PreparedRun[] = [];
  for (const [i, run] of config.runs.entries()) {
    report('tokenizing', `encoding run "${run.name}"`, i / config.runs.length);
    await breathe();
    const m = mixed[i];
    runs.push({ name: run.name, share: run.share, tokens: encodeStream(tokenizer, m.docs), syntheticBytes: m.syntheticBytes, webBytes: m.webBytes, webRepeated: m.webRepeated });
  }

  const heldout = heldOutSets(config, web);
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
    },
    runs,
    heldout,
    probes,
    minimalPairs,
    prompts: samplePrompts(heldout),
  };
}
