import { describe, expect, it } from 'vitest';
import { openIndexedDbBaselineCache } from '../../src/lib/baseline/indexeddb-cache.ts';
import { loadBaseline, type HubRef, fingerprintDocuments } from '../../src/lib/baseline/index.ts';
import { hubCacheKey } from '../../src/lib/baseline/cache.ts';

let n = 0;
const fresh = () => openIndexedDbBaselineCache(`synthlab-baseline-test-${Date.now()}-${n++}`);
const ref: HubRef = { kind: 'hub', dataset: 'HuggingFaceFW/fineweb-edu', revision: 'main', file: 'sample/10BT/000_00000.parquet', column: 'text', rowStart: 0, rowEnd: 3 };

describe('IndexedDB baseline cache (real browser IndexedDB)', () => {
  it('stores, returns, overwrites and deletes entries; survives reopening the database', async () => {
    const name = `synthlab-baseline-test-${Date.now()}-${n++}`;
    const a = await openIndexedDbBaselineCache(name);
    expect(await a.get('k')).toBeUndefined();
    const docs = ['first 🙂', 'second\n\nwith a blank line'];
    await a.put('k', { docs, fingerprint: fingerprintDocuments(docs), bytes: 40, source: 'test' });
    const b = await openIndexedDbBaselineCache(name);
    expect(await b.get('k')).toEqual({ docs, fingerprint: fingerprintDocuments(docs), bytes: 40, source: 'test' });
    await b.put('k', { docs: ['x'], fingerprint: fingerprintDocuments(['x']), bytes: 1, source: 'test' });
    expect((await b.get('k'))?.docs).toEqual(['x']);
    await b.delete('k');
    expect(await b.get('k')).toBeUndefined();
  });

  it('loadBaseline answers from an IndexedDB entry without any fetch (second visit offline)', async () => {
    const cache = await fresh();
    const docs = ['cached web text one', 'cached web text two'];
    await cache.put(hubCacheKey(ref), { docs, fingerprint: fingerprintDocuments(docs), bytes: 38, source: 'fineweb' });
    let fetches = 0;
    const offline = async (): Promise<Response> => {
      fetches++;
      throw new TypeError('offline');
    };
    const r = await loadBaseline(ref, { cache, fetch: offline });
    expect(r.fromCache).toBe(true);
    expect(r.docs).toEqual(docs);
    expect(fetches).toBe(0);
    // A different row range is not in the cache, so it needs the network and fails as a network error.
    await expect(loadBaseline({ ...ref, rowEnd: 4 }, { cache, fetch: offline })).rejects.toThrow(/Could not reach/);
    expect(fetches).toBe(1);
  });
});
