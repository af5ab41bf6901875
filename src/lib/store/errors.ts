// Turns whatever IndexedDB threw into a StoreError whose message a user can act on. A quota error aborts
// its transaction, so the message can promise that earlier records are intact (see indexeddb-store.ts).
import { StoreError } from './types.ts';

/** `what` names the record ("experiment \"x\""), `action` what failed to happen to it ("saved"). */
export function toStoreError(e: unknown, what: string, action = 'saved'): StoreError {
  if (e instanceof StoreError) return e;
  const name = e instanceof DOMException || e instanceof Error ? e.name : '';
  if (name === 'QuotaExceededError') {
    return new StoreError(`The browser's storage is full, so ${what} was not ${action}. Free space by deleting old experiments; what was saved before is intact.`, 'quota');
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new StoreError(`${what.charAt(0).toUpperCase()}${what.slice(1)} could not be ${action}: ${msg}`, 'other');
}
