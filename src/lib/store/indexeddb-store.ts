// The browser's LabStore on IndexedDB. Every write is one transaction, so a failure (quota, crash,
// closed tab) leaves the previous record intact; quota errors surface as StoreError('quota').
import { toStoreError } from './errors.ts';
import { StoreError, type CheckpointRecord, type ExperimentRecord, type LabStore } from './types.ts';

const DB_NAME = 'synthlab';
const DB_VERSION = 1;
const EXPERIMENTS = 'experiments';
const CHECKPOINTS = 'checkpoints';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new DOMException('transaction aborted', 'AbortError'));
  });
}

export async function openIndexedDbStore(name = DB_NAME): Promise<LabStore> {
  if (typeof indexedDB === 'undefined') throw new StoreError('IndexedDB is not available in this browser', 'unavailable');
  const open = indexedDB.open(name, DB_VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains(EXPERIMENTS)) db.createObjectStore(EXPERIMENTS, { keyPath: 'id' });
    if (!db.objectStoreNames.contains(CHECKPOINTS)) db.createObjectStore(CHECKPOINTS, { keyPath: ['experimentId', 'runId'] });
  };
  let db: IDBDatabase;
  try {
    db = await request(open);
  } catch (e) {
    throw new StoreError(`IndexedDB could not be opened (${e instanceof Error ? e.message : String(e)})`, 'unavailable');
  }
  return new IndexedDbStore(db);
}

class IndexedDbStore implements LabStore {
  constructor(private readonly db: IDBDatabase) {}

  private async write(storeName: string, doing: string, op: (s: IDBObjectStore) => void): Promise<void> {
    try {
      const tx = this.db.transaction(storeName, 'readwrite');
      op(tx.objectStore(storeName));
      await done(tx);
    } catch (e) {
      throw toStoreError(e, doing);
    }
  }

  async listExperiments() {
    const all = await request(this.db.transaction(EXPERIMENTS).objectStore(EXPERIMENTS).getAll() as IDBRequest<ExperimentRecord[]>);
    return all.map(({ id, name, updatedAt, status }) => ({ id, name, updatedAt, status })).sort((a, b) => b.updatedAt - a.updatedAt);
  }
  async getExperiment(id: string) {
    const r = await request(this.db.transaction(EXPERIMENTS).objectStore(EXPERIMENTS).get(id) as IDBRequest<ExperimentRecord | undefined>);
    return r ?? null;
  }
  putExperiment(rec: ExperimentRecord) {
    return this.write(EXPERIMENTS, `the experiment "${rec.name}"`, (s) => s.put(rec));
  }
  async deleteExperiment(id: string) {
    try {
      const tx = this.db.transaction([EXPERIMENTS, CHECKPOINTS], 'readwrite');
      tx.objectStore(EXPERIMENTS).delete(id);
      tx.objectStore(CHECKPOINTS).delete(IDBKeyRange.bound([id, ''], [id, '\uffff']));
      await done(tx);
    } catch (e) {
      throw toStoreError(e, 'the experiment', 'deleted');
    }
  }
  putCheckpoint(rec: CheckpointRecord) {
    return this.write(CHECKPOINTS, `the checkpoint of run ${rec.runId} at step ${rec.step}`, (s) => s.put(rec));
  }
  async getCheckpoint(experimentId: string, runId: string) {
    const r = await request(this.db.transaction(CHECKPOINTS).objectStore(CHECKPOINTS).get([experimentId, runId]) as IDBRequest<CheckpointRecord | undefined>);
    return r ?? null;
  }
}
