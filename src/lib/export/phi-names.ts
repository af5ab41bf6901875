// Our phi-style parameter names ↔ Hugging Face PhiForCausalLM names (transformers' modeling_phi: PhiModel
// with embed_tokens, layers.N.input_layernorm, self_attn.{q,k,v}_proj and dense, mlp.fc1 / fc2, and
// final_layernorm; lm_head with a bias). Projections are transposed for the reason llama-names.ts gives
// (we store [in, out], nn.Linear stores [out, in]); biases and LayerNorm parameters keep their layout.
// Rotary needs no permutation: HF Phi rotates the first partial_rotary_factor·head_dim dimensions of each
// head with rotate_half, as rope.ts does with partial tables.
import type { ModelConfig } from '../model/config.ts';
import type { NameMapping } from './llama-names.ts';

export function phiNameMapping(c: Pick<ModelConfig, 'vocabSize' | 'nLayer' | 'dModel' | 'mlpHidden'>): NameMapping[] {
  const d = c.dModel;
  const h = c.mlpHidden;
  const V = c.vocabSize;
  const out: NameMapping[] = [{ ours: 'embedding', hf: 'model.embed_tokens.weight', shape: [V, d], transpose: false }];
  for (let l = 0; l < c.nLayer; l++) {
    const p = `layers.${l}`;
    const q = `model.layers.${l}`;
    const linear = (ours: string, hf: string, shape: [number, number], bias: string, width: number): NameMapping[] => [
      { ours: `${p}.${ours}`, hf: `${q}.${hf}.weight`, shape, transpose: true },
      { ours: `${p}.${bias}`, hf: `${q}.${hf}.bias`, shape: [width], transpose: false },
    ];
    out.push(
      { ours: `${p}.norm`, hf: `${q}.input_layernorm.weight`, shape: [d], transpose: false },
      { ours: `${p}.normBias`, hf: `${q}.input_layernorm.bias`, shape: [d], transpose: false },
      ...linear('attn.wq', 'self_attn.q_proj', [d, d], 'attn.bq', d),
      ...linear('attn.wk', 'self_attn.k_proj', [d, d], 'attn.bk', d),
      ...linear('attn.wv', 'self_attn.v_proj', [d, d], 'attn.bv', d),
      ...linear('attn.wo', 'self_attn.dense', [d, d], 'attn.bo', d),
      ...linear('mlp.wIn', 'mlp.fc1', [d, h], 'mlp.bIn', h),
      ...linear('mlp.wOut', 'mlp.fc2', [h, d], 'mlp.bOut', d),
    );
  }
  out.push(
    { ours: 'finalNorm', hf: 'model.final_layernorm.weight', shape: [d], transpose: false },
    { ours: 'finalNormBias', hf: 'model.final_layernorm.bias', shape: [d], transpose: false },
    { ours: 'head', hf: 'lm_head.weight', shape: [d, V], transpose: true },
    { ours: 'headBias', hf: 'lm_head.bias', shape: [V], transpose: false },
  );
  return out;
}
