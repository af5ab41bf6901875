import { describe } from 'vitest';
import { openIndexedDbStore } from '../../src/lib/store/indexeddb-store.ts';
import { storeContract } from '../helpers/store-contract.ts';

let n = 0;
// A fresh database per test so tests do not see each other's records.
describe('IndexedDB store (real browser IndexedDB)', () => storeContract(() => openIndexedDbStore(`synthlab-test-${Date.now()}-${n++}`)));
