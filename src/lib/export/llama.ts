// Model weights ↔ a safetensors file that Hugging Face `LlamaForCausalLM.from_pretrained` loads as is
// (next to the config.json from toLlamaConfig). Names and transposes are in llama-names.ts.
import { assertModelConfig, styleOf, type ModelConfig } from '../model/config.ts';
import { modelValues, type Model } from '../model/model.ts';
import { sizeOf } from '../model/params.ts';
import { hfShape, transpose2d } from './llama-names.ts';
import { hfConfigFor, hfNameMapping, type HfConfigJSON } from './hf-model.ts';
import { encodeSafetensors, parseSafetensors, readF32Tensor, SafetensorsError, type F32Tensor } from './safetensors.ts';

export const LLAMA_EXPORT_FORMAT = 'synthlab-llama/1';

/** Metadata keys we write. `format: "pt"` is required: transformers refuses safetensors without it. */
const META_CONFIG = 'synthlab.config';
const META_FORMAT = 'synthlab.format';
/** The model's style (llama or phi), so a reader knows the HF architecture without parsing the config. */
const META_STYLE = 'synthlab.style';

/** Our values (keyed by our names) → HF-named tensors in HF layout, in our parameter order. */
export function toLlamaTensors(config: ModelConfig, values: Readonly<Record<string, Float32Array>>): F32Tensor[] {
  return hfNameMapping(config).map((m) => {
    const v = values[m.ours];
    if (!v) throw new Error(`missing values for parameter ${m.ours}`);
    if (v.length !== sizeOf(m.shape)) throw new Error(`parameter ${m.ours}: expected ${sizeOf(m.shape)} values, got ${v.length}`);
    const data = m.transpose ? transpose2d(v, m.shape[0], m.shape[1] ?? 1) : v;
    return { name: m.hf, shape: hfShape(m), data };
  });
}

/** A safetensors file of `values`; our config travels in the metadata so the file alone can be re-imported. */
export function encodeLlamaSafetensors(config: ModelConfig, values: Readonly<Record<string, Float32Array>>, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  assertModelConfig(config);
  return encodeSafetensors(toLlamaTensors(config, values), { ...metadata, format: 'pt', [META_FORMAT]: LLAMA_EXPORT_FORMAT, [META_STYLE]: styleOf(config), [META_CONFIG]: JSON.stringify(config) });
}

export interface LlamaExport {
  /** model.safetensors */
  safetensors: Uint8Array;
  /** config.json (LlamaForCausalLM or PhiForCausalLM, by the model's style) */
  config: HfConfigJSON;
}

/** Reads the model's weights back from the device (async) and packages them for Hugging Face. */
export async function exportLlama(model: Model, opts: { separatorId?: number; metadata?: Record<string, string> } = {}): Promise<LlamaExport> {
  const values = await modelValues(model);
  return { safetensors: encodeLlamaSafetensors(model.config, values, opts.metadata), config: hfConfigFor(model.config, opts.separatorId) };
}

/** Names HF may store that carry no weights of their own (recomputed buffers). */
const IGNORED = /\.rotary_emb\.inv_freq$/;

/**
 * Safetensors (ours, or a HF Llama saved in float32 with the same architecture) → our parameter values.
 * `config` defaults to the one in the file's metadata; pass fromLlamaConfig(config.json) for foreign files.
 * Every expected tensor must be present with its exact HF shape; unknown tensors are an error, except a
 * `lm_head.weight` identical to the embedding (some tools write the tied head out).
 */
export function importLlamaSafetensors(bytes: Uint8Array, config?: ModelConfig): { config: ModelConfig; values: Record<string, Float32Array> } {
  const file = parseSafetensors(bytes);
  let c = config;
  if (!c) {
    const raw = file.metadata[META_CONFIG];
    if (raw === undefined) throw new SafetensorsError(`no "${META_CONFIG}" in the file's metadata; pass the model config (fromLlamaConfig of config.json)`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new SafetensorsError(`metadata "${META_CONFIG}" is not valid JSON`);
    }
    assertModelConfig(parsed);
    c = parsed;
  }
  const mapping = hfNameMapping(c);
  const known = new Set(mapping.map((m) => m.hf));
  const values: Record<string, Float32Array> = {};
  for (const m of mapping) {
    const t = readF32Tensor(file, m.hf);
    const want = hfShape(m);
    if (t.shape.length !== want.length || t.shape.some((d, i) => d !== want[i])) {
      throw new SafetensorsError(`tensor "${m.hf}" has shape [${t.shape.join(', ')}], the config needs [${want.join(', ')}]`);
    }
    values[m.ours] = m.transpose ? transpose2d(t.data, want[0], want[1]) : t.data;
  }
  for (const e of file.entries) {
    if (known.has(e.name) || IGNORED.test(e.name)) continue;
    if (e.name === 'lm_head.weight' && styleOf(c) === 'llama' && sameValues(readF32Tensor(file, e.name).data, values.embedding)) continue;
    throw new SafetensorsError(`unexpected tensor "${e.name}" (${e.name === 'lm_head.weight' ? 'an untied output head cannot be represented' : 'not part of this architecture'})`);
  }
  return { config: c, values };
}

function sameValues(a: Float32Array, b: Float32Array | undefined): boolean {
  if (!b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
