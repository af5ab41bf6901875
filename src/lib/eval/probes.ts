// Probe accuracy (contract: Probe in corpus/types.ts), two ways:
//   ranking  — candidates ordered by the summed log-probability of their tokens after the prompt;
//              correct when the answer ranks first (chance = 1/candidates).
//   exact    — greedy decoding after the prompt. A probe that records a final answer (arithmetic:
//              meta.finalAnswer) is correct when the model's own answer line gives that number, whatever
//              worked solution it writes; any other probe is correct when the decoded text starts with
//              the answer. Each row stops as soon as it is decided (matched, or can no longer match).
// A probe is scored only when its separator, prompt and longest continuation fit the context window
// together: nothing is ever left-truncated or slides out of view. The others are counted, not scored.
// Prompts are preceded by the document separator, as documents are in training. Prompt and
// continuation are tokenized separately (the continuation's tokens are exactly what is scored).
import type { Model } from '../model/model.ts';
import type { Probe } from '../corpus/types.ts';
import type { Tokenizer } from '../tokenizer/types.ts';
import { decode, type DecodeRow } from './generate.ts';
import { ANSWER_MARKER, hasFinalAnswer, judgeFinalAnswer } from './final-answer.ts';
import { probeFits } from './fit.ts';
import type { ForwardMeter } from './meter.ts';
import { candidateProbabilities, exactMatch, rankOfCorrect, topCandidate } from './rank.ts';
import { scoreItems, type ScoreItem } from './score.ts';

export interface ProbeResult {
  id: string;
  family: Probe['family'];
  kind: string;
  /** False when the probe does not fit the context window: then it has no rank and exact is false. */
  inContext: boolean;
  /** Rank of the answer among the candidates (1 = top), when the probe has candidates. */
  rank?: number;
  candidates?: number;
  /** Index of the candidate the model ranks first, when the probe has candidates. */
  top?: number;
  /** Probability of the true answer among the candidates (softmax of their log-likelihoods). */
  pTrue?: number;
  exact: boolean;
  /** How `exact` was judged: the number on the answer line, or the decoded text's prefix. */
  exactRule: 'final-answer' | 'prefix';
  /** What greedy decoding produced after the prompt (up to where the row was decided). */
  generated: string;
}

export interface ProbeSummary {
  results: ProbeResult[];
  /** Fraction of in-context probes with candidates whose answer ranked first (NaN when none). */
  rankAccuracy: number;
  /** Mean of 1/candidates over ranked probes: the accuracy of guessing. */
  rankChance: number;
  /** Fraction of in-context probes decoded correctly (NaN when none is in context). */
  exactMatch: number;
  /** Probes not scored because they do not fit the context window. */
  outOfContext: number;
}

export interface ProbeEvalOptions {
  batchSize: number;
  meter?: ForwardMeter;
}

/** Extra decode room, beyond the reference solution's length, for a model that writes a longer one. */
const finalAnswerSlack = (answerTokens: number) => Math.ceil(answerTokens / 4) + 4;
/** Extra room for prefix matching: a tokenizer may spell the answer in more tokens than its own encoding. */
const PREFIX_SLACK = 2;

function promptIds(tokenizer: Tokenizer, prompt: string): Int32Array {
  const p = tokenizer.encode(prompt);
  const ids = new Int32Array(p.length + 1);
  ids[0] = tokenizer.separatorId;
  ids.set(p, 1);
  return ids;
}

/** Strips a trailing partial UTF-8 character (a multi-byte token cut mid-character decodes to U+FFFD). */
const settled = (text: string) => text.replace(/\uFFFD+$/, '');

/** The decoding job of one probe: its prompt, its cap, and when it is decided. */
function decodeRow(tokenizer: Tokenizer, probe: Probe, prompt: Int32Array, T: number): DecodeRow & { rule: ProbeResult['exactRule']; judge: (generated: string) => boolean } {
  const room = T + 1 - prompt.length;
  const answerTokens = tokenizer.encode(probe.answer).length;
  if (hasFinalAnswer(probe.meta)) {
    const expected = probe.meta.finalAnswer;
    const opens = probe.prompt.trimEnd().endsWith(ANSWER_MARKER);
    return {
      prompt,
      maxNew: Math.min(room, answerTokens + finalAnswerSlack(answerTokens)),
      done: (ids) => judgeFinalAnswer(tokenizer.decode(ids), expected, opens) !== 'pending',
      rule: 'final-answer',
      judge: (generated) => judgeFinalAnswer(generated, expected, opens) === 'correct',
    };
  }
  const answer = probe.answer;
  return {
    prompt,
    maxNew: Math.min(room, answerTokens + PREFIX_SLACK),
    done: (ids) => {
      const text = settled(tokenizer.decode(ids));
      return text.startsWith(answer) || !answer.startsWith(text);
    },
    rule: 'prefix',
    judge: (generated) => exactMatch(generated, answer),
  };
}

