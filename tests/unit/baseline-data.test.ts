import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAgainstManifest, manifestProblems, type ManifestEntry } from '../../src/lib/baseline/manifest.ts';
import { documentsFromText, capDocument, MAX_DOC_CHARS } from '../../src/lib/baseline/documents.ts';
import { documentsFromJsonl, formatFromName } from '../../src/lib/baseline/formats.ts';
import { splitDocuments } from '../../src/lib/baseline/split.ts';
import { fingerprintDocuments } from '../../src/lib/baseline/fingerprint.ts';
import { loadBaselineFromBytes } from '../../src/lib/baseline/load.ts';
import { BaselineError } from '../../src/lib/baseline/errors.ts';
import { sha256Hex } from '../../src/lib/corpus/index.ts';
import { SAMPLE_IDS } from '../../src/lib/baseline/sample.ts';
import {
  SHARED_DATASETS_ENV,
  hasShared,
  needsShared,
  readSharedBytes,
  sharedChecksums,
  sharedEntry,
  type SharedFile,
} from '../../src/lib/baseline/shared-datasets.ts';

const enc = new TextEncoder();
const C4 = 'c4/train.jsonl';
const WIKI = 'wikitext-2/test.txt';
const ALL_SHARED: SharedFile[] = ['c4/train.jsonl', 'c4/heldout.jsonl', 'wikitext-2/valid.txt', 'wikitext-2/test.txt'];

describe('manifest', () => {
  const bytes = enc.encode('bytes this test creates\n');
  const entry: ManifestEntry = {
    id: 'made-here', title: 't', source: 'memory', revision: null, license: 'CC0-1.0', attribution: 'this test',
    format: 'txt', column: null, bytes: bytes.length, sha256: sha256Hex('bytes this test creates\n'),
  };

  it('accepts matching bytes', () => expect(verifyAgainstManifest(entry, bytes)).toEqual({ ok: true }));

  it('detects a one-byte change with a SHA-256 mismatch message', () => {
    const bad = bytes.slice();
    bad[3] ^= 1;
    const r = verifyAgainstManifest(entry, bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/made-here: SHA-256 mismatch \(expected [0-9a-f]{64}, got [0-9a-f]{64}\)/);
  });

  it('detects a truncated file by size', () => {
    const r = verifyAgainstManifest(entry, bytes.subarray(0, 5));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(`expected ${bytes.length} bytes but the file has 5`);
  });

  it('an unpinned entry accepts any bytes', () => expect(verifyAgainstManifest({ ...entry, bytes: null, sha256: null }, enc.encode('x')).ok).toBe(true));

  const manifest = JSON.parse(readFileSync('datasets/manifest.json', 'utf8')) as { datasets: ManifestEntry[] };

  it('datasets/manifest.json is well formed, and a broken one is reported', () => {
    expect(manifestProblems(manifest)).toEqual([]);
    expect(manifest.datasets[0].id).toBe('fineweb-edu-10bt-000');
    const broken = { version: 1, datasets: [{ ...manifest.datasets[1], sha256: 'XYZ' }, manifest.datasets[1]] };
    const problems = manifestProblems(broken);
    expect(problems.some((p) => p.includes('sha256'))).toBe(true);
    expect(problems.some((p) => p.includes('listed twice'))).toBe(true);
  });

  it('pins every shared file and every sample shipped in datasets/, and nothing else is pinned', () => {
    const pinned = manifest.datasets.filter((x) => x.sha256 !== null).map((d) => d.id);
    expect(pinned.sort()).toEqual([...ALL_SHARED.map((f) => sharedEntry(f).id), ...SAMPLE_IDS].sort());
  });

  it.skipIf(!hasShared(...ALL_SHARED))(`pinned entries match the files and their SHA256SUMS ${needsShared(...ALL_SHARED)}`, () => {
    const sums = sharedChecksums();
    for (const f of ALL_SHARED) {
      const entry = sharedEntry(f);
      expect(sums.get(f), `${f} in SHA256SUMS`).toBe(entry.sha256);
      expect(verifyAgainstManifest(entry, readSharedBytes(f)), entry.id).toEqual({ ok: true });
    }
  });
});

