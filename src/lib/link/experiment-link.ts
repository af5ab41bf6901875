// The share link: `#x=<payload>` where the payload is the experiment config and, optionally, its
// recorded curves. Opening a link yields either a valid experiment or errors that say what was wrong.
import { validateExperimentConfig, type ExperimentConfig } from '../experiment/config.ts';
import { compactRuns, compactRunValidator, expandRuns } from '../experiment/compact-results.ts';
import type { RunCurve } from '../experiment/results.ts';
import { isPlainRecord, list, type Result } from '../schema/validate.ts';
import { decodePayload, encodePayload } from './codec.ts';

export const LINK_PARAM = 'x';

export interface SharedExperiment {
  config: ExperimentConfig;
  /** Curves recorded by whoever shared the link, shown before any training. */
  recorded?: RunCurve[];
}

export async function encodeExperimentLink(shared: SharedExperiment): Promise<string> {
  const payload = shared.recorded?.length ? { c: shared.config, r: compactRuns(shared.recorded) } : { c: shared.config };
  return `${LINK_PARAM}=${await encodePayload(payload)}`;
}

/** Reads the experiment from a location hash ("#x=..."), or returns null when the hash holds none. */
export function payloadFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get(LINK_PARAM);
}

const recordedRuns = list(compactRunValidator, { min: 0, max: 40 });

export async function decodeExperimentLink(payload: string): Promise<Result<SharedExperiment>> {
  const decoded = await decodePayload(payload);
  if (!decoded.ok) return decoded;
  const v = decoded.value;
  if (!isPlainRecord(v)) return { ok: false, errors: ['link: its payload is not an experiment'] };
  const extra = Object.keys(v).filter((k) => k !== 'c' && k !== 'r');
  if (extra.length) return { ok: false, errors: [`link: unknown part "${extra[0].slice(0, 20)}"`] };
  const config = validateExperimentConfig(v.c);
  if (!config.ok) return config;
  if (v.r === undefined) return { ok: true, value: { config: config.value } };
  const runs = recordedRuns(v.r, 'results.runs');
  if (!runs.ok) return runs;
  const expanded = expandRuns(runs.value);
  if (!expanded.ok) return expanded;
  return { ok: true, value: { config: config.value, recorded: expanded.value } };
}
