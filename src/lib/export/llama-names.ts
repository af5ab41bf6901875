// Our parameter names ↔ Hugging Face Llama names, with the layout change each needs.
//
// Why transposes: we store projection matrices [in, out] and compute x·W (params.ts, model.ts), while a
// torch nn.Linear stores weight [out, in] and computes x·Wᵀ. So every projection is transposed on the way
// out and back on the way in. Embedding and norm gains keep their layout: nn.Embedding is [vocab, d] like
// ours, and the tied output head is x·Eᵀ in both.
//
// Why no q/k permutation: our rotary embedding (rope.ts) pairs dimension i with i + headDim/2 inside each
// head ("rotate half"), with angle pos·θ^(−2i/headDim) — exactly HF Llama's rotate_half and inv_freq. And
// heads are contiguous column blocks of Wq/Wk/Wv (splitHeads reshapes [.., H, hd]), which is HF's
// q_proj(x).view(.., H, hd). So rows of q_proj/k_proj need no reordering (unlike Meta's original
// checkpoints, which use interleaved pairs and need the permute in HF's conversion script).
import type { ModelConfig } from '../model/config.ts';

export interface NameMapping {
  /** Our parameter name, e.g. "layers.0.attn.wq". */
  ours: string;
  /** The Hugging Face LlamaForCausalLM state-dict key. */
  hf: string;
  /** Our shape. */
  shape: [number] | [number, number];
  /** True when the HF tensor is our matrix transposed ([in, out] → [out, in]). */
  transpose: boolean;
}

/** The full mapping for a config, in our parameter order. */
export function llamaNameMapping(c: Pick<ModelConfig, 'vocabSize' | 'nLayer' | 'dModel' | 'mlpHidden'>): NameMapping[] {
  const d = c.dModel;
  const h = c.mlpHidden;
  const out: NameMapping[] = [{ ours: 'embedding', hf: 'model.embed_tokens.weight', shape: [c.vocabSize, d], transpose: false }];
  for (let l = 0; l < c.nLayer; l++) {
    const p = `layers.${l}`;
    const q = `model.layers.${l}`;
    out.push(
      { ours: `${p}.attnNorm`, hf: `${q}.input_layernorm.weight`, shape: [d], transpose: false },
      { ours: `${p}.attn.wq`, hf: `${q}.self_attn.q_proj.weight`, shape: [d, d], transpose: true },
      { ours: `${p}.attn.wk`, hf: `${q}.self_attn.k_proj.weight`, shape: [d, d], transpose: true },
      { ours: `${p}.attn.wv`, hf: `${q}.self_attn.v_proj.weight`, shape: [d, d], transpose: true },
      { ours: `${p}.attn.wo`, hf: `${q}.self_attn.o_proj.weight`, shape: [d, d], transpose: true },
      { ours: `${p}.mlpNorm`, hf: `${q}.post_attention_layernorm.weight`, shape: [d], transpose: false },
      { ours: `${p}.mlp.wGate`, hf: `${q}.mlp.gate_proj.weight`, shape: [d, h], transpose: true },
      { ours: `${p}.mlp.wUp`, hf: `${q}.mlp.up_proj.weight`, shape: [d, h], transpose: true },
      { ours: `${p}.mlp.wDown`, hf: `${q}.mlp.down_proj.weight`, shape: [h, d], transpose: true },
    );
  }
  out.push({ ours: 'finalNorm', hf: 'model.norm.weight', shape: [d], transpose: false });
  return out;
}

/** The shape a mapped tensor has on the HF side. */
export function hfShape(m: NameMapping): number[] {
  return m.transpose && m.shape.length === 2 ? [m.shape[1], m.shape[0]] : [...m.shape];
}

/** Row-major [rows, cols] → row-major [cols, rows]. */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  if (data.length !== rows * cols) throw new Error(`transpose: ${data.length} values do not form a ${rows}×${cols} matrix`);
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = data[base + c];
  }
  return out;
}
