// Where loaded web text is kept so the second visit needs no network. The interface is small so the
// browser (IndexedDB), Node and tests (memory) can each provide one.
import type { BaselineRef } from '../experiment/config.ts';

export type HubRef = Extract<BaselineRef, { kind: 'hub' }>;

export interface CachedBaseline {
  docs: string[];
  fingerprint: string;
  bytes: number;
  source: string;
}

export interface BaselineCache {
  get(key: string): Promise<CachedBaseline | undefined>;
  put(key: string, value: CachedBaseline): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Everything that determines the loaded text, so a different row range or revision is a different entry. */
export function hubCacheKey(ref: HubRef): string {
  return `hub:${ref.dataset}@${ref.revision}/${ref.file}#${ref.column}[${ref.rowStart},${ref.rowEnd})`;
}

/** A cache in memory: for tests, the Node CLI, and browsers where IndexedDB is unavailable. */
export class MemoryBaselineCache implements BaselineCache {
  private readonly entries = new Map<string, CachedBaseline>();

  async get(key: string): Promise<CachedBaseline | undefined> {
    const v = this.entries.get(key);
    // Copies, so a caller mutating its docs cannot change what the next visit gets.
    return v && { ...v, docs: v.docs.slice() };
  }

  async put(key: string, value: CachedBaseline): Promise<void> {
    this.entries.set(key, { ...value, docs: value.docs.slice() });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