describe('shared datasets are read verified', () => {
  // A stand-in folder made by this test (SYNTHLAB_SHARED_DATASETS points there): no real data needed.
  const withFolder = (files: Record<string, string>, run: () => void): void => {
    const dir = mkdtempSync(join(tmpdir(), 'synthlab-shared-'));
    const before = process.env[SHARED_DATASETS_ENV];
    try {
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      process.env[SHARED_DATASETS_ENV] = dir;
      run();
    } finally {
      if (before === undefined) delete process.env[SHARED_DATASETS_ENV];
      else process.env[SHARED_DATASETS_ENV] = before;
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const error = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      return e instanceof BaselineError ? `${e.kind}: ${e.message}` : String(e);
    }
    return 'no error';
  };

  it('a missing file is absent (tests guarding on it skip) and cannot be read', () =>
    withFolder({}, () => {
      expect(hasShared('c4/train.jsonl')).toBe(false);
      expect(error(() => readSharedBytes('c4/train.jsonl'))).toMatch(/^file: c4-en-train-sample: cannot read .*c4\/train\.jsonl/);
    }));

  it('a file that is not the pinned one is refused by size or checksum', () =>
    withFolder({ 'c4/train.jsonl': '{"text":"not C4"}\n' }, () => {
      expect(hasShared('c4/train.jsonl')).toBe(true);
      expect(error(() => readSharedBytes('c4/train.jsonl'))).toMatch(/^checksum: c4-en-train-sample: expected 2335373 bytes but the file has 18/);
    }));

  it('a SHA256SUMS that disagrees with the manifest is refused before the file is read', () =>
    withFolder({ 'c4/train.jsonl': 'x', SHA256SUMS: `${'0'.repeat(64)}  c4/train.jsonl\n` }, () => {
      expect(error(() => readSharedBytes('c4/train.jsonl'))).toMatch(/^checksum: .*manifest\.json pins SHA-256 5cca9eb3.* but .*SHA256SUMS lists 0{64}/);
    }));
});

describe('documents from text and JSON Lines', () => {
  it('splits plain text on blank lines (whitespace-only lines count), drops empties, normalizes newlines', () => {
    expect(documentsFromText('a\nb\n\n\n  c  \r\n \t\r\nd\r\re\n\n')).toEqual(['a\nb', 'c', 'd', 'e']);
    expect(documentsFromText('  \n\n ')).toEqual([]);
  });

  it('caps long documents at a word boundary and never splits a surrogate pair', () => {
    const long = 'word '.repeat(30_000);
    const capped = documentsFromText(long)[0];
    expect(capped.length).toBeLessThanOrEqual(MAX_DOC_CHARS);
    expect(capped.endsWith('word')).toBe(true);
    const emoji = capDocument('🙂'.repeat(20), 7);
    expect(emoji).toBe('🙂🙂🙂');
  });

  it('reads JSON Lines with a field, skipping blank lines; a bad line is an error with its number', () => {
    expect(documentsFromJsonl('{"text":"a"}\n\n{"text":" b ","x":1}\n')).toEqual(['a', 'b']);
    expect(documentsFromJsonl('{"body":"z"}', 'body')).toEqual(['z']);
    expect(() => documentsFromJsonl('{"text":"a"}\n{oops')).toThrow(/line 2: not valid JSON/);
    expect(() => documentsFromJsonl('{"text":3}')).toThrow(BaselineError);
  });

  it('knows formats by file name', () => {
    expect(formatFromName('data.PARQUET')).toBe('parquet');
    expect(formatFromName('x.ndjson')).toBe('jsonl');
    expect(formatFromName('notes.txt')).toBe('txt');
    expect(formatFromName('photo.jpg')).toBe(null);
  });

  it('loadBaselineFromBytes: txt and jsonl, row slicing, invalid UTF-8 refused', async () => {
    const t = await loadBaselineFromBytes(enc.encode('one\n\ntwo\n\nthree'), 'txt', { rowStart: 1 });
    expect(t.docs).toEqual(['two', 'three']);
    expect(t.fingerprint).toBe(fingerprintDocuments(['two', 'three']));
    expect(t.bytes).toBe(8);
    await expect(loadBaselineFromBytes(new Uint8Array([0xc3]), 'txt')).rejects.toThrow(/not valid UTF-8/);
    await expect(loadBaselineFromBytes(enc.encode('\n\n'), 'jsonl')).rejects.toThrow(/no non-empty documents/);
  });

  it.skipIf(!hasShared(C4))(`loads real C4 JSON Lines ${needsShared(C4)}`, async () => {
    const r = await loadBaselineFromBytes(readSharedBytes(C4), 'jsonl');
    expect(r.docs.length).toBe(1000);
    expect(r.bytes).toBeGreaterThan(2_000_000);
  });

  it.skipIf(!hasShared(WIKI))(`loads real WikiText-2 plain text ${needsShared(WIKI)}`, async () => {
    const r = await loadBaselineFromBytes(readSharedBytes(WIKI), 'txt');
    expect(r.docs.length).toBeGreaterThan(1000);
    expect(r.docs.some((d) => d.startsWith('= '))).toBe(true);
  });
});

