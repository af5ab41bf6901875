// `npm run soak`: trains one run for 2,000 steps (by default) in headless Chromium with the real runner,
// evaluations and checkpoints included, and prints memory figures after every evaluation — live tensors,
// their bytes, tfjs's GPU buffer pool and the JS heap — then whether each stayed flat. Opt-in (minutes on
// a software adapter), not part of `npm test`. Exit code 1 when a figure grew.
//   npm run soak [-- --steps N] [--backend webgpu|webgl|cpu] [--kernels fused|tfjs]
import { openBrowserSession } from './browser-session.ts';
import { judgeFlatness, leftoverTensors, type MemorySample } from '../bench/soak/memory.ts';
import type { SoakResult } from '../bench/soak/soak-page.ts';

function option(name: string, fallback: string, allowed?: readonly string[]): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : fallback;
  if (value === undefined || (allowed && !allowed.includes(value))) {
    console.error(`soak: --${name} must be one of ${allowed?.join(', ') ?? 'a value'}`);
    process.exit(2);
  }
  return value;
}

const steps = Number(option('steps', '2000'));
if (!Number.isInteger(steps) || steps < 100) {
  console.error('soak: --steps must be a whole number ≥ 100');
  process.exit(2);
}
const backend = option('backend', 'webgpu', ['webgpu', 'webgl', 'cpu']);
const kernels = option('kernels', 'fused', ['fused', 'tfjs']);

const mib = (b: number | null) => (b === null ? '-' : (b / 2 ** 20).toFixed(2));
const row = (s: MemorySample) =>
  `${String(s.step).padStart(6)}  ${String(s.tensors).padStart(7)}  ${mib(s.tensorBytes).padStart(12)}  ${mib(s.gpuBytes).padStart(13)}  ${mib(s.heapBytes).padStart(13)}`;

const session = await openBrowserSession(['--js-flags=--expose-gc', '--enable-precise-memory-info']);
let result: SoakResult | { error: string } | undefined;
try {
  const page = await session.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[browser] ${m.text()}`);
  });
  console.log(`soak: ${steps} steps, ${backend}, ${kernels} kernels (small model: 2 layers × 32, context 32, batch 4)`);
  await page.goto(`${session.baseUrl}/bench/soak/index.html?steps=${steps}&backend=${backend}&kernels=${kernels}`);
  await page.waitForFunction(() => window.__soakResult !== undefined, undefined, { timeout: 0, polling: 2000 });
  result = await page.evaluate(() => window.__soakResult);
} finally {
  await session.close();
}
if (!result || 'error' in result) {
  console.error(`soak failed: ${result?.error ?? 'no result'}`);
  process.exit(1);
}
console.log(`on ${result.backend} (${result.adapter}), kernels ${result.kernels}, ${result.seconds.toFixed(0)} s\n`);
console.log('  step  tensors  tensors MiB  GPU pool MiB  JS heap MiB');
console.log(`${row(result.before)}   (before the first step)`);
for (const s of result.samples) console.log(row(s));
console.log(`${row(result.after)}   (after the run was disposed)`);
for (const n of result.notes) console.log(`note: ${n}`);
const verdict = judgeFlatness(result.samples);
const leftover = leftoverTensors(result.before, result.after);
console.log('');
for (const line of verdict.lines) console.log(line);
console.log(`tensors left behind after the run: ${leftover}`);
const ok = verdict.flat && leftover === 0;
console.log(ok ? '\nsoak: memory stayed flat' : '\nsoak: MEMORY GREW');
process.exit(ok ? 0 : 1);
