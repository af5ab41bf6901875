// The headless runner as a user runs it: a process, a config file or a link, a results file.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyExperiment } from '../helpers/experiments.ts';
import { encodeExperimentLink } from '../../src/lib/link/experiment-link.ts';
import { RESULTS_SCHEMA, type ResultsDocument } from '../../src/lib/experiment/results-doc.ts';

const dir = mkdtempSync(join(tmpdir(), 'synthlab-cli-'));
const run = (args: string[]) => spawnSync('npx', ['tsx', 'src/cli/experiment.ts', ...args], { encoding: 'utf8', timeout: 240_000 });

describe('npm run experiment (headless runner, cpu)', () => {
  it('runs a config file and writes every eval point of every run in the documented schema', () => {
    const config = tinyExperiment(20);
    const file = join(dir, 'tiny.json');
    const out = join(dir, 'results.json');
    writeFileSync(file, JSON.stringify(config));
    const r = run(['--config', file, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as ResultsDocument;
    expect(doc.schema).toBe(RESULTS_SCHEMA);
    expect(doc.config).toEqual(config);
    expect(doc.backend).toBe('cpu');
    expect(doc.corpus.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.heldout.map((h) => h.name)).toEqual(['stories']);
    expect(doc.runs).toHaveLength(1);
    expect(doc.runs[0].points.map((p) => p.step)).toEqual([0, 10, 20]);
    for (const p of doc.runs[0].points) {
      expect(Object.keys(p).sort()).toEqual(['bpb', 'elapsedMs', 'pairs', 'probeExact', 'probeRank', 'step', 'tokens', 'trainLoss']);
      expect(p.tokens).toBe(p.step * 4 * 32);
    }
    expect(r.stdout).toMatch(/run\s+steps\s+bpb stories/);
    expect(r.stdout).toMatch(/\(entropy floor\)/);
  }, 240_000);

  it('reproduces the same curve exactly from a share link', async () => {
    const link = `http://127.0.0.1:5173/#${await encodeExperimentLink({ config: tinyExperiment(20) })}`;
    const out = join(dir, 'from-link.json');
    const r = run(['--link', link, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as ResultsDocument;
    const first = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as ResultsDocument;
    // Same seed, same code, cpu backend: every metric of every point is identical.
    const metrics = (d: ResultsDocument) => d.runs[0].points.map(({ elapsedMs: _t, ...rest }) => rest);
    expect(metrics(doc)).toEqual(metrics(first));
    expect(doc.corpus.fingerprint).toBe(first.corpus.fingerprint);
  }, 240_000);

  it('--steps shortens the run; a config asking for fused kernels runs on cpu with stock ops and says so', () => {
    const out = join(dir, 'short.json');
    const fused = tinyExperiment(20);
    fused.model.kernels = 'fused';
    writeFileSync(join(dir, 'fused.json'), JSON.stringify(fused));
    const r = run(['--config', join(dir, 'fused.json'), '--steps', '10', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Fused kernels need WebGPU; training with stock tfjs ops on cpu/);
    expect((JSON.parse(readFileSync(out, 'utf8')) as ResultsDocument).runs[0].points.map((p) => p.step)).toEqual([0, 10]);
  }, 240_000);

  it('rejects bad arguments and bad configs with a clear message and exit code 2', () => {
    expect(run([]).status).toBe(2);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...tinyExperiment(), train: { steps: -1 } }));
    const r = run(['--config', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is not a valid experiment/);
    expect(run(['--link', 'https://x/#x=%%%']).stderr).toMatch(/not a valid synthlab experiment/);
  });
});
