// The user's own files as roles in an experiment: what the config records, which file a waiting
// experiment accepts (and the refusal naming both fingerprints), and what an opened link asks for.
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/lib/baseline/import-file.ts';
import { validateExperimentConfig } from '../../src/lib/experiment/config.ts';
import { awaitsExtraFile, extraFileProblem, filesToSupply, localRef, missingExtraMessage, namedRole, withExtraCorpus, withoutExtraCorpus } from '../../src/state/own-text.ts';
import type { LocalText } from '../../src/state/web-text.ts';
import { tinyExperiment } from '../helpers/experiments.ts';

/** A file as the page reads it: through importFile, from bytes the way a browser File gives them. */
async function localText(name: string, text: string): Promise<LocalText> {
  const bytes = new TextEncoder().encode(text);
  const r = await importFile(Object.assign(new Blob([bytes]), { name }));
  if (!r.ok) throw new Error(r.error);
  return { name, docs: r.documents, fingerprint: r.fingerprint, bytes: r.bytes };
}

const paragraphs = (topic: string) => Array.from({ length: 30 }, (_, i) => `Note ${i} on ${topic}: the river ${i % 4} runs past the mill.`).join('\n\n');

describe('own text files', async () => {
  const mine = await localText('my notes.txt', paragraphs('rivers'));
  const other = await localText('other <b>.txt', paragraphs('mills'));

  it('records a file by a name the config validator accepts, its size and fingerprint', () => {
    expect(localRef(other)).toEqual({ name: 'other _b_.txt', fingerprint: other.fingerprint, bytes: other.bytes });
    const config = { ...withExtraCorpus(tinyExperiment(), other), runs: [{ name: 'half', share: 0.5, extraShare: 0.5 }] };
    expect(validateExperimentConfig(config).ok).toBe(true);
    expect(mine.fingerprint).not.toBe(other.fingerprint);
  });

  it('takes any file while no extra corpus waits for its text, only the named file while one does', () => {
    const fresh = tinyExperiment();
    expect(extraFileProblem(fresh, null, mine)).toBeNull();
    const linked = withExtraCorpus(fresh, mine);
    // Opened from a link: the tab holds no file yet.
    expect(awaitsExtraFile(linked, null)).toBe(true);
    expect(extraFileProblem(linked, null, mine)).toBeNull();
    expect(extraFileProblem(linked, null, other)).toBe(
      `"other <b>.txt" has fingerprint ${other.fingerprint}, but this experiment's extra corpus ("my notes.txt") has fingerprint ${mine.fingerprint}. Pick the same file, or remove the extra corpus (Corpus tab) to use a different one.`,
    );
    // Once its text is here, another file may replace it (the user is editing the experiment).
    expect(awaitsExtraFile(linked, mine)).toBe(false);
    expect(extraFileProblem(linked, mine, other)).toBeNull();
  });

  it('says which role a file already has in the experiment', () => {
    const config = { ...withExtraCorpus(tinyExperiment(), mine), baseline: { kind: 'local' as const, ...localRef(other) } };
    expect(namedRole(config, mine)).toBe('extra');
    expect(namedRole(config, other)).toBe('baseline');
    expect(namedRole(tinyExperiment(), mine)).toBeNull();
  });

  it('removes the extra corpus and every run\'s share of it, so the config stays valid', () => {
    const config = { ...withExtraCorpus(tinyExperiment(), mine), runs: [{ name: 'mine', share: 0, extraShare: 1 }, { name: 'stories', share: 1 }] };
    const without = withoutExtraCorpus(config);
    expect(without.extra).toBeUndefined();
    expect(without.runs).toEqual([{ name: 'mine', share: 0 }, { name: 'stories', share: 1 }]);
    // "mine" now needs web text the "none" baseline cannot give: the setup says so instead of running.
    const v = validateExperimentConfig(without);
    expect(v.ok ? [] : v.errors).toEqual(['runs[0].share: run "mine" needs web text (share 0 < 1), but the baseline is "none"']);
  });

  it('asks an opened experiment for the files this tab does not hold', () => {
    const config = { ...withExtraCorpus(tinyExperiment(), mine), baseline: { kind: 'local' as const, ...localRef(other) } };
    const extra = localRef(mine);
    expect(filesToSupply(config, { baseline: null, extra: null })).toBe(
      `Its web text was a local file ("other _b_.txt"), which a link cannot carry: drop that file on the lab and choose "Use as web baseline" to run it. ${missingExtraMessage(extra)}`,
    );
    expect(missingExtraMessage(extra)).toBe(`This experiment's extra corpus is your file "my notes.txt" (fingerprint ${mine.fingerprint}), which a link cannot carry. Drop or pick that same file, then choose "Use as an extra corpus".`);
    expect(filesToSupply(config, { baseline: other, extra: mine })).toBe('');
    expect(filesToSupply(config, { baseline: other, extra: other })).toBe(missingExtraMessage(extra));
    expect(filesToSupply(tinyExperiment(), { baseline: null, extra: null })).toBe('');
  });
});
