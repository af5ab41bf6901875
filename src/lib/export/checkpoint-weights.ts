// A checkpoint file (.slck, train/checkpoint.ts) → the files a Hugging Face Llama loads: model.safetensors
// and config.json. No device work: the checkpoint already holds every weight as float32, so the page,
// a worker and the CLI (src/cli/export-weights.ts) convert the same bytes the same way.
import { decodeCheckpoint } from '../train/checkpoint.ts';
import { BYTE_SEPARATOR_ID, type Tokenizer } from '../tokenizer/index.ts';
import { toLlamaConfig, type LlamaConfigJSON } from './llama-config.ts';
import { encodeLlamaSafetensors } from './llama.ts';

export interface CheckpointWeights {
  /** model.safetensors */
  safetensors: Uint8Array;
  /** config.json */
  config: LlamaConfigJSON;
  /** Training step the weights were taken at. */
  step: number;
  /** The run that wrote the checkpoint, when the experiment runner did. */
  runId: string | null;
}

/**
 * Converts a checkpoint file's bytes. `tokenizer`, when given, must be the one the run trained with: its
 * vocabulary size is checked against the model's and its separator becomes bos/eos in config.json
 * (both of the lab's tokenizers put the separator at id 256, which is the default).
 * Throws an Error that says what is wrong with a file that is not a valid checkpoint.
 */
export function checkpointToLlama(bytes: Uint8Array, opts: { tokenizer?: Pick<Tokenizer, 'vocabSize' | 'separatorId'> } = {}): CheckpointWeights {
  const ck = decodeCheckpoint(bytes);
  const tok = opts.tokenizer;
  if (tok && tok.vocabSize !== ck.modelConfig.vocabSize) {
    throw new Error(`the tokenizer has ${tok.vocabSize} ids but the checkpoint's model has a vocabulary of ${ck.modelConfig.vocabSize}: it was trained with another tokenizer`);
  }
  const separatorId = tok?.separatorId ?? (ck.modelConfig.vocabSize > BYTE_SEPARATOR_ID ? BYTE_SEPARATOR_ID : undefined);
  const metadata: Record<string, string> = { 'synthlab.step': String(ck.step), 'synthlab.seed': String(ck.seed) };
  if (ck.origin) {
    metadata['synthlab.run'] = ck.origin.runId;
    metadata['synthlab.experiment'] = ck.origin.experiment;
  }
  return {
    safetensors: encodeLlamaSafetensors(ck.modelConfig, ck.params, metadata),
    config: toLlamaConfig(ck.modelConfig, separatorId),
    step: ck.step,
    runId: ck.origin?.runId ?? null,
  };
}
