// Our phi-style ModelConfig → a Hugging Face `config.json` for PhiForCausalLM (transformers' PhiConfig).
// The constants are the Phi-1.5 block's, as model/config.ts describes it: partial_rotary_factor 0.5,
// hidden_act "gelu_new" (GELU, tanh form), LayerNorm (layer_norm_eps), biases everywhere, untied head,
// no QK LayerNorm, no dropout.
import { assertModelConfig, PHI_ROTARY_FRACTION, styleOf, type ModelConfig } from '../model/config.ts';
import { separatorTokens } from './separator-tokens.ts';

export interface PhiConfigJSON {
  architectures: ['PhiForCausalLM'];
  model_type: 'phi';
  vocab_size: number;
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  num_key_value_heads: number;
  hidden_act: 'gelu_new';
  max_position_embeddings: number;
  layer_norm_eps: number;
  rope_theta: number;
  rope_scaling: null;
  partial_rotary_factor: number;
  qk_layernorm: false;
  initializer_range: number;
  tie_word_embeddings: false;
  resid_pdrop: 0;
  embd_pdrop: 0;
  attention_dropout: 0;
  use_cache: true;
  torch_dtype: 'float32';
  bos_token_id?: number;
  eos_token_id?: number;
}

export function toPhiConfig(c: ModelConfig, separatorId?: number): PhiConfigJSON {
  assertModelConfig(c);
  if (styleOf(c) !== 'phi') throw new Error(`PhiForCausalLM runs the phi style; this model is "${styleOf(c)}" (export it as Llama)`);
  return {
    architectures: ['PhiForCausalLM'],
    model_type: 'phi',
    vocab_size: c.vocabSize,
    hidden_size: c.dModel,
    intermediate_size: c.mlpHidden,
    num_hidden_layers: c.nLayer,
    num_attention_heads: c.nHead,
    num_key_value_heads: c.nHead,
    hidden_act: 'gelu_new',
    max_position_embeddings: c.contextLength,
    layer_norm_eps: c.normEps,
    rope_theta: c.ropeBase,
    rope_scaling: null,
    partial_rotary_factor: PHI_ROTARY_FRACTION,
    qk_layernorm: false,
    initializer_range: c.initStd,
    tie_word_embeddings: false,
    resid_pdrop: 0,
    embd_pdrop: 0,
    attention_dropout: 0,
    use_cache: true,
    torch_dtype: 'float32',
    ...separatorTokens(separatorId, c.vocabSize),
  };
}
