// Our ModelConfig ↔ a Hugging Face `config.json` for LlamaForCausalLM.
// Field by field (the same table is in docs/outgrowing-the-browser.md):
//   vocabSize → vocab_size            dModel → hidden_size          mlpHidden → intermediate_size
//   nLayer → num_hidden_layers        nHead → num_attention_heads and num_key_value_heads (no GQA)
//   dModel/nHead → head_dim           contextLength → max_position_embeddings
//   normEps → rms_norm_eps            ropeBase → rope_theta         initStd → initializer_range
// plus the constants of our architecture: SiLU-gated MLP, no biases, tied embeddings, no rope scaling.
// `kernels` has no HF meaning (it picks our implementation of the same math) and is not exported.
import { assertModelConfig, headDim, styleOf, type ModelConfig } from '../model/config.ts';
import { separatorTokens } from './separator-tokens.ts';

export interface LlamaConfigJSON {
  architectures: ['LlamaForCausalLM'];
  model_type: 'llama';
  vocab_size: number;
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  num_key_value_heads: number;
  head_dim: number;
  hidden_act: 'silu';
  max_position_embeddings: number;
  rms_norm_eps: number;
  rope_theta: number;
  rope_scaling: null;
  initializer_range: number;
  tie_word_embeddings: true;
  attention_bias: false;
  mlp_bias: false;
  attention_dropout: 0;
  pretraining_tp: 1;
  use_cache: true;
  torch_dtype: 'float32';
  /** Our document separator doubles as BOS/EOS: every document is preceded by it in training streams. */
  bos_token_id?: number;
  eos_token_id?: number;
}

/** The HF config for `c`; pass the tokenizer's separator id to set bos/eos (generation then stops at a document end). */
export function toLlamaConfig(c: ModelConfig, separatorId?: number): LlamaConfigJSON {
  assertModelConfig(c);
  if (styleOf(c) !== 'llama') {
    throw new Error(`LlamaForCausalLM cannot run the "${styleOf(c)}" style (a parallel block, LayerNorm, GELU, partial rotary, biases and an untied head); export it as PhiForCausalLM (hfConfigFor)`);
  }
  return {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    vocab_size: c.vocabSize,
    hidden_size: c.dModel,
    intermediate_size: c.mlpHidden,
    num_hidden_layers: c.nLayer,
    num_attention_heads: c.nHead,
    num_key_value_heads: c.nHead,
    head_dim: headDim(c),
    hidden_act: 'silu',
    max_position_embeddings: c.contextLength,
    rms_norm_eps: c.normEps,
    rope_theta: c.ropeBase,
    rope_scaling: null,
    initializer_range: c.initStd,
    tie_word_embeddings: true,
    attention_bias: false,
    mlp_bias: false,
    attention_dropout: 0,
    pretraining_tp: 1,
    use_cache: true,
    torch_dtype: 'float32',
    ...separatorTokens(separatorId, c.vocabSize),
  };
}

/**
 * Reads a Llama config back into ours. Refuses configs our architecture cannot express (grouped-query
 * attention, biases, untied head, rope scaling, another activation) rather than silently changing the model.
 */
export function fromLlamaConfig(json: unknown, kernels: ModelConfig['kernels'] = 'tfjs'): ModelConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('Llama config: not a JSON object');
  const j = json as Record<string, unknown>;
  const problems: string[] = [];
  const need = (cond: boolean, msg: string) => {
    if (!cond) problems.push(msg);
  };
  need(j.hidden_act === undefined || j.hidden_act === 'silu', `hidden_act must be "silu", got ${JSON.stringify(j.hidden_act)}`);
  need(j.num_key_value_heads === undefined || j.num_key_value_heads === j.num_attention_heads, 'num_key_value_heads must equal num_attention_heads (grouped-query attention is not supported)');
  need(j.tie_word_embeddings === true, 'tie_word_embeddings must be true (our output head is the embedding)');
  need(!j.attention_bias && !j.mlp_bias, 'attention_bias and mlp_bias must be false');
  need(j.rope_scaling === undefined || j.rope_scaling === null, 'rope_scaling must be null');
  const d = j.hidden_size;
  const h = j.num_attention_heads;
  if (j.head_dim !== undefined && j.head_dim !== null && typeof d === 'number' && typeof h === 'number') need(j.head_dim === d / h, `head_dim ${String(j.head_dim)} must equal hidden_size / num_attention_heads`);
  if (problems.length > 0) throw new Error(`Llama config cannot be imported:\n  - ${problems.join('\n  - ')}`);
  const c = {
    vocabSize: j.vocab_size,
    contextLength: j.max_position_embeddings,
    nLayer: j.num_hidden_layers,
    dModel: d,
    nHead: h,
    mlpHidden: j.intermediate_size,
    kernels,
    normEps: j.rms_norm_eps,
    ropeBase: j.rope_theta ?? 10000,
    initStd: j.initializer_range ?? 0.02,
  };
  assertModelConfig(c);
  return c;
}
