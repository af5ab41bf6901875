// Writes the lessons report's figures into README.md and docs/presets.md (between their markers).
import { readFileSync, writeFileSync } from 'node:fs';
import { MARKERS, presetsSection, readmeTable, replaceBetween } from '../lib/lessons/docs.ts';
import type { LessonsReport } from '../lib/lessons/report.ts';

export const LESSON_DOCS = { readme: 'README.md', presets: 'docs/presets.md' } as const;

/** Rewrites both files; returns the ones it changed. */
export function writeLessonDocs(report: LessonsReport): string[] {
  const changed: string[] = [];
  for (const [which, render] of [['readme', readmeTable], ['presets', presetsSection]] as const) {
    const file = LESSON_DOCS[which];
    const before = readFileSync(file, 'utf8');
    const after = replaceBetween(before, MARKERS[which], render(report));
    if (after !== before) {
      writeFileSync(file, after);
      changed.push(file);
    }
  }
  return changed;
}
