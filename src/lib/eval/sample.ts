// Text samples: continuations of fixed prompts, deterministic given the seed (for the live sample panel
// and the story-grammar check).
import type { Model } from '../model/model.ts';
import type { Seed } from '../model/prng.ts';
import type { Tokenizer } from '../tokenizer/types.ts';
import { generate } from './generate.ts';
import type { ForwardMeter } from './meter.ts';

export interface SampleOptions {
  maxNewTokens: number;
  /** 0 = greedy. */
  temperature: number;
  /** 0 = no top-k cut. */
  topK: number;
  seed: Seed;
  batchSize: number;
  meter?: ForwardMeter;
}

export interface Continuation {
  /** The new text (prompt not included, separator not included). */
  text: string;
  /** True when the model ended the document (emitted the separator). */
  ended: boolean;
}

/** One continuation per prompt, each stopping at a document separator. */
export async function sampleContinuations(model: Model, tokenizer: Tokenizer, prompts: readonly string[], opts: SampleOptions): Promise<Continuation[]> {
  const ids = prompts.map((p) => [tokenizer.separatorId, ...tokenizer.encode(p)]);
  const outs = await generate(model, ids, { ...opts, stopId: tokenizer.separatorId });
  return outs.map((o) => {
    const ended = o[o.length - 1] === tokenizer.separatorId;
    return { text: tokenizer.decode(ended ? o.subarray(0, o.length - 1) : o), ended };
  });
}

/** One continuation per prompt (prompt text not included), stopping at a document separator. */
export async function sampleText(model: Model, tokenizer: Tokenizer, prompts: readonly string[], opts: SampleOptions): Promise<string[]> {
  return (await sampleContinuations(model, tokenizer, prompts, opts)).map((c) => c.text);
}
