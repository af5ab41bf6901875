import { describe } from 'vitest';
import { MemoryStore } from '../../src/lib/store/memory-store.ts';
import { storeContract } from '../helpers/store-contract.ts';

describe('MemoryStore', () => storeContract(async () => new MemoryStore()));
