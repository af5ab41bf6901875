// Streaming keeps memory flat: `npm run corpus` writes a corpus six times larger with about the same peak
// memory. Both runs cap V8's heap (192 MB), so holding the corpus as strings would crash the big run,
// and the peak resident set (which also counts buffers outside the heap, such as finished shards) may
// grow by less than the 60 MB the corpus grows by. Both corpora are larger than the 8 MB that corpus
// statistics sample for n-grams, the one large but bounded structure of a run.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../src/cli/corpus.ts');
const dir = mkdtempSync(join(tmpdir(), 'synthlab-corpus-mem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function peakMb(bytes: number): Promise<{ code: number | null; peakMb: number; stderr: string }> {
  const name = `c${bytes}`;
  const args = ['--max-old-space-size=192', '--import', 'tsx', CLI, '--recipe', 'default-mix', '--seed', '1', '--bytes', String(bytes), '--out', join(dir, `${name}.txt`), '--shards', join(dir, name), '--shard-tokens', '1000000'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, peakMb: Number(/peak memory {2}(\d+) MB/.exec(stdout)?.[1] ?? NaN) }));
  });
}

describe('corpus CLI memory', () => {
  it('stays flat while the corpus grows from 12 MB to 72 MB', async () => {
    const [small, big] = await Promise.all([peakMb(12_000_000), peakMb(72_000_000)]);
    expect(small.code, small.stderr.slice(-2000)).toBe(0);
    expect(big.code, big.stderr.slice(-2000)).toBe(0);
    expect(statSync(join(dir, 'c72000000.txt')).size).toBeGreaterThanOrEqual(72_000_000);
    console.log(`[corpus memory] peak resident set: 12 MB corpus ${small.peakMb} MB, 72 MB corpus ${big.peakMb} MB`);
    expect(big.peakMb).toBeLessThan(small.peakMb + 48);
  }, 300_000);
});
