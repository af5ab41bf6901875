// The user's own text files, as roles in an experiment: the web baseline or an extra corpus. A file
// cannot travel in a link, so the config records its name, size and fingerprint, and a tab that opens
// such a link has to be given the same file again. Pure: the Lab calls these and shows their messages.
import type { ExperimentConfig, ExtraCorpusRef } from '../lib/experiment/config.ts';
import type { LocalText } from './web-text.ts';

export type FileRole = 'baseline' | 'extra';

/** What a config records of a local file: its name made safe for the config's validator, size, fingerprint. */
export function localRef(file: LocalText): ExtraCorpusRef {
  return { name: file.name.slice(0, 80).replace(/[\u0000-\u001f<>]/g, '_'), fingerprint: file.fingerprint, bytes: file.bytes };
}

/** True when the experiment names an extra corpus whose text this tab does not hold. */
export const awaitsExtraFile = (config: Pick<ExperimentConfig, 'extra'>, held: LocalText | null): boolean =>
  config.extra !== undefined && held?.fingerprint !== config.extra.fingerprint;

/** What to say when the experiment's extra corpus is not loaded in this tab. */
export function missingExtraMessage(ref: ExtraCorpusRef): string {
  return `This experiment's extra corpus is your file "${ref.name}" (fingerprint ${ref.fingerprint}), which a link cannot carry. Drop or pick that same file, then choose "Use as an extra corpus".`;
}

/**
 * Why `file` cannot become the experiment's extra corpus, or null when it can. While the experiment
 * still waits for the file a link or a saved experiment names, only that file (same fingerprint) is
 * taken: another one would quietly make it a different experiment. Once its text is loaded here, or
 * when the user removes the extra corpus, any file may take its place.
 */
export function extraFileProblem(config: Pick<ExperimentConfig, 'extra'>, held: LocalText | null, file: LocalText): string | null {
  const ref = config.extra;
  if (!ref || !awaitsExtraFile(config, held) || ref.fingerprint === file.fingerprint) return null;
  return `"${file.name}" has fingerprint ${file.fingerprint}, but this experiment's extra corpus ("${ref.name}") has fingerprint ${ref.fingerprint}. Pick the same file, or remove the extra corpus (Corpus tab) to use a different one.`;
}

/** The role this file already has in the experiment (it is the file the config names there), if any. */
export function namedRole(config: Pick<ExperimentConfig, 'baseline' | 'extra'>, file: LocalText): FileRole | null {
  if (config.extra?.fingerprint === file.fingerprint) return 'extra';
  if (config.baseline.kind === 'local' && config.baseline.fingerprint === file.fingerprint) return 'baseline';
  return null;
}

/** The config with `file` as its extra corpus (runs keep their own-text shares). */
export function withExtraCorpus(config: ExperimentConfig, file: LocalText): ExperimentConfig {
  return { ...config, extra: localRef(file) };
}

/** The config without an extra corpus: no run trains on one any more either. */
export function withoutExtraCorpus(config: ExperimentConfig): ExperimentConfig {
  const { extra: _dropped, ...rest } = config;
  return {
    ...rest,
    runs: config.runs.map((r) => {
      const { extraShare: _share, ...run } = r;
      return run;
    }),
  };
}

/** The files an opened experiment names that this tab does not hold: one sentence each, or ''. */
export function filesToSupply(config: Pick<ExperimentConfig, 'baseline' | 'extra'>, held: { baseline: LocalText | null; extra: LocalText | null }): string {
  const out: string[] = [];
  const b = config.baseline;
  if (b.kind === 'local' && held.baseline?.fingerprint !== b.fingerprint) out.push(`Its web text was a local file ("${b.name}"), which a link cannot carry: drop that file on the lab and choose "Use as web baseline" to run it.`);
  if (config.extra && awaitsExtraFile(config, held.extra)) out.push(missingExtraMessage(config.extra));
  return out.join(' ');
}
