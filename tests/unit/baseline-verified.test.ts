// Loading a manifest-listed file from disk: the checksum is verified before the text is used.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifestFile } from '../../src/lib/baseline/node-file.ts';
import { loadVerifiedBytes } from '../../src/lib/baseline/verified.ts';
import { BaselineError } from '../../src/lib/baseline/errors.ts';
import type { ManifestEntry } from '../../src/lib/baseline/manifest.ts';
import { sha256Hex } from '../../src/lib/corpus/index.ts';
import manifest from '../../datasets/manifest.json';
import { hasShared, needsShared, sharedEntry, sharedPath } from '../../src/lib/baseline/shared-datasets.ts';

const dir = mkdtempSync(join(tmpdir(), 'synthlab-verified-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const JSONL = '{"text":"First document, written by this test."}\n{"text":"Second one: naïve café 😀."}\n';
const path = join(dir, 'sample.jsonl');
writeFileSync(path, JSONL);

const entry: ManifestEntry = {
  id: 'test-sample', title: 'written by the test', source: path, revision: null, license: 'CC0-1.0',
  attribution: 'this test', format: 'jsonl', column: 'text', bytes: new TextEncoder().encode(JSONL).length, sha256: sha256Hex(JSONL),
};

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return e instanceof BaselineError ? `${e.kind}: ${e.message}` : `other: ${String(e)}`;
  }
}

describe('loading a manifest-listed file with its checksum verified', () => {
  it('accepts the pinned file and reads its documents', async () => {
    const loaded = await loadManifestFile(entry);
    expect(loaded.docs).toEqual(['First document, written by this test.', 'Second one: naïve café 😀.']);
    expect(loaded.source).toContain('test-sample');
  });

  it('refuses a file whose bytes changed, naming the entry and both digests', async () => {
    const edited = join(dir, 'edited.jsonl');
    writeFileSync(edited, JSONL.replace('First', 'Frist')); // same length: only the SHA-256 can tell
    const r = await kindOf(loadManifestFile(entry, { path: edited }));
    expect(r).toMatch(new RegExp(`^checksum: test-sample: SHA-256 mismatch \\(expected ${entry.sha256}, got [0-9a-f]{64}\\)`));
  });

  it('refuses a truncated file by its size', async () => {
    const cut = join(dir, 'cut.jsonl');
    writeFileSync(cut, JSONL.slice(0, 30));
    expect(await kindOf(loadManifestFile(entry, { path: cut }))).toMatch(/^checksum: test-sample: expected \d+ bytes but the file has 30/);
  });

  it('says when the file is missing, and when an unpinned entry must not be loaded unchecked', async () => {
    expect(await kindOf(loadManifestFile(entry, { path: join(dir, 'absent.jsonl') }))).toMatch(/^file: test-sample: cannot read .*absent\.jsonl/);
    const unpinned = { ...entry, bytes: null, sha256: null };
    expect(await kindOf(loadVerifiedBytes(unpinned, new TextEncoder().encode(JSONL), { requirePin: true }))).toMatch(/^checksum: .*pins no SHA-256/);
    expect((await loadVerifiedBytes(unpinned, new TextEncoder().encode(JSONL))).docs).toHaveLength(2);
  });

  it('will not read a remote entry from disk without a path', async () => {
    const remote = manifest.datasets.find((d) => d.format === 'parquet') as ManifestEntry;
    expect(await kindOf(loadManifestFile(remote))).toMatch(/^format: .* is a remote file/);
  });

  const WIKI = 'wikitext-2/valid.txt';
  it.skipIf(!hasShared(WIKI))(`loads a shared file verified against datasets/manifest.json ${needsShared(WIKI)}`, async () => {
    const loaded = await loadManifestFile(sharedEntry(WIKI), { path: sharedPath(WIKI) });
    expect(loaded.docs.length).toBeGreaterThan(100);
  });
});
