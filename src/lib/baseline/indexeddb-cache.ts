// The browser's BaselineCache: loaded web text survives reloads, so the second visit works offline.
// Kept in its own database so clearing it never touches saved experiments.
import type { BaselineCache, CachedBaseline } from './cache.ts';

const STORE = 'baselines';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new DOMException('transaction aborted', 'AbortError'));
  });
}

class IndexedDbBaselineCache implements BaselineCache {
  constructor(private readonly db: IDBDatabase) {}

  async get(key: string): Promise<CachedBaseline | undefined> {
    const tx = this.db.transaction(STORE, 'readonly');
    const v = (await request(tx.objectStore(STORE).get(key))) as CachedBaseline | undefined;
    return v ?? undefined;
  }

  async put(key: string, value: CachedBaseline): Promise<void> {
    const tx = this.db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put({ docs: value.docs, fingerprint: value.fingerprint, bytes: value.bytes, source: value.source }, key);
    await committed(tx);
  }

  async delete(key: string): Promise<void> {
    const tx = this.db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).delete(key);
    await committed(tx);
  }
}

/** Opens (creating if needed) the baseline cache database. Rejects where IndexedDB is unavailable. */
export async function openIndexedDbBaselineCache(name = 'synthlab-baseline'): Promise<BaselineCache> {
  if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available in this browser');
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE);
  };
  return new IndexedDbBaselineCache(await request(open));
}
