// One behavioural contract for every LabStore implementation (memory in Node, IndexedDB in the browser).
import { expect, it } from 'vitest';
import type { ExperimentRecord, LabStore } from '../../src/lib/store/types.ts';

const exp = (id: string, updatedAt: number): ExperimentRecord => ({
  id,
  name: `exp ${id}`,
  createdAt: 1,
  updatedAt,
  config: { v: 1, seed: 7 },
  results: { runs: [{ points: [[0, 8.1], [10, 5.2]] }] },
  status: 'done',
});

export function storeContract(open: () => Promise<LabStore>): void {
  it('lists experiments newest first and reads them back intact', async () => {
    const s = await open();
    await s.putExperiment(exp('a', 10));
    await s.putExperiment(exp('b', 20));
    expect((await s.listExperiments()).map((e) => e.id)).toEqual(['b', 'a']);
    expect(await s.getExperiment('a')).toEqual(exp('a', 10));
    expect(await s.getExperiment('zzz')).toBeNull();
  });

  it('keeps the newest checkpoint per run and deletes them with their experiment', async () => {
    const s = await open();
    await s.putExperiment(exp('c', 1));
    await s.putCheckpoint({ experimentId: 'c', runId: 'r0', step: 10, savedAt: 1, bytes: Uint8Array.from([1, 2, 3]).buffer });
    await s.putCheckpoint({ experimentId: 'c', runId: 'r0', step: 20, savedAt: 2, bytes: Uint8Array.from([4, 5]).buffer });
    await s.putCheckpoint({ experimentId: 'c', runId: 'r1', step: 20, savedAt: 2, bytes: Uint8Array.from([9]).buffer });
    const r0 = await s.getCheckpoint('c', 'r0');
    expect(r0?.step).toBe(20);
    expect(Array.from(new Uint8Array(r0!.bytes))).toEqual([4, 5]);
    await s.deleteExperiment('c');
    expect(await s.getExperiment('c')).toBeNull();
    expect(await s.getCheckpoint('c', 'r0')).toBeNull();
    expect(await s.getCheckpoint('c', 'r1')).toBeNull();
  });

  it('stores a copy, not a reference', async () => {
    const s = await open();
    const rec = exp('d', 5);
    await s.putExperiment(rec);
    rec.name = 'changed after saving';
    expect((await s.getExperiment('d'))?.name).toBe('exp d');
  });
}
