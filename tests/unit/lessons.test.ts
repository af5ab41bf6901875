// The lessons sweep: the verdict over seeds, the docs renderer, and `npm run lessons` itself (a real
// reduced-budget run, resumed and reproduced).
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckId, HeadlineCheck, HeadlineReadout } from '../../src/lib/experiment/headline.ts';
import { MARKERS, presetsSection, readmeTable, replaceBetween } from '../../src/lib/lessons/docs.ts';
import { LESSONS_SCHEMA, lessonsTable, mergeEntries, type LessonsReport } from '../../src/lib/lessons/report.ts';
import { combineSeeds, formatEffect } from '../../src/lib/lessons/verdict.ts';
import { cliPath, runCli, scratchDirs } from './cli-helpers.ts';

function readout(checks: Array<Partial<HeadlineCheck> & { id: CheckId; value?: number; neutral?: number; margin?: number }>): HeadlineReadout {
  return {
    kind: 'synthetic-vs-web',
    verdict: 'shown',
    summary: '',
    table: { columns: [], rows: [] },
    notes: [],
    checks: checks.map((c) => ({
      id: c.id,
      claim: c.claim ?? `claim ${c.id}`,
      verdict: c.verdict ?? 'shown',
      detail: '',
      primary: c.primary ?? true,
      ...(c.value === undefined ? {} : { effect: { value: c.value, margin: c.margin ?? 0.05, neutral: c.neutral ?? 0, lowerBound: false } }),
    })),
  };
}

describe('verdict over seeds', () => {
  it('shows a check only when the mean clears the margin and every seed points the expected way', () => {
    const seeds = [
      readout([{ id: 'probe', value: 0.2 }, { id: 'web-bpb', value: 0.3 }, { id: 'synthetic-bpb', value: 0.06 }]),
      readout([{ id: 'probe', value: -0.01 }, { id: 'web-bpb', value: 0.02 }, { id: 'synthetic-bpb', value: 0.04 }]),
      readout([{ id: 'probe', value: 0.2 }, { id: 'web-bpb', value: 0.04 }, { id: 'synthetic-bpb', value: 0.03 }]),
    ].map((r, i) => ({ seed: [1234, 1, 2][i], readout: r }));
    const [probe, web, synth] = combineSeeds(seeds);
    // Mean 0.13 clears 0.05, but seed 1 points backwards.
    expect(probe.mean).toBeCloseTo(0.13, 10);
    expect(probe.shown).toBe(false);
    // Every seed positive, mean 0.12: shown even though two seeds alone miss the margin.
    expect(web.shown).toBe(true);
    // Every seed positive, mean 0.043 < 0.05.
    expect(synth.shown).toBe(false);
    expect(probe.seeds.map((s) => s.seed)).toEqual([1234, 1, 2]);
  });

  it('a seed without a measurement, or a check one seed lacks, is not shown; ratios point the way above 1', () => {
    const r = combineSeeds([
      { seed: 1, readout: readout([{ id: 'clean-faster', value: 1.5, neutral: 1, margin: 1.2 }, { id: 'tag-faster', value: 1.3, neutral: 1, margin: 1.2, primary: false }]) },
      { seed: 2, readout: readout([{ id: 'clean-faster', value: 1.3, neutral: 1, margin: 1.2 }, { id: 'tag-faster', verdict: 'not measured', primary: false }]) },
      { seed: 3, readout: readout([{ id: 'clean-faster', value: 1.1, neutral: 1, margin: 1.2 }]) },
    ]);
    expect(r.map((c) => c.id)).toEqual(['clean-faster', 'tag-faster']);
    expect(r[0].shown).toBe(true); // mean 1.3, every ratio above 1
    expect(r[1].mean).toBeNull();
    expect(r[1].shown).toBe(false);
    expect(r[1].primary).toBe(false);
    expect(r[1].seeds.map((s) => s.verdict)).toEqual(['shown', 'not measured', 'not measured']);
  });

  it('formats differences signed and ratios with ×', () => {
    expect(formatEffect(0.1234, 0)).toBe('+0.123');
    expect(formatEffect(-0.5, 0)).toBe('−0.500');
    expect(formatEffect(1.5, 1)).toBe('1.50×');
    expect(formatEffect(12.4, 1, true)).toBe('>12×');
    expect(formatEffect(null, 0)).toBe('—');
  });
});

const REPORT: LessonsReport = {
  schema: LESSONS_SCHEMA,
  createdAt: '2026-12-04T12:00:00.000Z',
  commit: 'abc1234',
  backend: 'wasm',
  machine: { cpus: 2, cpuModel: 'Test CPU', memoryGiB: 24, node: 'v20.20.2', platform: 'linux-x64' },
  budget: 'full',
  presets: [
    {
      id: 'knowledge-paraphrases',
      title: 'Knowledge needs paraphrases',
      expected: 'More | answers.',
      budget: 'full',
      seeds: [1234, 1],
      runs: [{ seed: 1234, wallSeconds: 100, results: 'a.json', backend: 'wasm' }, { seed: 1, wallSeconds: 200, results: 'b.json', backend: 'wasm' }],
      tokensPerRun: 307200,
      budgetText: 'Seed 1234. Budget: each run trains on 600 steps × 16 sequences × 32 tokens = 307k tokens.',
      shown: true,
      checks: combineSeeds([
        { seed: 1234, readout: readout([{ id: 'paraphrase-gap', value: 0.5 }]) },
        { seed: 1, readout: readout([{ id: 'paraphrase-gap', value: 0.3 }]) },
      ]),
    },
  ],
};

