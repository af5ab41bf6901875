// Counts every test case across all Vitest projects and hands the totals to scripts/test.mjs,
// which prints the one summary line CI reads.
import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const counts: TestCounts = { passed: 0, failed: 0, skipped: 0 };
    for (const mod of testModules) {
      let seen = 0;
      for (const test of mod.children.allTests()) {
        seen++;
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
      // A file that failed to load (syntax error, import error) has no tests but must count as a failure.
      if (seen === 0 && mod.state() === 'failed') counts.failed++;
    }
    counts.failed += unhandledErrors.length;
    const file = process.env.SYNTHLAB_COUNTS_FILE;
    if (file) writeFileSync(file, JSON.stringify(counts));
  }
}
