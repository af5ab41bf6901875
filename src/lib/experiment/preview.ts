// What the corpus view shows before any training: a few documents of each family, the spans that
// probes ask about, and the corpus fingerprint (computed in slices so the page never freezes); and the
// web baseline shown the same way (documents, statistics, source and licence from the manifest).
import { CorpusFingerprint, CorpusStatsAccumulator, FAMILIES, generate, probes as corpusProbes, type CorpusStats, type FamilyName, type Recipe } from '../corpus/index.ts';
import type { HubRef, Manifest, ManifestEntry } from '../baseline/index.ts';
import type { Bits } from '../units.ts';

export interface FamilyPreview {
  family: FamilyName;
  docs: string[];
  /** Probe answers of this family: the facts the corpus teaches, to highlight in the documents. */
  facts: string[];
}

export function previewFamilies(recipe: Recipe, seed: number, docsPerFamily = 3): FamilyPreview[] {
  const out: FamilyPreview[] = [];
  const { probes } = corpusProbes(recipe, seed, 24);
  for (const family of FAMILIES) {
    if (!(recipe.weights[family] > 0)) continue;
    // Only this family, undiluted (dilution needs web text, which a preview does not load).
    const solo: Recipe = { ...recipe, bytes: 1, weights: { stories: 0, biographies: 0, arithmetic: 0, textbook: 0, [family]: 1 }, biographies: { ...recipe.biographies, dilution: 0 } };
    const docs: string[] = [];
    for (const chunk of generate({ ...solo, bytes: 6000 }, seed, { chunkBytes: 1 })) {
      for (const d of chunk) if (docs.length < docsPerFamily) docs.push(d.text);
      if (docs.length >= docsPerFamily) break;
    }
    const facts = [...new Set(probes.filter((p) => p.family === family).map((p) => p.answer.trim().replace(/[.?!]$/, '')).filter((a) => a.length >= 3 && a.length <= 40))];
    out.push({ family, docs, facts });
  }
  return out;
}

export interface Segment {
  text: string;
  fact: boolean;
}

/** Splits text into plain and fact segments (longest facts first, whole-word matches only). */
export function highlightFacts(text: string, facts: readonly string[]): Segment[] {
  const sorted = [...facts].sort((a, b) => b.length - a.length);
  const marks = new Uint8Array(text.length);
  for (const f of sorted) {
    let from = 0;
    for (;;) {
      const i = text.indexOf(f, from);
      if (i < 0) break;
      const before = i === 0 || !/[A-Za-z0-9]/.test(text[i - 1]);
      const after = i + f.length >= text.length || !/[A-Za-z0-9]/.test(text[i + f.length]);
      if (before && after && !marks.subarray(i, i + f.length).some((m) => m)) marks.fill(1, i, i + f.length);
      from = i + 1;
    }
  }
  const out: Segment[] = [];
  for (let i = 0; i < text.length; ) {
    let j = i;
    while (j < text.length && marks[j] === marks[i]) j++;
    out.push({ text: text.slice(i, j), fact: marks[i] === 1 });
    i = j;
  }
  return out;
}

/** The fingerprint and statistics of the full corpus, yielding to the event loop between chunks. */
export async function fingerprintCorpus(recipe: Recipe, seed: number, signal?: AbortSignal, onProgress?: (fraction: number) => void): Promise<{ fingerprint: string; stats: CorpusStats } | null> {
  const fp = new CorpusFingerprint();
  const stats = new CorpusStatsAccumulator(recipe);
  let n = 0;
  for (const chunk of generate(recipe, seed)) {
    for (const d of chunk) {
      fp.add(d);
      stats.add(d);
      n += d.text.length + 2;
    }
    onProgress?.(Math.min(1, n / recipe.bytes));
    await new Promise((r) => setTimeout(r, 0));
    if (signal?.aborted) return null;
  }
  return { fingerprint: fp.digest(), stats: stats.result() };
}

/**
 * Statistics of the web baseline, computed the same way as the synthetic corpus's (distinct words,
 * n-gram diversity, bytes): its documents are fed to the same accumulator, marked as web text.
 */
export async function webTextStats(docs: readonly string[], signal?: AbortSignal): Promise<CorpusStats | null> {
  const stats = new CorpusStatsAccumulator();
  for (let i = 0; i < docs.length; i++) {
    // `family` is required by the Doc type; web documents are counted apart from every family.
    stats.add({ family: 'stories', text: docs[i], bits: NaN as Bits, bitsIsUpperBound: false, source: 'web' });
    if (i % 200 === 199) {
      await new Promise((r) => setTimeout(r, 0));
      if (signal?.aborted) return null;
    }
  }
  return stats.result();
}

/** The first `n` documents of the baseline, each cut to `chars` characters at a word boundary. */
export function webPreview(docs: readonly string[], n = 3, chars = 600): string[] {
  return docs.slice(0, n).map((d) => {
    if (d.length <= chars) return d;
    const cut = d.lastIndexOf(' ', chars);
    return `${d.slice(0, cut > chars / 2 ? cut : chars)} …`;
  });
}

/** Where a Hub baseline comes from and under which licence, as listed in datasets/manifest.json. */
export function manifestEntryFor(ref: HubRef, manifest: Pick<Manifest, 'datasets'>): ManifestEntry | null {
  const prefix = `https://huggingface.co/datasets/${ref.dataset}/resolve/`;
  // Any revision of the same file: the manifest pins one, a link may name another of the same dataset.
  return manifest.datasets.find((d) => d.source.startsWith(prefix) && d.source.endsWith(`/${ref.file}`)) ?? null;
}
