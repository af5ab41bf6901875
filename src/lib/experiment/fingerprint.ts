// A fingerprint of what determines an experiment's training, so a checkpoint file can be matched to the
// experiment that wrote it. Its name, its evaluation settings and the kernel choice (stock or fused
// ops compute the same model) do not change training, so they are left out.
import { sha256Hex } from '../corpus/index.ts';
import type { ExperimentConfig } from './config.ts';

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of the training setup: everything in the config except name, eval and model.kernels. */
export function trainingFingerprint(config: ExperimentConfig): string {
  const { name: _name, eval: _eval, model, ...rest } = config;
  const { kernels: _kernels, ...shape } = model;
  return sha256Hex(canonicalJson({ ...rest, model: shape }));
}
