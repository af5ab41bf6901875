// Byte counts for bits per byte. The denominator is the text's UTF-8 length whatever the tokenizer,
// which is what makes byte-level and BPE runs comparable.
import { bitsPerByte, type BitsPerByte } from '../units.ts';

/** UTF-8 bytes of `text`, counted without allocating (lone surrogates count 3, as TextEncoder writes U+FFFD). */
export function utf8ByteLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4; // a surrogate pair is one astral code point: 4 bytes
      i++;
    } else n += 3;
  }
  return n;
}

/** Summed nats over the tokens that encode `text` → bits per UTF-8 byte of `text`. */
export function textBitsPerByte(totalNats: number, text: string): BitsPerByte {
  return bitsPerByte(totalNats, utf8ByteLength(text));
}

