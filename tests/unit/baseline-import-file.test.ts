// importFile: a user's file (a real File object, as the page gets from an <input> or a drop) dispatched
// on its format, with the size checked before the contents are read.
import { describe, expect, it } from 'vitest';
import { importFile, type FileLike, type ImportedFile } from '../../src/lib/baseline/import-file.ts';
import { fingerprintDocuments } from '../../src/lib/baseline/fingerprint.ts';
import { Rng } from '../../src/lib/corpus/index.ts';
import { writeParquet } from './baseline-parquet-writer.ts';
import { fuzzInputs } from './baseline-fuzz-inputs.ts';

const enc = new TextEncoder();
const DOCS = ['First document, naïve café.', 'Second one 🙂\nwith two lines.', 'Third.'];
/** A real File, as the page gets from a file input (bytes copied into a fresh ArrayBuffer, as Blob wants). */
const file = (parts: Array<string | Uint8Array>, name: string): File => new File(parts.map((p) => (typeof p === 'string' ? p : new Uint8Array(p))), name);
const errorOf = (r: ImportedFile): string => (r.ok ? 'imported' : r.error);

describe('importFile dispatches on the file format', () => {
  it('reads the same documents from .txt, .jsonl and .parquet, with the same fingerprint', async () => {
    const txt = await importFile(file([DOCS.join('\n\n')], 'mine.txt'));
    const jsonl = await importFile(file([DOCS.map((text, i) => JSON.stringify({ id: i, text })).join('\n') + '\n'], 'mine.jsonl'));
    const pq = await importFile(file([writeParquet({ text: DOCS, url: DOCS.map((_, i) => `u${i}`) }, 2).bytes], 'mine.parquet'));
    for (const [r, format] of [[txt, 'txt'], [jsonl, 'jsonl'], [pq, 'parquet']] as const) {
      expect(r.ok, errorOf(r)).toBe(true);
      if (!r.ok) continue;
      expect(r.format).toBe(format);
      expect(r.documents).toEqual(DOCS);
      expect(r.fingerprint).toBe(fingerprintDocuments(DOCS));
      expect(r.bytes).toBe(enc.encode(DOCS.join('')).length);
    }
  });

  it('parses JSON Lines (not JSON text as documents) and names the bad line', async () => {
    const r = await importFile(file(['\ufeff{"text":"one"}\r\n\r\n{"text":"two","x":[1]}\n'], 'a.ndjson'));
    expect(r.ok && r.documents).toEqual(['one', 'two']);
    expect(errorOf(await importFile(file(['{"text":"ok"}\n{"text": 3}\n'], 'bad.jsonl')))).toBe('"bad.jsonl": JSON Lines, line 2: expected an object with a string "text" field.');
    expect(errorOf(await importFile(file(['{"text":"ok"}\n{oops\n'], 'bad.jsonl')))).toBe('"bad.jsonl": JSON Lines, line 2: not valid JSON.');
    expect(errorOf(await importFile(file(['{"text":"  "}\n'], 'blank.jsonl')))).toMatch(/"blank\.jsonl" holds no text/);
    // The text checks apply to JSON Lines too.
    expect(errorOf(await importFile(file([new Uint8Array([0xff, 0xfe, 0x7b, 0])], 'wide.jsonl')))).toMatch(/UTF-16/);
  });

  it('refuses a parquet file it cannot read, or one without a "text" column, saying why', async () => {
    expect(errorOf(await importFile(file(['{"text":"hi"}'], 'fake.parquet')))).toMatch(/^"fake\.parquet" could not be read as parquet: Not a readable parquet file/);
    const other = writeParquet({ body: DOCS }, 3).bytes;
    expect(errorOf(await importFile(file([other], 'body.parquet')))).toMatch(/no column "text"; its columns are: body/);
  });

  it('refuses file types it does not read, listing the ones it does', async () => {
    for (const name of ['photo.jpg', 'report.docx', 'README', '']) {
      const e = errorOf(await importFile(file(['some text'], name)));
      expect(e, name).toMatch(/is not a kind of file the lab reads; use a \.txt or \.md file .*\.jsonl .*\.parquet/);
    }
  });
});