describe('fingerprintDocuments', () => {
  it('depends on document boundaries, not just the concatenated text', () => {
    expect(fingerprintDocuments(['ab', 'c'])).not.toBe(fingerprintDocuments(['a', 'bc']));
    expect(fingerprintDocuments(['a\n\nb'])).not.toBe(fingerprintDocuments(['a', 'b']));
    expect(fingerprintDocuments(['x'])).toBe(sha256Hex('1:x,'));
  });
});

describe('splitDocuments', () => {
  const docs = Array.from({ length: 200 }, (_, i) => `doc ${i}`);

  it('is deterministic from the seed, disjoint, complete, and near the fraction', () => {
    const a = splitDocuments(docs, 7, 0.1);
    expect(splitDocuments(docs, 7, 0.1)).toEqual(a);
    expect(a.heldout.length).toBe(20);
    expect(a.train.length + a.heldout.length).toBe(200);
    const held = new Set(a.heldout);
    expect(a.train.some((d) => held.has(d))).toBe(false);
    expect(splitDocuments(docs, 8, 0.1).heldout).not.toEqual(a.heldout);
    // Original order is kept within each side.
    expect(a.train).toEqual(docs.filter((d) => !held.has(d)));
  });

  it('puts duplicate texts on the same side', () => {
    const dup = [...docs, ...docs.slice(0, 50)];
    for (let seed = 0; seed < 20; seed++) {
      const s = splitDocuments(dup, seed, 0.3);
      const held = new Set(s.heldout);
      expect(s.train.some((d) => held.has(d))).toBe(false);
    }
  });

  it('edge cases: fraction 0 and 1, tiny inputs keep both sides non-empty, bad fraction throws', () => {
    expect(splitDocuments(docs, 1, 0).heldout).toEqual([]);
    expect(splitDocuments(docs, 1, 1).train).toEqual([]);
    const two = splitDocuments(['a', 'b'], 3, 0.01);
    expect([two.train.length, two.heldout.length]).toEqual([1, 1]);
    expect(splitDocuments([], 3, 0.5)).toEqual({ train: [], heldout: [] });
    expect(() => splitDocuments(docs, 1, 1.5)).toThrow(RangeError);
    expect(() => splitDocuments(docs, 1, Number.NaN)).toThrow(RangeError);
  });
});
