// Exporting a phi-style model: Hugging Face PhiForCausalLM names and config.json, the style in the
// safetensors metadata, a round trip back into the lab, and the Llama export refusing it by name.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preset } from '../../src/lib/model/config.ts';
import { createModel, disposeModel, forwardLogits, modelValues, type Model } from '../../src/lib/model/model.ts';
import { initValues, paramSpecs } from '../../src/lib/model/params.ts';
import { Prng } from '../../src/lib/model/prng.ts';
import { exportLlama, importLlamaSafetensors } from '../../src/lib/export/llama.ts';
import { toLlamaConfig } from '../../src/lib/export/llama-config.ts';
import { parseSafetensors, readF32Tensor } from '../../src/lib/export/safetensors.ts';
import { checkpointToLlama } from '../../src/lib/export/checkpoint-weights.ts';
import { createTrainRun, disposeTrainRun, checkpointRun, encodeCheckpoint, trainConfig } from '../../src/lib/train/index.ts';
import { phiReferenceLogits } from './phi-reference.ts';
import { useCpu } from './model-helpers.ts';

const config = preset('nano', 23, { style: 'phi', nLayer: 2, dModel: 16, nHead: 2, mlpHidden: 20, contextLength: 8 });
const IDS = [3, 1, 4, 1, 5, 9, 2, 6];
let model: Model;

beforeAll(async () => {
  await useCpu();
  // Non-zero biases and norm parameters, so a misplaced bias would show.
  const values: Record<string, Float32Array> = {};
  for (const s of paramSpecs(config)) values[s.name] = s.init.dist === 'normal' ? initValues(s, 2).map((v) => v * 10) : new Prng(2, 'export', s.name).normalArray(s.shape.reduce((a, b) => a * b, 1), 0.3).map((v) => v + (s.init.dist === 'ones' ? 1 : 0));
  model = createModel(config, 2, values);
});
afterAll(() => disposeModel(model));

async function logits(m: Model): Promise<Float32Array> {
  const t = tf.tidy(() => forwardLogits(m, tf.tensor2d(Int32Array.from(IDS), [1, IDS.length], 'int32')));
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

/** [out, in] → [in, out], written here rather than taken from the exporter. */
const back = (w: Float32Array, out: number, inn: number) => Float32Array.from({ length: w.length }, (_, k) => w[(k % out) * inn + Math.floor(k / out)]);

describe('phi export', () => {
  it('writes PhiForCausalLM tensors and config; read back by hand from HF names, they give the model\'s logits', async () => {
    const { safetensors, config: hf } = await exportLlama(model, { separatorId: 0 });
    expect(hf).toMatchObject({ architectures: ['PhiForCausalLM'], model_type: 'phi', hidden_size: 16, intermediate_size: 20, num_hidden_layers: 2, partial_rotary_factor: 0.5, hidden_act: 'gelu_new', tie_word_embeddings: false, qk_layernorm: false, bos_token_id: 0 });
    const f = parseSafetensors(safetensors);
    expect(f.metadata['synthlab.style']).toBe('phi');
    const get = (n: string) => readF32Tensor(f, n).data;
    const d = 16, h = 20, V = 23;
    const ours: Record<string, Float32Array> = { embedding: get('model.embed_tokens.weight'), finalNorm: get('model.final_layernorm.weight'), finalNormBias: get('model.final_layernorm.bias'), head: back(get('lm_head.weight'), V, d), headBias: get('lm_head.bias') };
    for (let l = 0; l < 2; l++) {
      const q = `model.layers.${l}`;
      const p = `layers.${l}`;
      Object.assign(ours, {
        [`${p}.norm`]: get(`${q}.input_layernorm.weight`),
        [`${p}.normBias`]: get(`${q}.input_layernorm.bias`),
        [`${p}.attn.wq`]: back(get(`${q}.self_attn.q_proj.weight`), d, d),
        [`${p}.attn.bq`]: get(`${q}.self_attn.q_proj.bias`),
        [`${p}.attn.wk`]: back(get(`${q}.self_attn.k_proj.weight`), d, d),
        [`${p}.attn.bk`]: get(`${q}.self_attn.k_proj.bias`),
        [`${p}.attn.wv`]: back(get(`${q}.self_attn.v_proj.weight`), d, d),
        [`${p}.attn.bv`]: get(`${q}.self_attn.v_proj.bias`),
        [`${p}.attn.wo`]: back(get(`${q}.self_attn.dense.weight`), d, d),
        [`${p}.attn.bo`]: get(`${q}.self_attn.dense.bias`),
        [`${p}.mlp.wIn`]: back(get(`${q}.mlp.fc1.weight`), h, d),
        [`${p}.mlp.bIn`]: get(`${q}.mlp.fc1.bias`),
        [`${p}.mlp.wOut`]: back(get(`${q}.mlp.fc2.weight`), d, h),
        [`${p}.mlp.bOut`]: get(`${q}.mlp.fc2.bias`),
      });
    }
    expect(f.entries.length).toBe(Object.keys(ours).length);
    const ref = phiReferenceLogits(config, ours, IDS);
    const got = await logits(model);
    ref.forEach((row, t) => row.forEach((v, i) => expect(Math.abs(v - got[t * V + i])).toBeLessThan(2e-4)));
  });

  it('round-trips into the lab bit for bit', async () => {
    const { safetensors } = await exportLlama(model);
    const back2 = importLlamaSafetensors(safetensors);
    expect(back2.config).toEqual(config);
    const copy = createModel(back2.config, 1, back2.values);
    expect(Array.from(await logits(copy))).toEqual(Array.from(await logits(model)));
    const want = await modelValues(model);
    for (const [k, v] of Object.entries(want)) expect(Array.from(back2.values[k])).toEqual(Array.from(v));
    disposeModel(copy);
  });

  it('the Llama config refuses the phi style by name; a phi checkpoint exports as Phi', async () => {
    expect(() => toLlamaConfig(config)).toThrow(/LlamaForCausalLM cannot run the "phi" style .* export it as PhiForCausalLM/);
    const run = createTrainRun(config, trainConfig({ optimizer: 'adamw', batchSize: 1, totalSteps: 2, warmupSteps: 0, lr: 1e-3, weightDecay: 0, gradClip: 1 }), 4);
    const out = checkpointToLlama(encodeCheckpoint(await checkpointRun(run)));
    disposeTrainRun(run);
    expect(out.config.model_type).toBe('phi');
    expect(parseSafetensors(out.safetensors).entries.some((e) => e.name === 'lm_head.bias')).toBe(true);
  });
});
