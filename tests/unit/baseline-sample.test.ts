// The web text shipped with the lab (datasets/c4-en-sample.jsonl): pinned by the manifest, loaded only when
// it is that file, the baseline the page falls back to when the Hub cannot be reached, and one the headless
// runner reads from disk with no --web.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import manifest from '../../datasets/manifest.json';
import { BaselineError } from '../../src/lib/baseline/errors.ts';
import { fallbackMessage, loadSample, OFFLINE_SAMPLE, offlineFallback, sampleEntry } from '../../src/lib/baseline/sample.ts';
import { DEFAULT_HUB_BASELINE } from '../../src/lib/baseline/hub.ts';
import { fingerprintDocuments } from '../../src/lib/baseline/fingerprint.ts';
import { manifestProblems } from '../../src/lib/baseline/manifest.ts';
import { Sha256 } from '../../src/lib/corpus/sha256.ts';
import { validateExperimentConfig, type ExperimentConfig } from '../../src/lib/experiment/config.ts';
import { EXPERIMENT_PRESETS, matchesPreset, presetAtBudget } from '../../src/lib/experiment/presets.ts';
import { decodeExperimentLink, encodeExperimentLink, payloadFromHash } from '../../src/lib/link/experiment-link.ts';
import type { ResultsDocument } from '../../src/lib/experiment/results-doc.ts';
import { tinyExperiment } from '../helpers/experiments.ts';

const bytes = () => new Uint8Array(readFileSync(sampleEntry(OFFLINE_SAMPLE).source));

describe('the web-text sample shipped with the lab', () => {
  it('is listed in the manifest with its licence, and the file in datasets/ is the pinned one (a few MB at most)', () => {
    expect(manifestProblems(manifest)).toEqual([]);
    const entry = sampleEntry(OFFLINE_SAMPLE);
    expect(entry.source).toBe('datasets/c4-en-sample.jsonl');
    expect(entry.license).toBe('ODC-By-1.0');
    expect(entry.attribution).toMatch(/Raffel/);
    const b = bytes();
    expect(b.length).toBe(entry.bytes);
    expect(b.length).toBeLessThan(4e6);
    expect(new Sha256().update(b).digestHex()).toBe(entry.sha256);
  });

  it('loads as 1,000 documents and refuses a file that differs by one byte', async () => {
    const loaded = await loadSample(OFFLINE_SAMPLE, bytes());
    expect(loaded.docs).toHaveLength(1000);
    expect(loaded.fingerprint).toBe(fingerprintDocuments(loaded.docs));
    expect(loaded.source).toMatch(/shipped sample c4-en-offline-sample/);
    const altered = bytes();
    altered[100] ^= 1;
    await expect(loadSample(OFFLINE_SAMPLE, altered)).rejects.toMatchObject({ kind: 'checksum' });
  });

  it('an unknown sample id is refused by the config check, and a sample baseline survives a link', async () => {
    const config: ExperimentConfig = { ...tinyExperiment(10), baseline: { ...OFFLINE_SAMPLE }, runs: [{ name: 'web', share: 0 }] };
    expect(validateExperimentConfig(config).ok).toBe(true);
    const bad = validateExperimentConfig({ ...config, baseline: { kind: 'sample', id: '../../etc/passwd' } });
    expect(bad.ok).toBe(false);
    const link = await encodeExperimentLink({ config });
    expect(await decodeExperimentLink(payloadFromHash(`#${link}`)!)).toEqual({ ok: true, value: { config } });
  });

  it('falls back only from a Hub download that failed for want of a network, and never while resuming', () => {
    const hub: ExperimentConfig = { ...tinyExperiment(10), baseline: { ...DEFAULT_HUB_BASELINE }, runs: [{ name: 'web', share: 0 }] };
    const offline = new BaselineError('Could not reach https://huggingface.co/… (Failed to fetch).', 'network');
    expect(offlineFallback(hub, offline, false)).toEqual({ ...hub, baseline: OFFLINE_SAMPLE });
    expect(offlineFallback(hub, offline, true)).toBeNull();
    expect(offlineFallback(hub, new BaselineError('no column "text"', 'column'), false)).toBeNull();
    expect(offlineFallback(hub, new BaselineError('cancelled', 'aborted'), false)).toBeNull();
    expect(offlineFallback(hub, new Error('something else'), false)).toBeNull();
    expect(offlineFallback({ ...hub, baseline: { kind: 'local', name: 'a.txt', fingerprint: 'f'.repeat(64), bytes: 10 } }, offline, false)).toBeNull();
    expect(fallbackMessage(offline)).toMatch(/Hub could not be reached.*C4 \(en\).*ODC-By-1\.0.*link records this baseline/);
  });

  it('a preset racing the sample instead of the Hub is still that preset, at either budget', () => {
    for (const p of EXPERIMENT_PRESETS) {
      for (const budget of ['standard', 'long'] as const) {
        const c = presetAtBudget(p, budget);
        if (c.baseline.kind !== 'hub') continue;
        expect(matchesPreset(p, { ...c, baseline: { ...OFFLINE_SAMPLE } }), `${p.id} ${budget}`).toBe(true);
        expect(matchesPreset(p, { ...c, baseline: { kind: 'none' } })).toBe(false);
      }
    }
  });

  it('the headless runner reads it from datasets/ when the experiment names it, with no --web', () => {
    const dir = mkdtempSync(join(tmpdir(), 'synthlab-sample-'));
    const config: ExperimentConfig = { ...tinyExperiment(4), eval: { every: 4, tokens: 64, probesPerFamily: 2, samples: false }, baseline: { ...OFFLINE_SAMPLE }, runs: [{ name: 'web', share: 0 }] };
    writeFileSync(join(dir, 'c.json'), JSON.stringify(config));
    const r = spawnSync('npx', ['tsx', 'src/cli/experiment.ts', '--config', join(dir, 'c.json'), '--out', join(dir, 'r.json')], { encoding: 'utf8', timeout: 240_000 });
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as ResultsDocument;
    expect(doc.heldout.map((h) => h.name)).toContain('web');
    expect(doc.runs[0].points.at(-1)?.bpb.web).toBeGreaterThan(0);
  }, 240_000);
});
