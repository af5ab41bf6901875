// Seeded generators of hostile and odd file contents for the import fuzz tests (baseline-import*.test.ts):
// random bytes, bit flips, UTF-8 cut mid-character, BOMs, UTF-16 with and without BOM, NULs, control
// characters, a line far longer than a document may be, empty and whitespace-only files, encodings
// TextDecoder must refuse, every newline convention, and files just over their size limit.
import { Rng } from '../../src/lib/corpus/index.ts';

const enc = new TextEncoder();

/** Inputs cycle through the kinds in order; each is bytes and, for 'claim', the size limit to check them against. */
export function fuzzInputs(seed: number): { next: () => { kind: string; bytes: Uint8Array; max?: number }; kinds: readonly string[] } {
  const rng = new Rng(seed, 'import-fuzz');
  const u = (n: number) => Math.floor((rng.nextU32() / 2 ** 32) * n);
  const seedTexts = ['plain ascii text\n\nsecond doc', 'é à ü ß — “quotes” 漢字 かな 🙂🚀 عربى', '\ufeffBOM then text\r\n\r\nmore', 'x', 'tab\there\fform feed\n \n\t\nnext'];
  const pickText = () => seedTexts[u(seedTexts.length)];
  const utf16 = (t: string, bigEndian: boolean): Uint8Array => {
    const out = new Uint8Array(2 + t.length * 2);
    out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      out[2 + 2 * i + (bigEndian ? 1 : 0)] = c & 0xff;
      out[2 + 2 * i + (bigEndian ? 0 : 1)] = c >> 8;
    }
    return out;
  };
  const concat = (...parts: Uint8Array[]): Uint8Array => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  const gens: Record<string, () => { bytes: Uint8Array; max?: number }> = {
    random: () => {
      const b = new Uint8Array(u(300));
      for (let i = 0; i < b.length; i++) b[i] = u(256);
      return { bytes: b };
    },
    flipped: () => {
      const b = enc.encode(pickText().repeat(1 + u(5)));
      for (let k = 0, n = 1 + u(4); k < n; k++) b[u(b.length)] ^= 1 << u(8);
      return { bytes: b };
    },
    truncated: () => {
      // Cut anywhere, including inside a multi-byte character.
      const b = enc.encode(seedTexts[1].repeat(1 + u(3)));
      return { bytes: b.subarray(0, u(b.length + 1)) };
    },
    bom: () => ({ bytes: concat(new Uint8Array([0xef, 0xbb, 0xbf]), enc.encode(u(4) === 0 ? '' : pickText().replace(/^\ufeff/, ''))) }),
    utf16: () => ({ bytes: utf16(pickText(), u(2) === 0) }),
    utf16NoBom: () => ({ bytes: utf16(pickText(), u(2) === 0).subarray(2) }),
    nul: () => {
      const b = enc.encode(pickText().repeat(1 + u(3)));
      b[u(b.length)] = 0;
      return { bytes: b };
    },
    controls: () => {
      const b = enc.encode(pickText().repeat(2 + u(3)));
      for (let k = 0, n = 1 + u(12); k < n; k++) b[u(b.length)] = 1 + u(8);
      return { bytes: b };
    },
    // One line far longer than a document may be (the cap cuts it at a word boundary or mid-word).
    hugeLine: () => ({ bytes: enc.encode((u(2) === 0 ? 'word ' : 'x').repeat(20_000 + u(30_000))) }),
    empty: () => ({ bytes: new Uint8Array(0) }),
    whitespace: () => ({ bytes: enc.encode([' ', '\n', '\t', '\r\n', '\f', '\r'].map((w) => w.repeat(u(4))).join('')) }),
    // Encodings TextDecoder must refuse: surrogate halves (CESU-8), overlong forms, bytes past U+10FFFF.
    badUtf8: () => {
      const bad = [[0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xe2, 0x82]][u(5)];
      const b = enc.encode(pickText());
      const at = u(b.length + 1);
      return { bytes: concat(b.subarray(0, at), new Uint8Array(bad), b.subarray(at)) };
    },
    newlines: () => ({ bytes: enc.encode(Array.from({ length: 1 + u(6) }, () => pickText() + ['\r\n\r\n', '\r\r', '\n \n', '\n'][u(4)]).join('')) }),
    // A file bigger than the limit it is checked against, or exactly at it.
    claim: () => {
      const b = enc.encode('word '.repeat(1 + u(200)));
      return { bytes: b, max: Math.max(1, b.length - 1 + u(3)) };
    },
  };
  const kinds = Object.keys(gens);
  let i = 0;
  return {
    kinds,
    next: () => {
      const kind = kinds[i++ % kinds.length];
      return { kind, ...gens[kind]() };
    },
  };
}

