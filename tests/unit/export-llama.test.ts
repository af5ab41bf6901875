// Llama export: the round trip (export → import into a fresh model → identical logits), the HF config,
// and — because a round trip alone would pass with two cancelling mistakes — an independent forward pass
// written the way HF LlamaForCausalLM computes (y = x·Wᵀ with W [out, in], rotate_half RoPE with
// inv_freq = θ^(−2i/hd), tied head), run on the exported tensors and compared with our model's logits.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, disposeModel, forwardLogits, modelValues, type Model } from '../../src/lib/model/model.ts';
import type { ModelConfig } from '../../src/lib/model/config.ts';
import { exportLlama, importLlamaSafetensors, encodeLlamaSafetensors } from '../../src/lib/export/llama.ts';
import { fromLlamaConfig, toLlamaConfig } from '../../src/lib/export/llama-config.ts';
import { llamaNameMapping } from '../../src/lib/export/llama-names.ts';
import { encodeSafetensors, parseSafetensors, readF32Tensor } from '../../src/lib/export/safetensors.ts';
import { int2d, tinyConfig, useCpu } from './model-helpers.ts';

const IDS = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];
const B = 2;
const T = 6;

async function logitsOf(model: Model): Promise<Float32Array> {
  const t = tf.tidy(() => forwardLogits(model, int2d(IDS, B, T)));
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

/** HF-convention Llama forward for one sequence, in float64, reading tensors by their HF names. */
function hfReferenceLogits(cfg: ReturnType<typeof toLlamaConfig>, get: (name: string) => Float32Array, ids: number[]): number[][] {
  const d = cfg.hidden_size;
  const H = cfg.num_attention_heads;
  const hd = d / H;
  const inter = cfg.intermediate_size;
  const linear = (x: number[], w: Float32Array, outDim: number, inDim: number) => {
    const y = new Array<number>(outDim).fill(0);
    for (let o = 0; o < outDim; o++) for (let i = 0; i < inDim; i++) y[o] += x[i] * w[o * inDim + i]; // W [out, in]
    return y;
  };
  const rms = (x: number[], g: Float32Array) => {
    const ms = x.reduce((a, v) => a + v * v, 0) / x.length;
    const r = 1 / Math.sqrt(ms + cfg.rms_norm_eps);
    return x.map((v, i) => v * r * g[i]);
  };
  const rope = (v: number[], pos: number) => {
    const out = v.slice();
    for (let h = 0; h < H; h++) {
      for (let i = 0; i < hd / 2; i++) {
        const ang = pos * Math.pow(cfg.rope_theta, (-2 * i) / hd);
        const a = v[h * hd + i];
        const b = v[h * hd + i + hd / 2];
        out[h * hd + i] = a * Math.cos(ang) - b * Math.sin(ang); // q·cos + rotate_half(q)·sin
        out[h * hd + i + hd / 2] = b * Math.cos(ang) + a * Math.sin(ang);
      }
    }
    return out;
  };
  const emb = get('model.embed_tokens.weight');
  let xs = ids.map((id) => Array.from(emb.subarray(id * d, (id + 1) * d)));
  for (let l = 0; l < cfg.num_hidden_layers; l++) {
    const p = `model.layers.${l}`;
    const hs = xs.map((x) => rms(x, get(`${p}.input_layernorm.weight`)));
    const q = hs.map((h, t) => rope(linear(h, get(`${p}.self_attn.q_proj.weight`), d, d), t));
    const k = hs.map((h, t) => rope(linear(h, get(`${p}.self_attn.k_proj.weight`), d, d), t));
    const v = hs.map((h) => linear(h, get(`${p}.self_attn.v_proj.weight`), d, d));
    const att = xs.map((_, t) => {
      const y = new Array<number>(d).fill(0);
      for (let h = 0; h < H; h++) {
        const s = [];
        for (let u = 0; u <= t; u++) {
          let dot = 0;
          for (let i = 0; i < hd; i++) dot += q[t][h * hd + i] * k[u][h * hd + i];
          s.push(dot / Math.sqrt(hd));
        }
        const m = Math.max(...s);
        const e = s.map((z) => Math.exp(z - m));
        const z = e.reduce((a, b) => a + b, 0);
        for (let u = 0; u <= t; u++) for (let i = 0; i < hd; i++) y[h * hd + i] += (e[u] / z) * v[u][h * hd + i];
      }
      return linear(y, get(`${p}.self_attn.o_proj.weight`), d, d);
    });
    xs = xs.map((x, t) => x.map((val, i) => val + att[t][i]));
    const mlp = xs.map((x) => {
      const h = rms(x, get(`${p}.post_attention_layernorm.weight`));
      const g = linear(h, get(`${p}.mlp.gate_proj.weight`), inter, d);
      const u = linear(h, get(`${p}.mlp.up_proj.weight`), inter, d);
      const a = g.map((gv, i) => (gv / (1 + Math.exp(-gv))) * u[i]);
      return linear(a, get(`${p}.mlp.down_proj.weight`), d, inter);
    });
    xs = xs.map((x, t) => x.map((val, i) => val + mlp[t][i]));
  }
  const V = cfg.vocab_size;
  return xs.map((x) => linear(rms(x, get('model.norm.weight')), emb, V, d)); // tied head: E [V, d] as a Linear
}

describe('Llama safetensors export', () => {
  // Two layers, 4 heads of width 4, a non-square MLP and non-default eps/θ so every field and transpose matters.
  const config: ModelConfig = tinyConfig({ nLayer: 2, dModel: 16, nHead: 4, mlpHidden: 24, normEps: 1e-4, ropeBase: 500 });
  let model: Model;
  beforeAll(async () => {
    await useCpu();
    model = createModel(config, 'export-llama');
  });
  afterAll(() => disposeModel(model));

  it('round-trips: export → import into a fresh model gives identical logits and values', async () => {
    const { safetensors } = await exportLlama(model);
    const { config: back, values } = importLlamaSafetensors(safetensors);
    expect(back).toEqual(config);
    const fresh = createModel(back, 'a different seed', values);
    try {
      expect(Array.from(await logitsOf(fresh))).toEqual(Array.from(await logitsOf(model)));
      const orig = await modelValues(model);
      for (const [name, v] of Object.entries(orig)) expect(Array.from(values[name]), name).toEqual(Array.from(v));
    } finally {
      disposeModel(fresh);
    }
  });

  it('writes HF names and [out, in] shapes, tied (no lm_head), with format "pt" metadata', async () => {
    const { safetensors } = await exportLlama(model);
    const f = parseSafetensors(safetensors);
    const byName = new Map(f.entries.map((e) => [e.name, e.shape]));
    expect(byName.get('model.embed_tokens.weight')).toEqual([13, 16]);
    expect(byName.get('model.layers.1.self_attn.q_proj.weight')).toEqual([16, 16]);
    expect(byName.get('model.layers.0.mlp.gate_proj.weight')).toEqual([24, 16]);
    expect(byName.get('model.layers.0.mlp.up_proj.weight')).toEqual([24, 16]);
    expect(byName.get('model.layers.0.mlp.down_proj.weight')).toEqual([16, 24]);
    expect(byName.get('model.layers.1.post_attention_layernorm.weight')).toEqual([16]);
    expect(byName.get('model.norm.weight')).toEqual([16]);
    expect(byName.has('lm_head.weight')).toBe(false);
    expect(f.entries.length).toBe(1 + 2 * 9 + 1);
    expect(f.metadata.format).toBe('pt');
    // The gate projection's HF row j is our column j: W_hf[j][i] = W_ours[i][j].
    const ours = (await modelValues(model))['layers.0.mlp.wGate'];
    const hf = readF32Tensor(f, 'model.layers.0.mlp.gate_proj.weight').data;
    expect(hf[5 * 16 + 3]).toBe(ours[3 * 24 + 5]);
  });

  it('matches an independent HF-convention forward pass on the exported tensors', async () => {
    const { safetensors, config: hf } = await exportLlama(model);
    if (hf.model_type !== 'llama') throw new Error(`expected a Llama config, got ${hf.model_type}`);
    const f = parseSafetensors(safetensors);
    const get = (name: string) => readF32Tensor(f, name).data;
    const ours = await logitsOf(model);
    const V = config.vocabSize;
    for (let b = 0; b < B; b++) {
      const ref = hfReferenceLogits(hf, get, IDS.slice(b * T, (b + 1) * T));
      for (let t = 0; t < T; t++) for (let v = 0; v < V; v++) expect(ours[(b * T + t) * V + v]).toBeCloseTo(ref[t][v], 4);
    }
  });

  it('maps every config field to LlamaConfig and back', () => {
    const hf = toLlamaConfig(config, 7);
    expect(hf).toMatchObject({
      architectures: ['LlamaForCausalLM'],
      model_type: 'llama',
      vocab_size: 13,
      hidden_size: 16,
      intermediate_size: 24,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      num_key_value_heads: 4,
      head_dim: 4,
      hidden_act: 'silu',
      max_position_embeddings: 6,
      rms_norm_eps: 1e-4,
      rope_theta: 500,
      tie_word_embeddings: true,
      attention_bias: false,
      mlp_bias: false,
      bos_token_id: 7,
      eos_token_id: 7,
    });
    expect(fromLlamaConfig(JSON.parse(JSON.stringify(hf)))).toEqual(config);
    expect(() => toLlamaConfig(config, 13)).toThrow(/outside the vocabulary/);
    expect(() => fromLlamaConfig({ ...hf, num_key_value_heads: 2 })).toThrow(/grouped-query/);
    expect(() => fromLlamaConfig({ ...hf, tie_word_embeddings: false, hidden_act: 'gelu' })).toThrow(/silu[\s\S]*tie_word_embeddings/);
  });

  it('imports a file without our metadata given the config, and tolerates an identical lm_head', async () => {
    const values = await modelValues(model);
    const tensors = llamaNameMapping(config).map((m) => readF32Tensor(parseSafetensors(encodeLlamaSafetensors(config, values)), m.hf));
    const withHead = encodeSafetensors([...tensors, { name: 'lm_head.weight', shape: [13, 16], data: values.embedding }], { format: 'pt' });
    expect(() => importLlamaSafetensors(withHead)).toThrow(/pass the model config/);
    const { values: back } = importLlamaSafetensors(withHead, config);
    expect(Array.from(back['layers.1.attn.wo'])).toEqual(Array.from(values['layers.1.attn.wo']));
    const untied = encodeSafetensors([...tensors, { name: 'lm_head.weight', shape: [13, 16], data: new Float32Array(13 * 16) }]);
    expect(() => importLlamaSafetensors(untied, config)).toThrow(/untied output head/);
    expect(() => importLlamaSafetensors(encodeSafetensors(tensors.slice(1)), config)).toThrow(/no tensor named "model.embed_tokens.weight"/);
    expect(() => importLlamaSafetensors(encodeLlamaSafetensors(config, values), { ...config, mlpHidden: 12 })).toThrow(/shape \[24, 16\], the config needs \[12, 16\]/);
  });
});
