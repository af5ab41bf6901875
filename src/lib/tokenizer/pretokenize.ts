// Splits UTF-8 bytes into pre-tokens that BPE merges never cross. The rule, on bytes with ASCII
// classes only (so it is the same everywhere, with no Unicode tables):
//   - a run of letters (A–Z, a–z, and every byte ≥ 0x80, so multi-byte characters stay whole),
//   - a run of digits,
//   - a run of other visible ASCII (punctuation),
// each optionally led by one space; every other whitespace byte run stands alone. A space directly
// before a letter/digit/punctuation run joins that run, as in " the" — words keep their space.

const enum Cls {
  Space = 0,
  OtherWs = 1,
  Letter = 2,
  Digit = 3,
  Punct = 4,
}

const CLASS = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  CLASS[b] =
    b === 0x20 ? Cls.Space
    : b < 0x20 || b === 0x7f ? Cls.OtherWs
    : (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b >= 0x80 ? Cls.Letter
    : b >= 0x30 && b <= 0x39 ? Cls.Digit
    : Cls.Punct;
}

/** Calls `emit(start, end)` for each pre-token of `bytes`, in order, covering every byte once. */
export function pretokenize(bytes: Uint8Array, emit: (start: number, end: number) => void): void {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const start = i;
    let c = CLASS[bytes[i]];
    if (c === Cls.Space && i + 1 < n && CLASS[bytes[i + 1]] >= Cls.Letter) {
      i++; // the space leads the following run
      c = CLASS[bytes[i]];
    } else if (c === Cls.Space || c === Cls.OtherWs) {
      // A whitespace run; leave its last space for the word after it.
      while (i < n && CLASS[bytes[i]] <= Cls.OtherWs) {
        if (CLASS[bytes[i]] === Cls.Space && i > start && i + 1 < n && CLASS[bytes[i + 1]] >= Cls.Letter) break;
        i++;
      }
      emit(start, i);
      continue;
    }
    while (i < n && CLASS[bytes[i]] === c) i++;
    emit(start, i);
  }
}
