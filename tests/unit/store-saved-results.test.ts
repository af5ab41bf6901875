import { describe, expect, it } from 'vitest';
import { readSavedRuns } from '../../src/lib/store/saved-results.ts';
import { toStoreError } from '../../src/lib/store/errors.ts';
import { StoreError } from '../../src/lib/store/types.ts';

const point = (step: number) => ({ step, tokens: step * 10, elapsedMs: step, trainLoss: 3, bpb: { web: 2 }, probeRank: {}, probeExact: {}, pairs: null });
const run = (points: unknown[]) => ({ runId: 'r0', name: 'synthetic', seed: 1, share: 1, points, notes: [{ step: 3, message: 'rolled back' }], samples: ['Once'], status: 'stopped' });

describe('readSavedRuns', () => {
  it('reads well-formed curves back unchanged', () => {
    const r = readSavedRuns({ runs: [run([point(0), point(10)])] });
    expect(r).toEqual({ ok: true, value: { runs: [run([point(0), point(10)])], dropped: 0 } });
  });

  it('drops malformed and out-of-order points and counts them', () => {
    const r = readSavedRuns({ runs: [run([point(0), { step: 'x' }, point(10), point(10), point(5), { ...point(20), bpb: { web: '2' } }])] });
    expect(r.ok && r.value.runs[0].points.map((p) => p.step)).toEqual([0, 10]);
    expect(r.ok && r.value.dropped).toBe(4);
  });

  it('keeps the optional fields of later versions when well formed', () => {
    const r = readSavedRuns({ runs: [run([{ ...point(0), storyParse: 0.5, storyGrammatical: 0.75, storyConsistent: '1', probeBreakdown: { 'arithmetic/ood': 0.25 } }])] });
    expect(r.ok && r.value.runs[0].points[0]).toMatchObject({ storyParse: 0.5, storyGrammatical: 0.75, probeBreakdown: { 'arithmetic/ood': 0.25 } });
    expect(r.ok && r.value.runs[0].points[0].storyConsistent).toBeUndefined(); // not a number: left out
  });

  it('refuses what is not curves, with a message', () => {
    for (const bad of [null, 'runs', { runs: 'no' }, { runs: [{ name: 'x' }] }, { runs: Array.from({ length: 41 }, () => run([])) }]) {
      const r = readSavedRuns(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0]).toMatch(/saved/);
    }
  });

  it('replaces an unknown status and filters notes and samples', () => {
    const r = readSavedRuns({ runs: [{ ...run([]), status: 'exploded', notes: [{ step: 1 }, 'x'], samples: [1, 'ok'] }] });
    expect(r.ok && r.value.runs[0]).toMatchObject({ status: 'stopped', notes: [], samples: ['ok'] });
  });
});

describe('toStoreError', () => {
  it('turns a quota error into a message that says earlier records are intact', () => {
    const e = toStoreError(new DOMException('quota exceeded', 'QuotaExceededError'), 'the experiment "a"');
    expect(e).toBeInstanceOf(StoreError);
    expect(e.kind).toBe('quota');
    expect(e.message).toBe(`The browser's storage is full, so the experiment "a" was not saved. Free space by deleting old experiments; what was saved before is intact.`);
  });

  it('names the record and the failure for other errors', () => {
    const e = toStoreError(new DOMException('gone', 'InvalidStateError'), 'the experiment', 'deleted');
    expect([e.kind, e.message]).toEqual(['other', 'The experiment could not be deleted: gone']);
  });
});
