// Graded story readouts (eval/story-grade.ts) on hand-written samples and on real held-out stories.
import { describe, expect, it } from 'vitest';
import { heldOutDocs, preset } from '../../src/lib/corpus/index.ts';
import { readSentence } from '../../src/lib/corpus/stories/checker.ts';
import { newState } from '../../src/lib/corpus/stories/grammar.ts';
import { completeSentences, gradeStorySample, gradeStorySamples, storySentenceShares } from '../../src/lib/eval/story-grade.ts';

const PROMPT = 'Once upon a time,';

describe('readSentence', () => {
  it('tells grammatical from consistent, and advances the state only on a consistent sentence', () => {
    const st = newState();
    expect(readSentence(st, 'Sue was happy.')).toMatchObject({ grammatical: true, consistent: false });
    expect(st.chars).toEqual([]);
    expect(readSentence(st, 'Once upon a time, there was a girl named Sue.')).toMatchObject({ grammatical: true, consistent: true });
    expect(st.chars).toEqual(['Sue']);
    expect(readSentence(st, 'Sue was happy today.')).toMatchObject({ grammatical: false, consistent: false });
    expect(readSentence(st, '')).toMatchObject({ grammatical: false });
    // Two sentences are not one: a lone-sentence template must match the whole text.
    expect(readSentence(st, 'Sue had a friend named Tom. Tom')).toMatchObject({ grammatical: false });
  });
});

describe('completeSentences', () => {
  it('ends sentences at "." or \'."\' before a space, and at the end only when the document ended', () => {
    const t = 'Ben said, "I am sad." Ben was sad. Ben w';
    const cut = completeSentences(t, false).map(([a, b]) => t.slice(a, b));
    expect(cut).toEqual(['Ben said, "I am sad."', 'Ben was sad.']);
    // A final "." with nothing after it may still be '."' in the making: not complete unless the document ended.
    expect(completeSentences('Ben was sad.', false)).toEqual([]);
    expect(completeSentences('Ben was sad.', true)).toEqual([[0, 12]]);
  });
});

describe('gradeStorySample', () => {
  it('grammatical and consistent: every sentence counts for both', () => {
    const text = ' there was a girl named Lily. Lily had a friend named Tom. Lily had a red ball. One day, Tom saw a big kite in the park. Tom wanted the ball very much. But then it st';
    expect(gradeStorySample({ prompt: PROMPT, text, ended: false })).toEqual({ sentences: 5, grammatical: 5, consistent: 5 });
  });

  it('grammatical but inconsistent: a wrong-gender word, a character never introduced, a pronoun of the wrong gender', () => {
    // Reads like the corpus, breaks its bookkeeping. ("a good friend named" mixes two templates: ungrammatical.)
    const text = ' there was a girl named Jack. Kate had a good friend called Luke. Kate had a good friend named Luke. Sue had a friend named ';
    expect(gradeStorySample({ prompt: PROMPT, text, ended: false })).toEqual({ sentences: 3, grammatical: 2, consistent: 0 });
    const pronoun = ' there was a boy named Tom. She wished to have the ball. Tom owned a red ball. ';
    // "She" for Tom is inconsistent; it leaves no antecedent, but the next sentence names Tom and is consistent.
    expect(gradeStorySample({ prompt: PROMPT, text: pronoun, ended: false })).toEqual({ sentences: 3, grammatical: 3, consistent: 2 });
  });

  it('an inconsistent sentence changes nothing: a later sentence about its new character is inconsistent too', () => {
    const text = ' there was a boy named Tom. Kate had a friend named Luke. Luke was happy. Tom had a friend named Luke. ';
    // Kate is unknown (inconsistent), so Luke is not introduced and "Luke was happy." is not either; then Tom may introduce him.
    expect(gradeStorySample({ prompt: PROMPT, text, ended: false })).toEqual({ sentences: 4, grammatical: 4, consistent: 2 });
  });

  it('ungrammatical sentences count in the total only', () => {
    const text = ' there was a girl named Mia. Mia had a very red ball. Mia play in the park. Mia liked to play in the park. ';
    expect(gradeStorySample({ prompt: PROMPT, text, ended: false })).toEqual({ sentences: 4, grammatical: 2, consistent: 2 });
  });

  it('web-like text has no grammatical sentence', () => {
    const web = 'The city council met on Tuesday. It voted 5-2 to approve the budget for 2024. Residents can read the minutes online. The next meeting is in May.';
    const c = gradeStorySample({ prompt: 'The city council met', text: web.slice('The city council met'.length), ended: true });
    expect(c).toEqual({ sentences: 4, grammatical: 0, consistent: 0 });
    expect(storySentenceShares(c)).toEqual({ grammatical: 0, consistent: null });
  });

  it('ignores a sentence cut off mid-way, and a sample that completes none', () => {
    expect(gradeStorySample({ prompt: PROMPT, text: ' there was a girl named Lily. Lily had a fri', ended: false })).toEqual({ sentences: 1, grammatical: 1, consistent: 1 });
    expect(gradeStorySample({ prompt: PROMPT, text: ' there was a girl na', ended: false })).toEqual({ sentences: 0, grammatical: 0, consistent: 0 });
    expect(storySentenceShares({ sentences: 0, grammatical: 0, consistent: 0 })).toEqual({ grammatical: 0, consistent: null });
  });

  it("the prompt's own sentences set the state but are not counted", () => {
    const prompt = 'Once upon a time, there was a girl named Lily. Lily';
    expect(gradeStorySample({ prompt, text: ' was happy. She was sad. ', ended: false })).toEqual({ sentences: 2, grammatical: 2, consistent: 0 });
    // Lily is in the story, but "feel" sentences belong to the middle of the plot: after the setup they skip the want part.
    expect(gradeStorySample({ prompt, text: ' liked to play in the park. She was sad. ', ended: false })).toEqual({ sentences: 2, grammatical: 2, consistent: 1 });
  });

  it('pools counts over samples, and whole held-out stories are entirely grammatical and consistent', () => {
    const stories = heldOutDocs(preset('tinystories'), 5, 'stories', 6000).map((d) => d.text);
    expect(stories.length).toBeGreaterThan(5);
    const samples = stories.map((s) => {
      const cut = s.split(' ').slice(0, 4).join(' ');
      return { prompt: cut, text: s.slice(cut.length), ended: true };
    });
    const c = gradeStorySamples(samples);
    expect(c.sentences).toBeGreaterThan(stories.length * 4);
    expect(c).toEqual({ sentences: c.sentences, grammatical: c.sentences, consistent: c.sentences });
    expect(storySentenceShares(c)).toEqual({ grammatical: 1, consistent: 1 });
  });
});