describe('lessons docs', () => {
  it('renders the README table and the presets section from the report', () => {
    const table = readmeTable(REPORT);
    expect(table).toContain('| Knowledge needs paraphrases | More \\| answers. | **shown** on seeds 1234, 1: paraphrase-gap +0.400 (≥ 0.05) shown | 3.3 min |');
    const section = presetsSection(REPORT);
    expect(section).toContain('### Knowledge needs paraphrases — **shown** on seeds 1234, 1');
    expect(section).toContain('| claim paraphrase-gap (`paraphrase-gap`) | +0.500 | +0.300 | +0.400 | ≥ 0.05 | shown |');
    expect(section).toContain('Budget: each run trains on 600 steps × 16 sequences × 32 tokens = 307k tokens. Wall time per seed (all runs, evaluation included): 1234: 1.7 min, 1: 3.3 min.');
    expect(lessonsTable(REPORT)).toMatch(/paraphrase-gap\s+\+0\.500\s+\+0\.300\s+\+0\.400\s+≥ 0\.05\s+shown/);
  });

  it('replaces only the text between its markers, and refuses a document without them', () => {
    const doc = `intro\n${MARKERS.readme[0]}\nold\n${MARKERS.readme[1]}\noutro\n`;
    expect(replaceBetween(doc, MARKERS.readme, 'new')).toBe(`intro\n${MARKERS.readme[0]}\nnew\n${MARKERS.readme[1]}\noutro\n`);
    expect(() => replaceBetween('no markers', MARKERS.readme, 'x')).toThrow(/markers/);
  });

  it('the committed docs show exactly what the committed report says', () => {
    const report = JSON.parse(readFileSync('docs/lessons-report.json', 'utf8')) as LessonsReport;
    expect(report.schema).toBe(LESSONS_SCHEMA);
    for (const [file, which, render] of [['README.md', 'readme', readmeTable], ['docs/presets.md', 'presets', presetsSection]] as const) {
      const doc = readFileSync(file, 'utf8');
      expect(replaceBetween(doc, MARKERS[which], render(report)), `${file} is out of date: run npm run lessons -- --docs`).toBe(doc);
    }
  });
});

describe('merging a report with the one before it', () => {
  const entry = (id: string, seeds: number[]) => ({ ...REPORT.presets[0], id, seeds });
  const order = ['a', 'b', 'c'];
  it('replaces what was measured, keeps the rest, and keeps an entry whose runs are not here', () => {
    const previous: LessonsReport = { ...REPORT, presets: [entry('a', [1]), entry('b', [1]), entry('c', [1])] };
    const merged = mergeEntries(previous, [entry('c', [1234, 1]), entry('b', [])], REPORT.budget, REPORT.backend, order);
    expect(merged.map((e) => [e.id, e.seeds])).toEqual([['a', [1]], ['b', [1]], ['c', [1234, 1]]]);
  });
  it('keeps nothing from a report of another budget or backend', () => {
    const previous: LessonsReport = { ...REPORT, backend: 'cpu', presets: [entry('a', [1])] };
    expect(mergeEntries(previous, [entry('b', [2])], REPORT.budget, REPORT.backend, order).map((e) => e.id)).toEqual(['b']);
  });
});

describe('npm run lessons', () => {
  const scratch = scratchDirs('synthlab-lessons-');
  const lessons = cliPath('lessons.ts');

  it('refuses bad arguments with exit code 2', async () => {
    for (const args of [['--preset', 'nope'], ['--seeds', '0'], ['--seeds', '1,1'], ['--budget', 'huge'], ['--jobs', '0'], ['--backend', 'tpu'], ['--frobnicate']]) {
      const r = await runCli(lessons, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('usage: npm run lessons');
    }
  });

  it('runs a preset on a seed, resumes without rerunning, and a fresh rerun reproduces its figures (web text: the shipped sample)', async () => {
    const dir = scratch();
    const args = (runs: string, out: string) => ['--preset', 'knowledge-paraphrases', '--budget', 'test', '--seeds', '1234', '--jobs', '1', '--runs', join(dir, runs), '--out', join(dir, out)];
    const first = await runCli(lessons, args('runs-a', 'a.json'));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('0 already done');
    expect(first.stdout).toMatch(/paraphrase-gap\s+[+−]\d\.\d{3}/);
    const a = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')) as LessonsReport;
    expect(a.backend).toBe('wasm');
    expect(a.presets.map((p) => [p.id, p.seeds])).toEqual([['knowledge-paraphrases', [1234]]]);
    expect(a.presets[0].runs[0].results).toMatch(/seed-1234\.json$/);
    expect(typeof a.presets[0].checks[0].shown).toBe('boolean');

    const resumed = await runCli(lessons, args('runs-a', 'a2.json'));
    expect(resumed.stderr).toContain('1 already done');
    expect(resumed.stderr).not.toContain('start knowledge-paraphrases');

    const fresh = await runCli(lessons, args('runs-b', 'b.json'));
    expect(fresh.code, fresh.stderr).toBe(0);
    const b = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')) as LessonsReport;
    expect(b.presets[0].checks.map((c) => c.seeds)).toEqual(a.presets[0].checks.map((c) => c.seeds));

    // Rebuilt over every preset where none of the runs are (a fresh clone): the entry measured stays.
    copyFileSync(join(dir, 'a.json'), join(dir, 'c.json'));
    const rebuilt = await runCli(lessons, ['--report-only', '--budget', 'test', '--seeds', '1234', '--runs', join(dir, 'runs-empty'), '--out', join(dir, 'c.json')]);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    const c = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')) as LessonsReport;
    expect(c.presets.find((p) => p.id === 'knowledge-paraphrases')).toEqual(a.presets[0]);
  }, 300_000);
});
