// Probe accuracy (contract: Probe in corpus/types.ts), two ways:
//   ranking  — candidates ordered by the summed log-probability of their tokens after the prompt;
//              correct when the answer ranks first (chance = 1/candidates).
//   exact    — greedy decoding for len(answer tokens) + 1 tokens; correct when the decoded text starts
//              with the answer.
// Prompts are preceded by the document separator, as documents are in training. Prompt and
// continuation are tokenized separately (the continuation's tokens are exactly what is scored).
import type { Model } from '../model/model.ts';
import type { Probe } from '../corpus/types.ts';
import type { Tokenizer } from '../tokenizer/types.ts';
import { generate } from './generate.ts';
import { exactMatch, rankOfCorrect } from './rank.ts';
import { scoreItems, type ScoreItem } from './score.ts';

export interface ProbeResult {
  id: string;
  family: Probe['family'];
  kind: string;
  /** Rank of the answer among the candidates (1 = top), when the probe has candidates. */
  rank?: number;
  candidates?: number;
  exact: boolean;
  /** What greedy decoding produced after the prompt. */
  generated: string;
}

export interface ProbeSummary {
  results: ProbeResult[];
  /** Fraction of probes with candidates whose answer ranked first (NaN when none had candidates). */
  rankAccuracy: number;
  /** Mean of 1/candidates over ranked probes: the accuracy of guessing. */
  rankChance: number;
  exactMatch: number;
}

export interface ProbeEvalOptions {
  batchSize: number;
}

function promptIds(tokenizer: Tokenizer, prompt: string): Int32Array {
  const p = tokenizer.encode(prompt);
  const ids = new Int32Array(p.length + 1);
  ids[0] = tokenizer.separatorId;
  ids.set(p, 1);
  return ids;
}

export async function evalProbes(model: Model, tokenizer: Tokenizer, probes: readonly Probe[], opts: ProbeEvalOptions): Promise<ProbeSummary> {
  // Ranking: one scored item per (probe, candidate), all batched together.
  const items: ScoreItem[] = [];
  const owners: Array<{ probe: number; correct: number; first: number; count: number }> = [];
  probes.forEach((probe, i) => {
    if (!probe.candidates || probe.candidates.length === 0) return;
    const context = promptIds(tokenizer, probe.prompt);
    const correct = probe.candidates.indexOf(probe.answer);
    if (correct < 0) throw new Error(`probe ${probe.id}: answer is not among its candidates`);
    owners.push({ probe: i, correct, first: items.length, count: probe.candidates.length });
    for (const c of probe.candidates) items.push({ context, continuation: tokenizer.encode(c) });
  });
  const nats = await scoreItems(model, items, opts);
  const ranks = new Map<number, { rank: number; count: number }>();
  for (const o of owners) {
    const ll = Array.from(nats.subarray(o.first, o.first + o.count), (x) => -x);
    ranks.set(o.probe, { rank: rankOfCorrect(ll, o.correct), count: o.count });
  }

  // Exact match: greedy decode, grouped by answer length so each batch decodes a fixed number of steps.
  const byLength = new Map<number, number[]>();
  probes.forEach((p, i) => {
    const len = tokenizer.encode(p.answer).length + 1;
    byLength.set(len, [...(byLength.get(len) ?? []), i]);
  });
  const generated = new Array<string>(probes.length).fill('');
  for (const [len, idx] of byLength) {
    const outs = await generate(
      model,
      idx.map((i) => promptIds(tokenizer, probes[i].prompt)),
      { maxNewTokens: len, batchSize: opts.batchSize, temperature: 0, topK: 0, seed: 0 },
    );
    idx.forEach((i, j) => (generated[i] = tokenizer.decode(outs[j])));
  }

  const results = probes.map((p, i): ProbeResult => {
    const r = ranks.get(i);
    return { id: p.id, family: p.family, kind: p.kind, ...(r ? { rank: r.rank, candidates: r.count } : {}), exact: exactMatch(generated[i], p.answer), generated: generated[i] };
  });
  const ranked = results.filter((r) => r.rank !== undefined);
  return {
    results,
    rankAccuracy: ranked.length ? ranked.filter((r) => r.rank === 1).length / ranked.length : Number.NaN,
    rankChance: ranked.length ? ranked.reduce((s, r) => s + 1 / (r.candidates ?? 1), 0) / ranked.length : Number.NaN,
    exactMatch: results.length ? results.filter((r) => r.exact).length / results.length : Number.NaN,
  };
}
