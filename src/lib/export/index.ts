// Public surface of the export package: the way from the lab to a real training stack.
// Pure TypeScript (no DOM, no Node APIs): the page, a worker and the CLI all use it.
export { encodeShard, parseShardHeader, readShard, shardFileName, ShardWriter, ShardFormatError, LLMC_MAGIC, LLMC_VERSION, HEADER_BYTES, MAX_TOKEN_ID, type ShardHeader } from './shards.ts';
export { jsonlLine, jsonlChunk, parseJsonl } from './jsonl.ts';
export { exportTokenizer, importTokenizer, TOKENIZER_FORMAT, TOKENIZER_FORMAT_VERSION, type ExportedTokenizer } from './tokenizer-json.ts';
export { encodeSafetensors, parseSafetensors, readF32Tensor, SafetensorsError, MAX_HEADER_BYTES, type F32Tensor, type TensorEntry, type SafetensorsFile } from './safetensors.ts';
export { llamaNameMapping, hfShape, transpose2d, type NameMapping } from './llama-names.ts';
export { toLlamaConfig, fromLlamaConfig, type LlamaConfigJSON } from './llama-config.ts';
export { exportLlama, encodeLlamaSafetensors, importLlamaSafetensors, toLlamaTensors, LLAMA_EXPORT_FORMAT, type LlamaExport } from './llama.ts';
export { checkpointToLlama, TokenizerMismatchError, MATCHING_TOKENIZER_HINT, type CheckpointWeights, type TokenizerCheck } from './checkpoint-weights.ts';
export { tokenizerDigest } from './tokenizer-digest.ts';
export { phiNameMapping } from './phi-names.ts';
export { toPhiConfig, type PhiConfigJSON } from './phi-config.ts';
export { hfConfigFor, hfNameMapping, type HfConfigJSON } from './hf-model.ts';
