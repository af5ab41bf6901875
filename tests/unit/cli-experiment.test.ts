// The headless runner as a user runs it: a process, a config file or a link, a results file.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyExperiment } from '../helpers/experiments.ts';
import { encodeExperimentLink } from '../../src/lib/link/experiment-link.ts';
import { RESULTS_SCHEMA, type ResultsDocument } from '../../src/lib/experiment/results-doc.ts';
import { modelConfigFor } from '../../src/lib/experiment/derived-configs.ts';
import { validateExperimentConfig } from '../../src/lib/experiment/config.ts';
import { paramCount, preset as modelPreset } from '../../src/lib/model/config.ts';
import { importTokenizer } from '../../src/lib/export/tokenizer-json.ts';
import { tokenizerDigest } from '../../src/lib/export/tokenizer-digest.ts';
import { decodeCheckpoint } from '../../src/lib/train/checkpoint.ts';

const dir = mkdtempSync(join(tmpdir(), 'synthlab-cli-'));
const run = (args: string[]) => spawnSync('npx', ['tsx', 'src/cli/experiment.ts', ...args], { encoding: 'utf8', timeout: 240_000 });

describe('npm run experiment (headless runner; wasm by default)', () => {
  it('runs a config file and writes every eval point of every run in the documented schema', () => {
    const config = tinyExperiment(20);
    const file = join(dir, 'tiny.json');
    const out = join(dir, 'results.json');
    writeFileSync(file, JSON.stringify(config));
    const r = run(['--config', file, '--out', out, '--checkpoints', join(dir, 'ck')]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as ResultsDocument;
    // Every top-level field README.md documents, and nothing else.
    expect(Object.keys(doc).sort()).toEqual(['aggregates', 'backend', 'config', 'corpus', 'finishedAt', 'heldout', 'model', 'probes', 'runs', 'schema', 'startedAt', 'tokenizer']);
    expect(doc.schema).toBe(RESULTS_SCHEMA);
    expect(doc.config).toEqual(config);
    expect(doc.backend).toBe('wasm');
    expect(doc.corpus.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    // The exact parameter count, in the document and in the banner.
    const parameters = paramCount(modelConfigFor(config, 257));
    expect(doc.model).toEqual({ parameters, style: 'llama', nLayer: 2, dModel: 32, nHead: 2, mlpHidden: 64, contextLength: 32, vocabSize: 257 });
    expect(r.stderr).toContain(`model: ${parameters} parameters`);
    expect(doc.heldout.map((h) => h.name)).toEqual(['stories']);
    expect(doc.heldout[0].documents).toBeGreaterThan(0);
    // The cloze probes are longer than this tiny model's 32-token context: counted, not scored, and said.
    expect(doc.probes).toEqual([{ family: 'stories', total: 4, outOfContext: 4 }]);
    expect(r.stderr).toMatch(/4 of 4 stories probes do not fit the 32-token context/);
    expect(doc.runs).toHaveLength(1);
    expect(doc.runs[0].points.map((p) => p.step)).toEqual([0, 10, 20]);
    for (const p of doc.runs[0].points) {
      // storyConsistent is recorded only when some sampled sentence is grammatical.
      expect(Object.keys(p).filter((k) => k !== 'storyConsistent').sort()).toEqual(['bpb', 'elapsedMs', 'pairs', 'probeBreakdown', 'probeExact', 'probeRank', 'step', 'storyGrammatical', 'storyParse', 'tokens', 'trainLoss']);
      expect(p.tokens).toBe(p.step * 4 * 32);
    }
    expect(doc.aggregates.map((a) => [a.name, a.runIds])).toEqual([['stories', ['r0']]]);
    expect(r.stdout).toMatch(/run\s+steps\s+bpb stories\s+pairs\s+story parse\s+grammatical/);
    expect(r.stdout).toMatch(/\(entropy floor\)/);
  }, 240_000);

  it('--resume continues from a checkpoint file to exactly the uninterrupted result', () => {
    const out = join(dir, 'resumed.json');
    const r = run(['--config', join(dir, 'tiny.json'), '--resume', join(dir, 'ck', 'r0.step10.slck'), '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/resuming r0 from its checkpoint/);
    const resumed = JSON.parse(readFileSync(out, 'utf8')) as ResultsDocument;
    const whole = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as ResultsDocument;
    expect(resumed.runs[0].points.map((p) => p.step)).toEqual([10, 20]);
    const { elapsedMs: _a, ...end } = resumed.runs[0].points[1];
    const { elapsedMs: _b, ...same } = whole.runs[0].points[2];
    expect(end).toEqual(same);
    // A file that is not a checkpoint of this experiment: exit 2 and the reason.
    const other = tinyExperiment(20);
    other.seed = 12;
    writeFileSync(join(dir, 'other.json'), JSON.stringify(other));
    const refused = run(['--config', join(dir, 'other.json'), '--resume', join(dir, 'ck', 'r0.step10.slck')]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/r0\.step10\.slck cannot resume this experiment: it was written by another experiment/);
  }, 240_000);

  it('reproduces the same curve exactly from a share link', async () => {
    const link = `http://127.0.0.1:5173/#${await encodeExperimentLink({ config: tinyExperiment(20) })}`;
    const out = join(dir, 'from-link.json');
    const r = run(['--link', link, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as ResultsDocument;
    const first = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as ResultsDocument;
    // Same seed, same code, wasm backend (deterministic, like cpu): every metric of every point is identical.
    const metrics = (d: ResultsDocument) => d.runs[0].points.map(({ elapsedMs: _t, ...rest }) => rest);
    expect(metrics(doc)).toEqual(metrics(first));
    expect(doc.corpus.fingerprint).toBe(first.corpus.fingerprint);
  }, 240_000);

  it('--steps shortens the run; --backend cpu runs there; a config asking for fused kernels runs with stock ops and says so', () => {
    const out = join(dir, 'short.json');
    const fused = tinyExperiment(20);
    fused.model.kernels = 'fused';
    writeFileSync(join(dir, 'fused.json'), JSON.stringify(fused));
    const r = run(['--config', join(dir, 'fused.json'), '--steps', '10', '--backend', 'cpu', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Fused kernels need WebGPU; training with stock tfjs ops on cpu/);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as ResultsDocument;
    expect(doc.backend).toBe('cpu');
    expect(doc.runs[0].points.map((p) => p.step)).toEqual([0, 10]);
  }, 240_000);

  it('--checkpoints DIR gets the tokenizer the runs trained with, whose digest every checkpoint records', () => {
    const config = { ...tinyExperiment(10), tokenizer: { kind: 'bpe' as const, vocabSize: 512 } };
    writeFileSync(join(dir, 'bpe.json'), JSON.stringify(config));
    const ck = join(dir, 'bpe-ck');
    const r = run(['--config', join(dir, 'bpe.json'), '--checkpoints', ck]);
    expect(r.status, r.stderr).toBe(0);
    const tok = importTokenizer(JSON.parse(readFileSync(join(ck, 'tokenizer.json'), 'utf8')));
    expect([tok.kind, tok.vocabSize]).toEqual(['bpe', 512]);
    const digest = tokenizerDigest(tok);
    expect(r.stderr).toContain(`tokenizer ${digest} written to ${join(ck, 'tokenizer.json')}`);
    const files = readdirSync(ck).filter((f) => f.endsWith('.slck')).sort();
    expect(files).toEqual(['r0.step0.slck', 'r0.step10.slck']);
    for (const f of files) expect(decodeCheckpoint(new Uint8Array(readFileSync(join(ck, f)))).origin?.tokenizer, f).toBe(digest);
    // export-weights pairs the checkpoint with the tokenizer beside it, checked by that digest.
    const exported = spawnSync('npx', ['tsx', 'src/cli/export-weights.ts', '--checkpoint', join(ck, 'r0.step10.slck'), '--out', join(dir, 'bpe-hf')], { encoding: 'utf8', timeout: 120_000 });
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/digest matches the checkpoint/);
    // Another experiment's tokenizer must not replace it: those checkpoints would lose theirs.
    const refused = run(['--config', join(dir, 'tiny.json'), '--steps', '10', '--checkpoints', ck]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/tokenizer\.json is not this experiment's tokenizer .*give --checkpoints a folder of its own/);
    expect(tokenizerDigest(importTokenizer(JSON.parse(readFileSync(join(ck, 'tokenizer.json'), 'utf8'))))).toBe(digest);
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

  it('ships examples/small.json: a valid synthetic-vs-web experiment on a model no bigger than nano', () => {
    const v = validateExperimentConfig(JSON.parse(readFileSync('examples/small.json', 'utf8')));
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.value.runs.map((r) => r.share)).toEqual([1, 0]);
    expect(paramCount(modelConfigFor(v.value, 257))).toBeLessThanOrEqual(paramCount(modelPreset('nano', 257)));
  });
});
