// A checkpoint file (.slck, train/checkpoint.ts) → the files Hugging Face loads (Llama, or Phi for the phi
// style; hf-model.ts): model.safetensors and config.json. No device work: the checkpoint already holds
// every weight as float32, so the page, a worker and the CLI (src/cli/export-weights.ts) convert the same
// bytes the same way.
import { decodeCheckpoint } from '../train/checkpoint.ts';
import { BYTE_SEPARATOR_ID, type Tokenizer } from '../tokenizer/index.ts';
import { hfConfigFor, type HfConfigJSON } from './hf-model.ts';
import { encodeLlamaSafetensors } from './llama.ts';
import { tokenizerDigest } from './tokenizer-digest.ts';

/** Where the tokenizer a checkpoint records can be found; every mismatch message ends with it. */
export const MATCHING_TOKENIZER_HINT =
  'Use the tokenizer.json that `npm run experiment -- --checkpoints DIR` wrote beside the checkpoints, or ' +
  'Export / load → "Tokenizer (JSON)" in the lab for the experiment that made the checkpoint.';

/**
 * How the given tokenizer was matched to the checkpoint: 'digest' when the checkpoint records its
 * tokenizer and the given one is exactly it; 'vocabulary' when the checkpoint predates that record and
 * only the vocabulary size could be compared (the pairing is unverified); null when none was given.
 */
export type TokenizerCheck = 'digest' | 'vocabulary' | null;

export interface CheckpointWeights {
  /** model.safetensors */
  safetensors: Uint8Array;
  /** config.json (LlamaForCausalLM or PhiForCausalLM, by the model's style) */
  config: HfConfigJSON;
  /** Training step the weights were taken at. */
  step: number;
  /** The run that wrote the checkpoint, when the experiment runner did. */
  runId: string | null;
  /** SHA-256 of the tokenizer the run trained with (tokenizerDigest), when the checkpoint records it. */
  tokenizerDigest: string | null;
  tokenizerCheck: TokenizerCheck;
}

/** The given tokenizer is not the one the checkpoint records (or cannot be: another vocabulary size). */
export class TokenizerMismatchError extends Error {}

/**
 * Converts a checkpoint file's bytes. `tokenizer`, when given, must be the one the run trained with:
 * when the checkpoint records its tokenizer's digest the given one must match it exactly, otherwise
 * (older files) only its vocabulary size can be checked against the model's. Its separator becomes
 * bos/eos in config.json (both of the lab's tokenizers put the separator at id 256, the default).
 * Throws TokenizerMismatchError for the wrong tokenizer, and an Error that says what is wrong with a
 * file that is not a valid checkpoint.
 */
export function checkpointToLlama(bytes: Uint8Array, opts: { tokenizer?: Tokenizer } = {}): CheckpointWeights {
  const ck = decodeCheckpoint(bytes);
  const tok = opts.tokenizer;
  const recorded = ck.origin?.tokenizer ?? null;
  let tokenizerCheck: TokenizerCheck = null;
  if (tok && recorded !== null) {
    const given = tokenizerDigest(tok);
    if (given !== recorded) {
      throw new TokenizerMismatchError(
        `the tokenizer is not the one this checkpoint's run trained with (the checkpoint records tokenizer ${recorded}; ` +
          `this ${tok.kind} tokenizer of ${tok.vocabSize} ids is ${given}). ${MATCHING_TOKENIZER_HINT}`,
      );
    }
    tokenizerCheck = 'digest';
  } else if (tok) {
    if (tok.vocabSize !== ck.modelConfig.vocabSize) {
      throw new TokenizerMismatchError(`the tokenizer has ${tok.vocabSize} ids but the checkpoint's model has a vocabulary of ${ck.modelConfig.vocabSize}: it was trained with another tokenizer. ${MATCHING_TOKENIZER_HINT}`);
    }
    tokenizerCheck = 'vocabulary';
  }
  const separatorId = tok?.separatorId ?? (ck.modelConfig.vocabSize > BYTE_SEPARATOR_ID ? BYTE_SEPARATOR_ID : undefined);
  const metadata: Record<string, string> = { 'synthlab.step': String(ck.step), 'synthlab.seed': String(ck.seed) };
  if (ck.origin) {
    metadata['synthlab.run'] = ck.origin.runId;
    metadata['synthlab.experiment'] = ck.origin.experiment;
    if (recorded !== null) metadata['synthlab.tokenizer'] = recorded;
  }
  return {
    safetensors: encodeLlamaSafetensors(ck.modelConfig, ck.params, metadata),
    config: hfConfigFor(ck.modelConfig, separatorId),
    step: ck.step,
    runId: ck.origin?.runId ?? null,
    tokenizerDigest: recorded,
    tokenizerCheck,
  };
}
