// One evaluation of one model, the same for every run of an experiment: held-out bits per byte on
// every set, probe accuracy (ranking, exact match, slices), minimal pairs, the story-grammar readouts of
// free samples (samples that parse, sentences grammatical and consistent), and the fixed prompts'
// samples. Its cost is bounded by construction (evalCost).
import type { Model } from '../model/model.ts';
import { evalDocumentsBpb, evalMinimalPairs, evalProbes, probeBreakdown, sampleContinuations, sampleParsesAsStory, type ForwardMeter } from '../eval/index.ts';
import { gradeStorySamples, storySentenceShares } from '../eval/story-grade.ts';
import type { PassageSurprise } from '../eval/surprise.ts';
import type { PassageAttention } from '../eval/attention.ts';
import { readPassage } from '../eval/read-passage.ts';
import type { ExperimentConfig } from './config.ts';
import { askedAs } from './probe-prefix.ts';
import { probeAnswers, type ProbeAnswer } from './probe-answers.ts';
import type { PreparedExperiment } from './prepare.ts';
import type { EvalPoint } from './results.ts';

/** New tokens per free sample (display samples and story-grammar samples alike). */
export const SAMPLE_TOKENS = 48;
/**
 * Sampling for free samples: temperature and top-k (seeded, so a run reproduces them). 0.6 rather than
 * 0.8: on the TinyStories preset's trained models (3 seeds, 64 prompts each) it raised grammatical
 * sentences from 92–96% to 97–99% and consistent ones from 13–14% to 15–16%, while greedy decoding
 * wrote the same story for every prompt.
 */
export const SAMPLING = { temperature: 0.6, topK: 20 } as const;

export type EvalMetrics = Omit<EvalPoint, 'step' | 'tokens' | 'elapsedMs' | 'trainLoss'>;

export interface EvaluationOptions {
  /** The run's seed and the step: the sampling stream is (seed/step, 'sample', prompt index). */
  seed: number;
  step: number;
  meter?: ForwardMeter;
  /**
   * Text every probe prompt of a family starts with, as the run's own training documents of that family
   * do: a run trained on tagged biographies is asked after the tag (biographies.tag, BIO_TAG).
   */
  probePrefix?: Readonly<Record<string, string>>;
}

/** Rows per forward pass of an evaluation: the run's batch size (memory is sized for it already). */
export const evalBatchSize = (config: ExperimentConfig): number => config.train.batchSize;

/** A held-out passage scored token by token at every evaluation (the Surprise view). */
export interface SetSurprise extends PassageSurprise {
  /** The held-out set it opens ("web", "stories", ...). */
  set: string;
}

/** The Surprise view's passages: the first document of each held-out set (the samples' prompts open the same ones). */
export function surprisePassages(prepared: Pick<PreparedExperiment, 'heldout'>): Array<{ set: string; text: string }> {
  return prepared.heldout.filter((h) => (h.docs[0] ?? '').length > 0).map((h) => ({ set: h.name, text: h.docs[0] }));
}

/** A held-out set's first passage's attention patterns (the Attention view). */
export interface SetAttention extends PassageAttention {
  set: string;
}

export async function evaluateModel(model: Model, prepared: PreparedExperiment, config: ExperimentConfig, opts: EvaluationOptions): Promise<{ metrics: EvalMetrics; samples: string[]; answers: ProbeAnswer[]; surprise: SetSurprise[]; attention: SetAttention[] }> {
  const tok = prepared.tokenizer;
  const run = { batchSize: evalBatchSize(config), meter: opts.meter };

  const bpb: Record<string, number> = {};
  for (const h of prepared.heldout) bpb[h.name] = (await evalDocumentsBpb(model, tok, h.docs, { ...run, maxTokens: config.eval.tokens })).bitsPerByte;

  const probeRank: Record<string, number> = {};
  const probeExact: Record<string, number> = {};
  const breakdown: Record<string, number> = {};
  const answers: ProbeAnswer[] = [];
  for (const [family, probes] of byFamily(prepared.probes)) {
    const s = await evalProbes(model, tok, askedAs(probes, opts.probePrefix?.[family]), run);
    if (Number.isFinite(s.rankAccuracy)) probeRank[family] = s.rankAccuracy;
    if (Number.isFinite(s.exactMatch)) probeExact[family] = s.exactMatch;
    Object.assign(breakdown, probeBreakdown(probes, s.results));
    answers.push(...probeAnswers(probes, s.results));
  }
  const pairs = prepared.minimalPairs.length ? (await evalMinimalPairs(model, tok, prepared.minimalPairs, run)).accuracy : null;

  // Story prompts come first so their sampling streams do not depend on whether samples are shown.
  const shown = config.eval.samples ? prepared.prompts : [];
  const prompts = [...prepared.storyPrompts, ...shown];
  const outs = prompts.length
    ? await sampleContinuations(model, tok, prompts, { ...run, ...SAMPLING, maxNewTokens: SAMPLE_TOKENS, seed: `${opts.seed}/${opts.step}` })
    : [];
  const stories = outs.slice(0, prepared.storyPrompts.length);
  const samples = outs.slice(prepared.storyPrompts.length).map((c, i) => shown[i] + c.text);

  const metrics: EvalMetrics = { bpb, probeRank, probeExact, probeBreakdown: breakdown, pairs };
  if (stories.length) {
    metrics.storyParse = stories.filter((c, i) => sampleParsesAsStory(prepared.storyPrompts[i] + c.text, c.ended)).length / stories.length;
    // Sentences pooled over the samples, so every complete sentence weighs the same.
    const shares = storySentenceShares(gradeStorySamples(stories.map((c, i) => ({ prompt: prepared.storyPrompts[i], text: c.text, ended: c.ended }))));
    metrics.storyGrammatical = shares.grammatical;
    if (shares.consistent !== null) metrics.storyConsistent = shares.consistent;
  }
  const surprise: SetSurprise[] = [];
  const attention: SetAttention[] = [];
  for (const p of surprisePassages(prepared)) {
    const read = await readPassage(model, tok, p.text, { meter: opts.meter });
    surprise.push({ set: p.set, ...read.surprise });
    attention.push({ set: p.set, ...read.attention });
  }
  return { metrics, samples, answers, surprise, attention };
}

export function byFamily<T extends { family: string }>(probes: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const p of probes) out.set(p.family, [...(out.get(p.family) ?? []), p]);
  return out;
}
