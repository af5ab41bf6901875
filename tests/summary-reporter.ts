// Counts every test case across all Vitest projects and hands the totals to scripts/test.mjs, which
// prints the one summary line CI reads. It also lists every skipped test by name ("skipped: ..."), so a
// test skipped for want of ../shared/datasets (whose names say which file they need) is never silent.
import { writeFileSync } from 'node:fs';
import type { Reporter, TestCase, TestModule } from 'vitest/node';

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/** "skipped: [project] file > describe > test (note)" — one line per skipped test. */
export function skippedLine(mod: TestModule, test: TestCase): string {
  const result = test.result();
  const note = result.state === 'skipped' && result.note ? ` (${result.note})` : '';
  const mode = test.options.mode === 'todo' ? ' [todo]' : '';
  return `skipped: [${test.project.name}] ${mod.relativeModuleId} > ${test.fullName}${mode}${note}`;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const counts: TestCounts = { passed: 0, failed: 0, skipped: 0 };
    const skipped: string[] = [];
    for (const mod of testModules) {
      let seen = 0;
      for (const test of mod.children.allTests()) {
        seen++;
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else {
          counts.skipped++;
          skipped.push(skippedLine(mod, test));
        }
      }
      // A file that failed to load (syntax error, import error) has no tests but must count as a failure.
      if (seen === 0 && mod.state() === 'failed') counts.failed++;
    }
    counts.failed += unhandledErrors.length;
    if (skipped.length > 0) console.log(`\n${skipped.length} skipped test${skipped.length === 1 ? '' : 's'}:\n${skipped.join('\n')}`);
    const file = process.env.SYNTHLAB_COUNTS_FILE;
    if (file) writeFileSync(file, JSON.stringify(counts));
  }
}
