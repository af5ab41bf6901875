// `npm run bench`: every benchmark in one run, side by side: Node sections from bench/node/*.bench.ts,
// browser sections in headless Chromium on WebGPU. Prints tables and writes JSON to bench/results/.
// Usage: npm run bench [-- --only matmul,corpus]
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openBrowserSession } from '../scripts/browser-session.ts';
import type { BenchSection, NodeBench } from './types.ts';
import { BROWSER_BENCH_NAMES } from './browser/names.ts';

const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? process.argv[onlyArg + 1]?.split(',') : undefined;
const wanted = (name: string) => !only || only.includes(name);

function printSection(s: BenchSection): void {
  console.log(`\n## ${s.title}\n   on ${s.environment}`);
  const width = Math.max(...s.rows.map((r) => r.name.length));
  for (const r of s.rows) {
    const v = Math.abs(r.value) >= 100 ? r.value.toFixed(0) : r.value.toPrecision(3);
    console.log(`   ${r.name.padEnd(width)}  ${v.padStart(9)} ${r.unit}${r.note ? `   (${r.note})` : ''}`);
  }
}

async function nodeSections(): Promise<BenchSection[]> {
  const dir = join(import.meta.dirname, 'node');
  const out: BenchSection[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort()) {
    const name = file.replace(/\.bench\.ts$/, '');
    if (!wanted(name)) continue;
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: NodeBench };
    for (const s of await mod.default()) {
      printSection(s);
      out.push(s);
    }
  }
  return out;
}

/** The browser sections time many training steps on a software adapter; on a busy two-core machine that takes a while. */
const BROWSER_TIMEOUT_MS = 30 * 60_000;

async function browserSections(): Promise<BenchSection[]> {
  const browserBenches = BROWSER_BENCH_NAMES.filter(wanted);
  if (browserBenches.length === 0) return [];
  const session = await openBrowserSession();
  try {
    const page = await session.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') console.error(`[browser] ${m.text()}`);
    });
    await page.goto(`${session.baseUrl}/bench/browser/index.html?only=${browserBenches.join(',')}`);
    await page.waitForFunction(() => window.__benchResult !== undefined, undefined, { timeout: BROWSER_TIMEOUT_MS, polling: 500 });
    const result = await page.evaluate(() => window.__benchResult);
    if (!result || 'error' in result) throw new Error(`browser benchmark failed: ${result?.error}`);
    result.sections.forEach(printSection);
    return result.sections;
  } finally {
    await session.close();
  }
}

const started = new Date();
console.log(`synthlab benchmarks — ${started.toISOString()} — node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model})`);
const sections = [...(await nodeSections()), ...(await browserSections())];
const dir = join(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `bench-${started.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ started: started.toISOString(), node: process.version, sections }, null, 2));
console.log(`\nwrote ${file}`);
