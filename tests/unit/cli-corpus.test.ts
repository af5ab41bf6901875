// `npm run corpus` in text mode and with both outputs at once: the text file hashes to the printed
// fingerprint and equals the library's corpus, probes.jsonl holds every probe and minimal pair, the
// shards written in the same pass hold the same documents, progress goes to stderr as plain lines when
// stderr is not a terminal, and mistakes exit with code 2.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, runCli, scratchDirs } from './cli-helpers.ts';
import { hasShared, needsShared, sharedPath } from '../../src/lib/baseline/shared-datasets.ts';
import { corpusText, preset, probes, validateRecipe } from '../../src/lib/corpus/index.ts';
import { readShard } from '../../src/lib/export/shards.ts';

const CLI = cliPath('corpus.ts');
const WIKI = sharedPath('wikitext-2/valid.txt');
const tmp = scratchDirs('synthlab-corpus-');

const run = (args: string[]) => runCli(CLI, args);

describe('corpus CLI: text', () => {
  it('writes the corpus and its probes, prints the fingerprint, and can write shards in the same pass', { timeout: 120_000 }, async () => {
    const dir = tmp();
    const file = join(dir, 'bios.txt');
    const shards = join(dir, 'shards');
    const r = await run(['--recipe', 'bios-single', '--seed', '5', '--bytes', '40000', '--out', file, '--shards', shards, '--probes', '3', '--shard-tokens', '10000']);
    expect(r.stderr).toBe(r.stderr.replace(/\r/g, '')); // not a terminal: plain lines, no carriage returns
    expect(r.stderr).toMatch(/^corpus: 100% 0\.0\/0\.0 MB · .* MB\/s · took \d+:\d\d · \d+ docs · \d+ tokens · \d shards$/m);
    expect(r.code).toBe(0);

    const text = readFileSync(file, 'utf8');
    expect(text).toBe(corpusText({ ...preset('bios-single'), bytes: 40000 }, '5'));
    const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(r.stdout).toContain(`fingerprint  sha256:${sha}`);
    expect(r.stdout).toMatch(/peak memory {2}\d+ MB resident/);

    const set = probes({ ...preset('bios-single'), bytes: 40000 }, '5', 3);
    const lines = readFileSync(file + '.probes.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; id: string });
    expect(lines.map((l) => l.id)).toEqual([...set.probes, ...set.minimalPairs].map((p) => p.id));
    expect(lines.every((l) => l.type === 'probe')).toBe(true);
    expect(readFileSync(join(shards, 'probes.jsonl'), 'utf8')).toBe(readFileSync(file + '.probes.jsonl', 'utf8'));

    // The byte-level shards of the same pass decode to the same text (separator 256 before each document).
    const ids = readdirSync(shards).filter((f) => f.startsWith('train_')).sort().flatMap((f) => [...readShard(readFileSync(join(shards, f)))]);
    const bytes = ids.map((id) => (id === 256 ? [10, 10] : [id]));
    const docs = Buffer.from(bytes.slice(1).flat()).toString('utf8') + '\n\n';
    expect(docs).toBe(text);
  });

  it('refuses a diluted recipe without web text before writing anything', async () => {
    const dir = tmp();
    const recipe = join(dir, 'diluted.json');
    writeFileSync(recipe, JSON.stringify({ preset: 'bios-single', bytes: 20000, biographies: { dilution: 2 } }));
    const refused = await run(['--recipe', recipe, '--seed', '1', '--out', join(dir, 'x.txt')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/dilutes biographies with web text \(dilution 2\): pass --web FILE/);
    expect(existsSync(join(dir, 'x.txt'))).toBe(false);
  });

  it.skipIf(!hasShared('wikitext-2/valid.txt'))(`dilutes with real web text given by --web ${needsShared('wikitext-2/valid.txt')}`, async () => {
    const dir = tmp();
    const recipe = join(dir, 'diluted.json');
    writeFileSync(recipe, JSON.stringify({ preset: 'bios-single', bytes: 20000, biographies: { dilution: 2 } }));
    const out = join(dir, 'y.txt');
    const r = await run(['--recipe', recipe, '--seed', '1', '--out', out, '--web', WIKI]);
    expect(r.code).toBe(0);
    const v = validateRecipe(JSON.parse(readFileSync(recipe, 'utf8')));
    expect(v.ok).toBe(true);
    expect(r.stdout).toMatch(/^web +\d+\.\d%/m);
    expect(readFileSync(out, 'utf8').length).toBeGreaterThan(20000 - 1000);
  });

  it('exits 2 on bad arguments and 0 with usage on --help', async () => {
    const dir = tmp();
    const [missingOut, badProbes, unknown, help] = await Promise.all([
      run(['--recipe', 'tinystories', '--seed', '1']),
      run(['--recipe', 'tinystories', '--seed', '1', '--out', join(dir, 'a.txt'), '--probes', 'many']),
      run(['--recipe', 'tinystories', '--seed', '1', '--out']),
      run(['--help']),
    ]);
    expect([missingOut.code, badProbes.code, unknown.code]).toEqual([2, 2, 2]);
    expect(missingOut.stderr).toMatch(/give --out FILE/);
    expect(badProbes.stderr).toMatch(/--probes must be an integer/);
    expect(unknown.stderr).toMatch(/--out needs a value/);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run corpus/);
  });
});
