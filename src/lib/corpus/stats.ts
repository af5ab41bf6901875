// Corpus statistics and fingerprint, accumulated one document at a time while the corpus streams.
//
// Definitions (exact, so small cases can be checked by hand):
// - bytes: UTF-8 bytes of the corpus file, i.e. every document plus its "\n\n" separator.
// - words: maximal runs of ASCII letters and digits, lowercased (ASCII only — no locale rules). Everything
//   else (punctuation, spaces, non-ASCII) separates words.
// - distinctWords: number of different words in the whole corpus.
// - ngramDiversity[n]: distinct word n-grams / total word n-grams, n = 1..4, where n-grams never cross a
//   document boundary and are counted over the documents that start within the first `ngramSampleBytes`
//   of the corpus (exact counting of every 4-gram of 50 MB would not fit a browser tab).
// - families[f].share: that family's document bytes (without separators) / all document bytes.
// - families[f].bitsPerByte: entropy floor = sum of doc.bits / sum of doc bytes over the family's synthetic
//   documents (web documents mixed into biographies are excluded and reported under `web`).
import type { Fingerprint } from '../units.ts';
import type { Doc, FamilyName } from './types.ts';
import type { Recipe } from './recipe.ts';
import { family } from './registry.ts';
import { Sha256 } from './sha256.ts';
import { DOC_SEPARATOR, utf8Length } from './text.ts';

export interface NgramDiversity {
  n: number;
  distinct: number;
  total: number;
  /** distinct / total (0 when total is 0). */
  ratio: number;
}

export interface FamilyStats {
  documents: number;
  /** Document bytes without separators (synthetic docs only). */
  bytes: number;
  share: number;
  bits: number;
  bitsPerByte: number;
  bitsIsUpperBound: boolean;
  /** Why the floor is an upper bound ('' when exact). */
  upperBoundReason: string;
}

export interface CorpusStats {
  bytes: number;
  documents: number;
  words: number;
  distinctWords: number;
  ngramDiversity: NgramDiversity[];
  ngramSampleBytes: number;
  families: Partial<Record<FamilyName, FamilyStats>>;
  web: { documents: number; bytes: number; share: number };
}

export const DEFAULT_NGRAM_SAMPLE_BYTES = 8_000_000;
const MAX_N = 4;

/** Lowercased ASCII alphanumeric runs. */
export function words(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    const upper = c >= 65 && c <= 90;
    const lower = c >= 97 && c <= 122;
    if (digit || upper || lower) {
      if (upper) c += 32;
      cur += String.fromCharCode(c);
    } else if (cur) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}

export class CorpusStatsAccumulator {
  private bytes = 0;
  private documents = 0;
  private wordCount = 0;
  private readonly vocab = new Map<string, number>();
  private readonly grams: Array<Set<string>> = Array.from({ length: MAX_N }, () => new Set());
  private readonly gramTotals = new Array<number>(MAX_N).fill(0);
  private readonly fam = new Map<FamilyName, { documents: number; bytes: number; bits: number; upper: boolean }>();
  private web = { documents: 0, bytes: 0 };

  constructor(
    private readonly recipe?: Recipe,
    private readonly ngramSampleBytes = DEFAULT_NGRAM_SAMPLE_BYTES,
  ) {}

  add(doc: Doc): void {
    const docBytes = utf8Length(doc.text);
    const sampled = this.bytes < this.ngramSampleBytes;
    this.bytes += docBytes + DOC_SEPARATOR.length;
    this.documents++;
    const ws = words(doc.text);
    this.wordCount += ws.length;
    // Words are interned to ids so n-gram keys stay short.
    const ids = ws.map((w) => {
      let id = this.vocab.get(w);
      if (id === undefined) this.vocab.set(w, (id = this.vocab.size));
      return id;
    });
    if (sampled) {
      for (let n = 1; n <= MAX_N; n++) {
        const set = this.grams[n - 1];
        for (let i = 0; i + n <= ids.length; i++) set.add(ids.slice(i, i + n).join(','));
        this.gramTotals[n - 1] += Math.max(0, ids.length - n + 1);
      }
    }
    if (doc.source === 'web') {
      this.web.documents++;
      this.web.bytes += docBytes;
      return;
    }
    const f = this.fam.get(doc.family) ?? { documents: 0, bytes: 0, bits: 0, upper: false };
    f.documents++;
    f.bytes += docBytes;
    f.bits += doc.bits;
    f.upper ||= doc.bitsIsUpperBound;
    this.fam.set(doc.family, f);
  }

  result(): CorpusStats {
    let docBytes = this.web.bytes;
    for (const f of this.fam.values()) docBytes += f.bytes;
    const share = (b: number): number => (docBytes > 0 ? b / docBytes : 0);
    const families: Partial<Record<FamilyName, FamilyStats>> = {};
    for (const [name, f] of this.fam) {
      families[name] = {
        documents: f.documents,
        bytes: f.bytes,
        share: share(f.bytes),
        bits: f.bits,
        bitsPerByte: f.bytes > 0 ? f.bits / f.bytes : 0,
        bitsIsUpperBound: f.upper,
        upperBoundReason: f.upper && this.recipe ? family(this.recipe, name).upperBoundReason() : '',
      };
    }
    return {
      bytes: this.bytes,
      documents: this.documents,
      words: this.wordCount,
      distinctWords: this.vocab.size,
      ngramDiversity: this.grams.map((s, i) => ({
        n: i + 1,
        distinct: s.size,
        total: this.gramTotals[i],
        ratio: this.gramTotals[i] > 0 ? s.size / this.gramTotals[i] : 0,
      })),
      ngramSampleBytes: this.ngramSampleBytes,
      families,
      web: { ...this.web, share: share(this.web.bytes) },
    };
  }
}

/** SHA-256 of the corpus file (each document followed by "\n\n"), fed one document at a time. */
export class CorpusFingerprint {
  private readonly h = new Sha256();
  add(doc: Doc): void {
    this.h.updateText(doc.text + DOC_SEPARATOR);
  }
  digest(): Fingerprint {
    return this.h.digestHex() as Fingerprint;
  }
}

/** Stats over a list of documents (convenience for tests and small corpora). */
export function corpusStats(docs: Iterable<Doc>, recipe?: Recipe, ngramSampleBytes?: number): CorpusStats {
  const acc = new CorpusStatsAccumulator(recipe, ngramSampleBytes);
  for (const d of docs) acc.add(d);
  return acc.result();
}
