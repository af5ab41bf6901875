import { describe, expect, it } from 'vitest';
import { importTextFile } from '../../src/lib/baseline/import-text.ts';
import { fingerprintDocuments } from '../../src/lib/baseline/fingerprint.ts';
import { hasShared, needsShared, readSharedBytes } from '../../src/lib/baseline/shared-datasets.ts';
import { fuzzInputs } from './baseline-fuzz-inputs.ts';

const enc = new TextEncoder();
const WIKI = 'wikitext-2/valid.txt';

function expectError(r: ReturnType<typeof importTextFile>, ...fragments: string[]): void {
  expect(r.ok).toBe(false);
  if (r.ok) return;
  for (const f of fragments) expect(r.error).toContain(f);
}

describe('importTextFile', () => {
  it('decodes UTF-8, strips a BOM, normalizes CRLF and CR, splits on blank lines', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('Première ligne\r\nsuite\r\n\r\nDeux\rtrois\r\rQuatre 🙂')]);
    const r = importTextFile(bytes, 'notes.txt');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.text).toBe('Première ligne\nsuite\n\nDeux\ntrois\n\nQuatre 🙂');
    expect(r.documents).toEqual(['Première ligne\nsuite', 'Deux\ntrois', 'Quatre 🙂']);
    expect(r.fingerprint).toBe(fingerprintDocuments(r.documents));
    expect(r.bytes).toBe(enc.encode(r.documents.join('')).length);
  });

  it('refuses an empty file, naming it', () => expectError(importTextFile(new Uint8Array(0), 'empty.txt'), '"empty.txt"', 'empty'));

  it('refuses a whitespace-only file', () => expectError(importTextFile(enc.encode(' \n\n\t \r\n'), 'blank.txt'), '"blank.txt"', 'only whitespace'));

  it('refuses a file over the default 50 MB limit, and over a configured limit', () => {
    expectError(importTextFile(new Uint8Array(50 * 1024 * 1024 + 1).fill(0x61), 'big.txt'), '"big.txt"', 'too large', '50.0 MB');
    expectError(importTextFile(enc.encode('hello world'), 'small.txt', { maxBytes: 5 }), 'too large', '5 bytes');
    expect(importTextFile(enc.encode('hello'), 'small.txt', { maxBytes: 5 }).ok).toBe(true);
  });

  it('refuses binary content: NUL bytes, or many control characters', () => {
    expectError(importTextFile(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'photo.png'), '"photo.png"', 'binary');
    const ctl = enc.encode('abc\x01\x02\x03\x04\x05\x06def\x07\x08ghi');
    expectError(importTextFile(ctl, 'weird.bin'), 'control characters');
  });

  it('refuses UTF-16 with a specific hint', () => {
    expectError(importTextFile(new Uint8Array([0xff, 0xfe, 0x68, 0, 0x69, 0]), 'win.txt'), 'UTF-16', 'UTF-8');
  });

  it('refuses invalid UTF-8 (Latin-1 bytes, a truncated multibyte sequence)', () => {
    expectError(importTextFile(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]), 'latin1.txt'), '"latin1.txt"', 'not valid UTF-8');
    const euro = enc.encode('price: 5€');
    expectError(importTextFile(euro.subarray(0, euro.length - 1), 'cut.txt'), 'not valid UTF-8');
  });

  it('keeps messages readable when the name is hostile', () => {
    const r = importTextFile(new Uint8Array(0), `a\u0000b\n${'x'.repeat(500)}`);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).not.toMatch(/[\u0000-\u001f]/);
      expect(r.error.length).toBeLessThan(200);
    }
  });

  it('never throws on non-Uint8Array input (untyped callers)', () => {
    const bad = [null, undefined, 'text', 42, {}, [1, 2, 3]] as unknown as Uint8Array[];
    for (const b of bad) expect(importTextFile(b, 'x.txt').ok).toBe(false);
    expect(importTextFile(enc.encode('ok'), 'x.txt', { maxBytes: Number.NaN }).ok).toBe(false);
  });

  it.skipIf(!hasShared(WIKI))(`imports real text ${needsShared(WIKI)}`, () => {
    const r = importTextFile(readSharedBytes(WIKI), 'valid.txt');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.documents.length).toBeGreaterThan(1000);
    expect(r.documents.every((d) => d.length > 0 && !d.includes('\n\n'))).toBe(true);
  });
});

describe('importTextFile fuzz: 10,000 random and mutated inputs, each ok or a clear error, none throws', () => {
  it('all inputs', () => {
    const { next, kinds } = fuzzInputs(20240611);
    const outcomes = new Map(kinds.map((k) => [k, { ok: 0, refused: 0 }]));
    for (let i = 0; i < 10_000; i++) {
      const { kind, bytes, max } = next();
      let r: ReturnType<typeof importTextFile> | undefined;
      expect(() => (r = importTextFile(bytes, `fuzz-${i}.txt`, max === undefined ? undefined : { maxBytes: max }))).not.toThrow();
      if (!r) throw new Error('unreachable');
      const tally = outcomes.get(kind)!;
      if (r.ok) {
        tally.ok++;
        expect(r.documents.length).toBeGreaterThan(0);
        expect(r.text.includes('\r')).toBe(false);
        expect(r.text.charCodeAt(0)).not.toBe(0xfeff);
        expect(r.fingerprint).toMatch(/^[0-9a-f]{64}$/);
        expect(r.documents.every((d) => d.length > 0 && d.length <= 100_000 && !d.includes('\u0000'))).toBe(true);
        if (max !== undefined) expect(bytes.length).toBeLessThanOrEqual(max);
      } else {
        tally.refused++;
        expect(r.error).toContain(`"fuzz-${i}.txt"`);
        expect(r.error.length).toBeGreaterThan(20);
        expect(r.error).not.toMatch(/undefined|\[object/);
      }
    }
    // Every kind was produced many times, and these must always be refused / always accepted.
    for (const [kind, t] of outcomes) expect(t.ok + t.refused, kind).toBeGreaterThan(500);
    for (const kind of ['empty', 'whitespace', 'utf16', 'nul', 'badUtf8']) expect(outcomes.get(kind)!.ok, kind).toBe(0);
    for (const kind of ['bom', 'hugeLine', 'newlines']) expect(outcomes.get(kind)!.refused, kind).toBeLessThan(outcomes.get(kind)!.ok);
    const all = [...outcomes.values()].reduce((a, t) => ({ ok: a.ok + t.ok, refused: a.refused + t.refused }), { ok: 0, refused: 0 });
    expect(all.ok).toBeGreaterThan(1000);
    expect(all.refused).toBeGreaterThan(1000);
  });
});
