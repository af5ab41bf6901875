// `npm run corpus --shards DIR` end to end on a small corpus: the shards decode (through tokenizer.json's
// hex table alone) to exactly the corpus the library generates, the manifest's counts match the shard
// headers, and bad arguments exit with code 2 and a message.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, runCli, scratchDirs } from './cli-helpers.ts';
import { corpusText, preset } from '../../src/lib/corpus/index.ts';
import { parseShardHeader, readShard } from '../../src/lib/export/shards.ts';
import { importTokenizer, type ExportedTokenizer } from '../../src/lib/export/tokenizer-json.ts';
import { parseJsonl } from '../../src/lib/export/jsonl.ts';

const CLI = cliPath('corpus.ts');
const tmp = scratchDirs('synthlab-export-');

const run = (args: string[]) => runCli(CLI, args);

interface Manifest {
  fingerprint: string;
  corpus: { bytes: number; documents: number };
  train: { tokens: number; shards: Array<{ file: string; tokens: number }> };
  val: { tokens: number; shards: Array<{ file: string; tokens: number }>; families: Array<{ family: string; tokens: number }> };
  probes: { file: string; count: number };
}

describe('corpus CLI: token shards', () => {
  it('writes shards, tokenizer, JSONL and a manifest that agree with the generated corpus', async () => {
    const out = join(tmp(), 'bpe');
    const r = await run(['--recipe', 'tinystories', '--seed', '3', '--bytes', '60000', '--shards', out, '--tokenizer', 'bpe:300', '--shard-tokens', '4000', '--val-bytes', '5000', '--jsonl', '--probes', '7']);
    expect(r.stderr).toMatch(/^corpus: 100% 0\.1\/0\.1 MB/m);
    expect(r.code).toBe(0);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
    const file = JSON.parse(readFileSync(join(out, 'tokenizer.json'), 'utf8')) as ExportedTokenizer;
    expect(file.vocab_size).toBe(importTokenizer(file).vocabSize);

    const trainFiles = readdirSync(out).filter((f) => f.startsWith('train_')).sort();
    expect(trainFiles).toEqual(m.train.shards.map((s) => s.file));
    expect(trainFiles.length).toBeGreaterThan(2);
    const ids: number[] = [];
    m.train.shards.forEach((s, i) => {
      const bytes = readFileSync(join(out, s.file));
      const { tokenCount } = parseShardHeader(bytes);
      expect(tokenCount).toBe(s.tokens);
      if (i < m.train.shards.length - 1) expect(tokenCount).toBe(4000);
      ids.push(...readShard(bytes));
    });
    expect(ids.length).toBe(m.train.tokens);

    // Decode with the hex table only; documents are each preceded by the separator.
    const text = ids.map((id) => (id === file.separator_id ? '\u0000' : file.tokens[id])).join('');
    const docs = text.split('\u0000').slice(1).map((h) => new TextDecoder().decode(Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16))));
    const expected = corpusText({ ...preset('tinystories'), bytes: 60000 }, '3');
    expect(docs.map((d) => d + '\n\n').join('')).toBe(expected);
    expect(docs.length).toBe(m.corpus.documents);
    expect(parseJsonl(readFileSync(join(out, 'corpus.jsonl'), 'utf8'))).toEqual(docs);

    expect(m.val.families.map((f) => f.family)).toEqual(['stories']);
    const valTokens = m.val.shards.reduce((a, s) => a + readShard(readFileSync(join(out, s.file))).length, 0);
    expect(valTokens).toBe(m.val.tokens);
    expect(m.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.stdout).toContain(`fingerprint  ${m.fingerprint}`);
    // The same probes as the text mode writes beside its file: 7 probes and 7 minimal pairs of stories.
    const probeLines = readFileSync(join(out, 'probes.jsonl'), 'utf8').trim().split('\n');
    expect(probeLines.length).toBe(14);
    expect(m.probes.count).toBe(14);

    // A second export into the same directory would mix shards: refused.
    const again = await run(['--recipe', 'tinystories', '--seed', '3', '--bytes', '1000', '--shards', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds token shards/);
  });

  it('exits 2 with a clear message on bad arguments', async () => {
    const out = join(tmp(), 'x');
    const cases: Array<[string[], RegExp]> = [
      [['--seed', '1', '--shards', out], /missing --recipe/],
      [['--recipe', 'nope', '--seed', '1', '--shards', out], /neither a preset nor a readable file/],
      [['--recipe', 'tinystories', '--seed', 'x', '--shards', out], /--seed must be an integer/],
      [['--recipe', 'tinystories', '--seed', '1', '--shards', out, '--tokenizer', 'bpe:99999'], /--tokenizer must be/],
      [['--recipe', 'tinystories', '--seed', '1', '--shards', out, '--shard-tokens', '0'], /--shard-tokens must be an integer/],
      [['--recipe', 'tinystories', '--seed', '1', '--shards', out, '--bytes', '-5'], /--bytes must be a positive integer/],
      [['--recipe', 'tinystories', '--seed', '1', '--shards', out, '--frobnicate', '1'], /unknown option --frobnicate/],
      [['--recipe', 'tinystories', '--seed', '1'], /give --out FILE \(text\), --shards DIR/],
      [['--recipe', 'tinystories', '--seed', '1', '--out', join(out, 'a.txt'), '--jsonl', '--tokenizer', 'byte'], /--tokenizer, --jsonl only apply with --shards DIR/],
      [['--recipe', 'bios-single', '--seed', '1', '--out', join(out, 'a.txt'), '--bytes', '5000000000'], /bytes: must be an integer in \[1, 4000000000\]/],
      [['--recipe', '{"no":1}', '--seed', '1', '--out', join(out, 'a.txt')], /neither a preset nor a readable file/],
    ];
    const results = await Promise.all(cases.map(([args]) => run(args)));
    for (const [i, [args, message]] of cases.entries()) {
      const r = results[i];
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/usage:/);
    }
  });
});
