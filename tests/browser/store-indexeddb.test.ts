import { describe, expect, it } from 'vitest';
import { openIndexedDbStore } from '../../src/lib/store/indexeddb-store.ts';
import { StoreError, type ExperimentRecord } from '../../src/lib/store/types.ts';
import { storeContract } from '../helpers/store-contract.ts';

let n = 0;
const fresh = () => openIndexedDbStore(`synthlab-test-${Date.now()}-${n++}`);
// A fresh database per test so tests do not see each other's records.
describe('IndexedDB store (real browser IndexedDB)', () => storeContract(fresh));

describe('IndexedDB store: a failed write', () => {
  // A real quota cannot be reached from a test (Chromium's quota is a share of the disk, and the DevTools
  // quota override fails in this Chromium), so this fails a write the way IndexedDB itself refuses one:
  // a value it cannot store. The store must reject with a StoreError and leave the earlier record as it was.
  it('rejects with a StoreError and leaves the earlier record intact', async () => {
    const s = await fresh();
    const good: ExperimentRecord = { id: 'e', name: 'kept', createdAt: 1, updatedAt: 2, config: { v: 1 }, results: { runs: [{ points: [1, 2, 3] }] }, status: 'running' };
    await s.putExperiment(good);
    const bad = { ...good, name: 'broken', updatedAt: 3, results: { runs: [() => 'a function cannot be cloned'] } };
    const err = await s.putExperiment(bad).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toMatch(/^The experiment "broken" could not be saved: /);
    expect(await s.getExperiment('e')).toEqual(good);
    expect((await s.listExperiments()).map((e) => e.name)).toEqual(['kept']);
  });
});
