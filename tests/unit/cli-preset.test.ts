// The preset CLI: lists presets, writes a preset's experiment at either budget, prints the headline
// readout of a results file, and exits 2 on bad input.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, runCli, scratchDirs } from './cli-helpers.ts';
import { EXPERIMENT_PRESETS, experimentPreset } from '../../src/lib/experiment/presets.ts';
import type { RunCurve } from '../../src/lib/experiment/results.ts';

const CLI = cliPath('preset.ts');
const dir = scratchDirs('synthlab-preset-')();

const cli = (args: string[]) => runCli(CLI, args);

const curve = (runId: string, name: string, share: number, web: number[], stories: number[]): RunCurve => ({
  runId,
  name,
  seed: 1234,
  share,
  notes: [],
  samples: [],
  status: 'done',
  points: web.map((w, i) => ({ step: i * 50, tokens: i * 19200, elapsedMs: i, trainLoss: 1, bpb: { web: w, stories: stories[i] }, probeRank: {}, probeExact: {}, pairs: null })),
});

describe('preset CLI', () => {
  it('lists the presets and writes their experiments', { timeout: 120_000 }, async () => {
    const [list, full, test] = await Promise.all([cli([]), cli(['mixture-sweep']), cli(['mixture-sweep', '--test'])]);
    expect(list.code).toBe(0);
    for (const p of EXPERIMENT_PRESETS) expect(list.stdout).toContain(p.id);
    expect(JSON.parse(full.stdout)).toEqual(experimentPreset('mixture-sweep')!.config());
    expect(JSON.parse(test.stdout)).toEqual(experimentPreset('mixture-sweep')!.testConfig());
  });

  it('prints the headline readout of a results file', { timeout: 120_000 }, async () => {
    const config = experimentPreset('synthetic-vs-web')!.testConfig();
    const file = join(dir, 'results.json');
    const runs = [curve('r0', 'synthetic', 1, [8, 5.2], [8, 2.5]), curve('r1', 'web', 0, [8, 4.1], [8, 3.6])];
    writeFileSync(file, JSON.stringify({ schema: 'synthlab-results/1', config, runs, heldout: [{ name: 'web', floorBpb: null, floorIsUpperBound: false }, { name: 'stories', floorBpb: 0.2, floorIsUpperBound: true }] }));
    const r = await cli(['synthetic-vs-web', '--readout', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Designed data vs web text: not measured$/m);
    expect(r.stdout).toContain('lower bits per byte on the synthetic held-out sets: shown — stories: 2.500 vs 3.600');
    expect(r.stdout).toContain('higher probe accuracy: not measured');
    expect(r.stdout).toMatch(/^synthetic +5\.200 +2\.500 +—$/m);
  });

  it('exits 2 on an unknown preset, option or a file that is not a results file', { timeout: 120_000 }, async () => {
    const notResults = join(dir, 'other.json');
    writeFileSync(notResults, JSON.stringify({ hello: 1 }));
    const cases: Array<[string[], RegExp]> = [
      [['nope'], /unknown preset "nope"/],
      [['tinystories', '--frob'], /unknown option --frob/],
      [['tinystories', '--readout'], /--readout needs a results file/],
      [['tinystories', '--readout', join(dir, 'missing.json')], /cannot read/],
      [['tinystories', '--readout', notResults], /not a results file of npm run experiment/],
    ];
    const results = await Promise.all(cases.map(([a]) => cli(a)));
    cases.forEach(([a, message], i) => {
      expect(results[i].code, a.join(' ')).toBe(2);
      expect(results[i].stderr).toMatch(message);
    });
  });
});
