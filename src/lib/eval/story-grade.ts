// Graded readouts of free story samples (contract: EvalPoint.storyGrammatical, EvalPoint.storyConsistent).
// storyParse asks the whole sample to be a legal story, which no tiny model achieves; these count
// sentence by sentence, so partial progress shows:
//   - grammatical: the sentence matches one template of the story grammar with fillers from its word
//     lists (any name, object, place...), whatever came before it;
//   - consistent: it is grammatical AND legal in the story told so far, as the stateful checker judges it
//     (its characters were introduced, "She"/"girl"/"her" agree with the character, objects are held by
//     whoever gives or loses them, the plot runs setup → want → obstacle → resolution).
// Sentences are judged in order from an empty story. The story so far is what the consistent sentences
// established: a sentence that is ungrammatical or inconsistent changes nothing, except that it leaves no
// antecedent, so a "He"/"She"/"They" right after it is inconsistent.
// Which sentences count: those that end after the prompt (the prompt is the opening words of a held-out
// story, never a whole sentence, so the first counted sentence is the one the model completes). A
// sentence ends at "." or '."' (every template ends so, and no template holds one inside) followed by a
// space; the end of the text also ends one when the model ended the document. The unfinished tail of a
// sample cut off by the token cap is ignored.
import { readSentence } from '../corpus/stories/checker.ts';
import { newState } from '../corpus/stories/grammar.ts';

/** Counts over one or more samples; shares are taken over the pooled counts. */
export interface SentenceCounts {
  /** Complete sentences that end after the prompt. */
  sentences: number;
  /** Of those, grammatical as lone sentences. */
  grammatical: number;
  /** Of those, also consistent with the story so far (a subset of grammatical). */
  consistent: number;
}

export interface StorySample {
  /** The prompt the model continued. */
  prompt: string;
  /** The continuation (prompt not included, separator not included). */
  text: string;
  /** True when the model ended the document (emitted the separator). */
  ended: boolean;
}

/** [start, end) of every complete sentence of `text` (see the header for what ends one). */
export function completeSentences(text: string, ended: boolean): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = /\."?(?= )/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const end = m.index + m[0].length;
    out.push([start, end]);
    start = end + 1; // the single space between sentences; a second one makes the next sentence ungrammatical
  }
  if (ended && start < text.length) out.push([start, text.length]);
  return out;
}

/** Grades one sample's sentences. */
export function gradeStorySample(s: StorySample): SentenceCounts {
  const full = s.prompt + s.text;
  const st = newState();
  const counts: SentenceCounts = { sentences: 0, grammatical: 0, consistent: 0 };
  for (const [start, end] of completeSentences(full, s.ended)) {
    const r = readSentence(st, full.slice(start, end));
    if (!r.consistent) st.last = []; // no trusted antecedent for a pronoun in the next sentence
    if (end <= s.prompt.length) continue; // the prompt's own sentences are context, not the model's work
    counts.sentences++;
    if (r.grammatical) counts.grammatical++;
    if (r.consistent) counts.consistent++;
  }
  return counts;
}

/** Pooled counts over samples. */
export function gradeStorySamples(samples: readonly StorySample[]): SentenceCounts {
  const total: SentenceCounts = { sentences: 0, grammatical: 0, consistent: 0 };
  for (const s of samples) {
    const c = gradeStorySample(s);
    total.sentences += c.sentences;
    total.grammatical += c.grammatical;
    total.consistent += c.consistent;
  }
  return total;
}

/**
 * The two shares an evaluation records. `grammatical`: grammatical / complete sentences, 0 when the
 * samples complete no sentence (a model that never finishes one writes no grammatical sentence).
 * `consistent`: consistent / grammatical, null when no sentence is grammatical (nothing to judge).
 * Their product is the share of all complete sentences that are grammatical and consistent.
 */
export function storySentenceShares(c: SentenceCounts): { grammatical: number; consistent: number | null } {
  return { grammatical: c.sentences ? c.grammatical / c.sentences : 0, consistent: c.grammatical ? c.consistent / c.grammatical : null };
}
