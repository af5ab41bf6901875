// Loaded text as the corpus view shows it (the web baseline, or the user's extra corpus): where it came
// from, a few documents, and the same statistics as the synthetic corpus. Filled when the text is loaded
// (on Run, on request, or from a dropped file) and tied to the config reference it belongs to, so a
// changed setup never shows stale text.
import type { LoadedBaseline } from '../lib/baseline/index.ts';
import type { CorpusStats } from '../lib/corpus/index.ts';
import type { BaselineRef, ExtraCorpusRef } from '../lib/experiment/config.ts';
import { webPreview, webTextStats } from '../lib/experiment/preview.ts';

type TextRef = BaselineRef | ExtraCorpusRef;
const keyOf = (ref: TextRef) => JSON.stringify(ref);

export class LoadedTextView {
  /** Which reference (a baseline, an extra corpus) this view describes. */
  key = $state<string | null>(null);
  source = $state('');
  fingerprint = $state('');
  documents = $state(0);
  preview = $state<string[]>([]);
  stats = $state<CorpusStats | null>(null);
  private abort: AbortController | null = null;

  /** True when the view describes `ref` (the setup's current baseline or extra corpus). */
  describes(ref: TextRef): boolean {
    return this.key === keyOf(ref);
  }

  show(ref: TextRef, loaded: Pick<LoadedBaseline, 'docs' | 'fingerprint' | 'source'>): void {
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.key = keyOf(ref);
    this.source = loaded.source;
    this.fingerprint = loaded.fingerprint;
    this.documents = loaded.docs.length;
    this.preview = webPreview(loaded.docs);
    this.stats = null;
    void webTextStats(loaded.docs, abort.signal).then((s) => {
      if (s && !abort.signal.aborted) this.stats = s;
    });
  }
}
