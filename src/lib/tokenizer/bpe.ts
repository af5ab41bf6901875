// Byte-level BPE tokenizer: ids 0..255 bytes, 256 the document separator, 257.. learned merges.
// Encoding applies merges in the order they were learned, within each pre-token, with a cache per
// distinct pre-token (text repeats its words, so most lookups hit).
import type { Tokens } from '../units.ts';
import { decodeBytes, BYTE_SEPARATOR_ID } from './byte.ts';
import { FIRST_MERGE_ID } from './bpe-train.ts';
import { pretokenize } from './pretokenize.ts';
import type { Tokenizer, TokenizerJSON } from './types.ts';

const KEY_BASE = 1 << 14;
const CACHE_LIMIT = 200_000;

export class BpeTokenizer implements Tokenizer {
  readonly kind = 'bpe';
  readonly separatorId = BYTE_SEPARATOR_ID;
  readonly vocabSize: number;
  private readonly rank = new Map<number, number>();
  private readonly bytesOf: Uint8Array[];
  private readonly cache = new Map<string, number[]>();
  private readonly encoder = new TextEncoder();

  constructor(
    readonly merges: ReadonlyArray<readonly [number, number]>,
    readonly seed: number,
  ) {
    this.vocabSize = FIRST_MERGE_ID + merges.length;
    this.bytesOf = Array.from({ length: 256 }, (_, b) => Uint8Array.of(b));
    this.bytesOf.push(new Uint8Array(0)); // the separator has no bytes of its own
    merges.forEach(([a, b], i) => {
      const id = FIRST_MERGE_ID + i;
      if (!(a >= 0 && a < id && b >= 0 && b < id) || a === BYTE_SEPARATOR_ID || b === BYTE_SEPARATOR_ID) {
        throw new Error(`BPE merge ${i} refers to an id that does not exist yet: [${a}, ${b}]`);
      }
      this.rank.set(a * KEY_BASE + b, i);
      const joined = new Uint8Array(this.bytesOf[a].length + this.bytesOf[b].length);
      joined.set(this.bytesOf[a]);
      joined.set(this.bytesOf[b], this.bytesOf[a].length);
      this.bytesOf.push(joined);
    });
  }

  encode(text: string): Tokens {
    const bytes = this.encoder.encode(text);
    const out: number[] = [];
    pretokenize(bytes, (s, e) => {
      let key = '';
      for (let i = s; i < e; i++) key += String.fromCharCode(bytes[i]);
      let ids = this.cache.get(key);
      if (!ids) {
        ids = this.mergeWord(Array.from(bytes.subarray(s, e)));
        if (this.cache.size < CACHE_LIMIT) this.cache.set(key, ids);
      }
      for (const id of ids) out.push(id);
    });
    return Int32Array.from(out);
  }

  /** Repeatedly merges the adjacent pair with the earliest-learned merge. */
  private mergeWord(symbols: number[]): number[] {
    for (;;) {
      let bestRank = Infinity;
      let bestAt = -1;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const r = this.rank.get(symbols[i] * KEY_BASE + symbols[i + 1]);
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          bestAt = i;
        }
      }
      if (bestAt < 0) return symbols;
      const [a, b] = this.merges[bestRank];
      const id = FIRST_MERGE_ID + bestRank;
      const next: number[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i + 1 < symbols.length && symbols[i] === a && symbols[i + 1] === b) {
          next.push(id);
          i++;
        } else next.push(symbols[i]);
      }
      symbols = next;
    }
  }

  decode(ids: ArrayLike<number>): string {
    return decodeBytes(ids, (id) => (id >= 0 && id < this.bytesOf.length && id !== this.separatorId ? this.bytesOf[id] : null), this.separatorId);
  }

  toJSON(): TokenizerJSON {
    return { kind: 'bpe', version: 1, vocabSize: this.vocabSize, seed: this.seed, merges: this.merges.map(([a, b]) => [a, b]) };
  }
}
