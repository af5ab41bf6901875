// Does a free sample read as a story of the grammar? (contract: EvalPoint.storyParse)
// A sample is a prompt (the opening words of a held-out story) plus a sampled continuation of a few
// dozen tokens, so it usually stops mid-story and often mid-sentence. The rule:
//   - the model ended the document (emitted the separator): the text must be a complete story;
//   - otherwise: the text up to its last complete sentence must be a legal story prefix, and there
//     must be at least one complete sentence (a sample that never finishes a sentence does not parse).
import { checkStory } from '../corpus/stories/index.ts';

/**
 * End of the last complete sentence. Every template of the grammar ends with "." or '."' before the
 * next sentence's space ("?" occurs only inside a template, as in '"Can I ...?" asked X.').
 */
function lastSentenceEnd(text: string): number {
  let end = 0;
  const re = /\."?(?= |$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) end = m.index + m[0].length;
  return end;
}

/** `text` is prompt + continuation, without the separator; `ended` says the model emitted it. */
export function sampleParsesAsStory(text: string, ended: boolean): boolean {
  if (ended) return checkStory(text, true).ok;
  const end = lastSentenceEnd(text);
  return end > 0 && checkStory(text.slice(0, end), false).ok;
}