describe('importFile checks the size before reading', () => {
  /** A file whose contents must never be read: it says how big it is and records any read. */
  const unread = (name: string, size: number): FileLike & { reads: number } => {
    const f = {
      name,
      size,
      reads: 0,
      arrayBuffer: async (): Promise<ArrayBuffer> => {
        f.reads++;
        return new ArrayBuffer(0);
      },
    };
    return f;
  };

  it('refuses a file over the limit without reading a byte, whatever its format', async () => {
    for (const name of ['huge.txt', 'huge.jsonl', 'huge.parquet']) {
      const f = unread(name, 5 * 1024 ** 3);
      expect(errorOf(await importFile(f))).toBe(`"${name}" is too large (5120.0 MB); the limit is 50.0 MB. Use a smaller excerpt.`);
      expect(f.reads).toBe(0);
    }
    const small = unread('small.txt', 11);
    expect(errorOf(await importFile(small, { maxBytes: 10 }))).toMatch(/too large \(11 bytes\); the limit is 10 bytes/);
    expect(small.reads).toBe(0);
    const empty = unread('empty.txt', 0);
    expect(errorOf(await importFile(empty))).toBe('"empty.txt" is empty.');
    expect(empty.reads).toBe(0);
  });

  it('a real File at the limit is read; one byte over is not', async () => {
    expect((await importFile(file(['0123456789'], 'ten.txt'), { maxBytes: 10 })).ok).toBe(true);
    expect((await importFile(file(['0123456789a'], 'eleven.txt'), { maxBytes: 10 })).ok).toBe(false);
  });

  it('never rejects on broken File objects', async () => {
    const broken: unknown[] = [
      null,
      undefined,
      'notes.txt',
      { name: 'x.txt', size: Number.NaN, arrayBuffer: async () => new ArrayBuffer(1) },
      { name: 'x.txt', size: 4, arrayBuffer: async () => Promise.reject(new Error('permission denied')) },
      { name: 'x.txt', size: 4, arrayBuffer: () => { throw new Error('gone'); } },
      { name: 42, size: 4, arrayBuffer: async () => new ArrayBuffer(4) },
    ];
    for (const b of broken) {
      const r = await importFile(b as FileLike);
      expect(r.ok).toBe(false);
      expect(errorOf(r).length).toBeGreaterThan(20);
    }
    expect(errorOf(await importFile(broken[4] as FileLike))).toBe('"x.txt" could not be read: permission denied.');
  });
});

describe('importFile fuzz: 3,000 random and mutated files in every format, each ok or a clear error, never a rejection', () => {
  it('all inputs', async () => {
    const { next } = fuzzInputs(7);
    const rng = new Rng(7, 'import-file-fuzz');
    const u = (n: number) => Math.floor((rng.nextU32() / 2 ** 32) * n);
    const validParquet = writeParquet({ text: DOCS, url: DOCS }, 2).bytes;
    const validJsonl = enc.encode(DOCS.map((text) => JSON.stringify({ text })).join('\n'));
    const mutate = (b: Uint8Array): Uint8Array => {
      const out = b.slice(0, u(3) === 0 ? u(b.length + 1) : b.length);
      for (let k = 0, n = u(5); k < n && out.length > 0; k++) out[u(out.length)] = u(256);
      return out;
    };
    const tally = { ok: 0, refused: 0 };
    for (let i = 0; i < 3_000; i++) {
      const { bytes, max } = next();
      const [ext, content] = (
        [
          ['txt', bytes],
          ['jsonl', bytes],
          ['jsonl', mutate(validJsonl)],
          ['parquet', mutate(validParquet)],
          ['parquet', bytes.subarray(0, 2_000)],
          ['md', bytes],
        ] as const
      )[i % 6];
      const name = `fuzz-${i}.${ext}`;
      const r = await importFile(file([content], name), max === undefined ? undefined : { maxBytes: max });
      if (r.ok) {
        tally.ok++;
        expect(r.documents.length).toBeGreaterThan(0);
        expect(r.documents.every((d) => typeof d === 'string' && d.length > 0)).toBe(true);
        expect(r.fingerprint).toBe(fingerprintDocuments(r.documents));
      } else {
        tally.refused++;
        // The file is named first; a parquet reader's own words may follow the lab's explanation.
        expect(r.error.startsWith(`"${name}"`), r.error).toBe(true);
        expect(r.error).not.toMatch(/\[object/);
      }
    }
    expect(tally.ok).toBeGreaterThan(300);
    expect(tally.refused).toBeGreaterThan(300);
  });
});
