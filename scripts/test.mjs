// `npm test`: every suite of the project, then one plain summary line (`N passed, N failed, N skipped`).
// Suites: the type check (svelte-check over .svelte and .ts), then Vitest's unit and browser projects.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const extraArgs = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  return r.status ?? 1;
}

// 1. A browser for the WebGPU tests (installs Debian's chromium when root, else says how).
if (run('node', ['scripts/ensure-browser.mjs']) !== 0) {
  console.log('\nsummary: 0 passed, 1 failed');
  process.exit(1);
}

// 2. Type check: one suite, counted as one test.
console.log('\n[synthlab] type check (svelte-check)');
if (run('npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human']) === 0) {
  totals.passed++;
} else {
  totals.failed++;
}

// 3. Unit + browser tests.
const countsFile = join(mkdtempSync(join(tmpdir(), 'synthlab-test-')), 'counts.json');
const vitestStatus = run('npx', ['vitest', 'run', ...extraArgs], { ...process.env, SYNTHLAB_COUNTS_FILE: countsFile });
if (existsSync(countsFile)) {
  const c = JSON.parse(readFileSync(countsFile, 'utf8'));
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
}
if (vitestStatus !== 0 && totals.failed === 0) totals.failed++; // vitest died before reporting

console.log(`\nsummary: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
