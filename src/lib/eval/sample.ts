// Text samples: continuations of fixed prompts, deterministic given the seed (for the live sample panel).
import type { Model } from '../model/model.ts';
import type { Seed } from '../model/prng.ts';
import type { Tokenizer } from '../tokenizer/types.ts';
import { generate } from './generate.ts';

export interface SampleOptions {
  maxNewTokens: number;
  /** 0 = greedy. */
  temperature: number;
  /** 0 = no top-k cut. */
  topK: number;
  seed: Seed;
  batchSize: number;
}

/** One continuation per prompt (prompt text not included), stopping at a document separator. */
export async function sampleText(model: Model, tokenizer: Tokenizer, prompts: readonly string[], opts: SampleOptions): Promise<string[]> {
  const ids = prompts.map((p) => [tokenizer.separatorId, ...tokenizer.encode(p)]);
  const outs = await generate(model, ids, { ...opts, stopId: tokenizer.separatorId });
  return outs.map((o) => tokenizer.decode(o[o.length - 1] === tokenizer.separatorId ? o.subarray(0, o.length - 1) : o));
}
