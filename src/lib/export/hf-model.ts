// Which Hugging Face architecture a model exports to, by style: llama → LlamaForCausalLM, phi →
// PhiForCausalLM. The weights file and config.json follow from it; nothing else differs.
import { styleOf, type ModelConfig } from '../model/config.ts';
import { toLlamaConfig, type LlamaConfigJSON } from './llama-config.ts';
import { llamaNameMapping, type NameMapping } from './llama-names.ts';
import { toPhiConfig, type PhiConfigJSON } from './phi-config.ts';
import { phiNameMapping } from './phi-names.ts';

export type HfConfigJSON = LlamaConfigJSON | PhiConfigJSON;

/** Our names ↔ the HF architecture's, in our parameter order. */
export function hfNameMapping(c: ModelConfig): NameMapping[] {
  return styleOf(c) === 'phi' ? phiNameMapping(c) : llamaNameMapping(c);
}

/** config.json for the model's HF architecture; the separator id, when given, becomes bos/eos. */
export function hfConfigFor(c: ModelConfig, separatorId?: number): HfConfigJSON {
  return styleOf(c) === 'phi' ? toPhiConfig(c, separatorId) : toLlamaConfig(c, separatorId);
}