/** Most tokens greedy decoding may produce for this probe (its cost in decode steps, at worst). */
export function probeDecodeCap(tokenizer: Tokenizer, probe: Probe, T: number): number {
  return decodeRow(tokenizer, probe, promptIds(tokenizer, probe.prompt), T).maxNew ?? 0;
}

interface RankingPlan {
  /** One scored item per (probe, candidate), for every probe that fits and has candidates. */
  items: ScoreItem[];
  owners: Array<{ probe: number; correct: number; first: number; count: number }>;
}

function rankingPlan(tokenizer: Tokenizer, probes: readonly Probe[], prompts: readonly Int32Array[], fits: readonly boolean[]): RankingPlan {
  const plan: RankingPlan = { items: [], owners: [] };
  probes.forEach((probe, i) => {
    if (!fits[i] || !probe.candidates || probe.candidates.length === 0) return;
    const correct = probe.candidates.indexOf(probe.answer);
    if (correct < 0) throw new Error(`probe ${probe.id}: answer is not among its candidates`);
    plan.owners.push({ probe: i, correct, first: plan.items.length, count: probe.candidates.length });
    for (const c of probe.candidates) plan.items.push({ context: prompts[i], continuation: tokenizer.encode(c) });
  });
  return plan;
}

/** Ranking items of the probes that fit, as evalProbes scores them (for cost bounds). */
export function rankingItems(tokenizer: Tokenizer, probes: readonly Probe[], T: number): ScoreItem[] {
  const prompts = probes.map((p) => promptIds(tokenizer, p.prompt));
  return rankingPlan(tokenizer, probes, prompts, probes.map((p, i) => probeFits(tokenizer, p, T, prompts[i].length))).items;
}

export async function evalProbes(model: Model, tokenizer: Tokenizer, probes: readonly Probe[], opts: ProbeEvalOptions): Promise<ProbeSummary> {
  const T = model.config.contextLength;
  const prompts = probes.map((p) => promptIds(tokenizer, p.prompt));
  const fits = probes.map((p, i) => probeFits(tokenizer, p, T, prompts[i].length));

  // Ranking: one scored item per (probe, candidate), all batched together.
  const { items, owners } = rankingPlan(tokenizer, probes, prompts, fits);
  const nats = await scoreItems(model, items, opts);
  const ranks = new Map<number, { rank: number; count: number; top: number; pTrue: number }>();
  for (const o of owners) {
    const ll = Array.from(nats.subarray(o.first, o.first + o.count), (x) => -x);
    ranks.set(o.probe, { rank: rankOfCorrect(ll, o.correct), count: o.count, top: topCandidate(ll), pTrue: candidateProbabilities(ll)[o.correct] });
  }

  // Exact match: every in-context probe decodes in one stream of batches, longest caps first so the
  // short ones fill the slots the long ones leave.
  const jobs = probes.map((p, i) => decodeRow(tokenizer, p, prompts[i], T));
  const order = probes.map((_, i) => i).filter((i) => fits[i]).sort((a, b) => (jobs[b].maxNew ?? 0) - (jobs[a].maxNew ?? 0) || a - b);
  const outs = await decode(model, order.map((i) => jobs[i]), { maxNewTokens: 0, batchSize: opts.batchSize, temperature: 0, topK: 0, seed: 0, meter: opts.meter });
  const generated = new Array<string>(probes.length).fill('');
  order.forEach((i, j) => (generated[i] = tokenizer.decode(outs[j])));

  const results = probes.map((p, i): ProbeResult => {
    const r = ranks.get(i);
    return {
      id: p.id,
      family: p.family,
      kind: p.kind,
      inContext: fits[i],
      ...(r ? { rank: r.rank, candidates: r.count, top: r.top, pTrue: r.pTrue } : {}),
      exact: fits[i] && jobs[i].judge(generated[i]),
      exactRule: jobs[i].rule,
      generated: generated[i],
    };
  });
  const scored = results.filter((r) => r.inContext);
  const ranked = scored.filter((r) => r.rank !== undefined);
  return {
    results,
    rankAccuracy: ranked.length ? ranked.filter((r) => r.rank === 1).length / ranked.length : Number.NaN,
    rankChance: ranked.length ? ranked.reduce((s, r) => s + 1 / (r.candidates ?? 1), 0) / ranked.length : Number.NaN,
    exactMatch: scored.length ? scored.filter((r) => r.exact).length / scored.length : Number.NaN,
    outOfContext: results.length - scored.length,
  };
}
