// Byte-level tokenizer: ids 0..255 are UTF-8 bytes, 256 is the document separator. No training, no
// unknown tokens: every string round-trips, and bits per byte equals nats per token / ln 2.
import type { Tokens } from '../units.ts';
import type { Tokenizer, TokenizerJSON } from './types.ts';

export const BYTE_SEPARATOR_ID = 256;
/** 256 byte values and the separator. */
export const BYTE_VOCAB_SIZE = BYTE_SEPARATOR_ID + 1;
export const SEPARATOR_TEXT = '\n\n';

const encoder = new TextEncoder();

export class ByteTokenizer implements Tokenizer {
  readonly kind = 'byte';
  readonly vocabSize = BYTE_VOCAB_SIZE;
  readonly separatorId = BYTE_SEPARATOR_ID;

  encode(text: string): Tokens {
    return Int32Array.from(encoder.encode(text));
  }

  decode(ids: ArrayLike<number>): string {
    return decodeBytes(ids, (id) => (id >= 0 && id < 256 ? [id] : null), this.separatorId);
  }

  toJSON(): TokenizerJSON {
    return { kind: 'byte', version: 1 };
  }
}

/**
 * Shared decoding: expands ids to bytes, turns separators into a blank line, and decodes UTF-8
 * leniently (invalid sequences become U+FFFD) so a model's raw samples always display.
 */
export function decodeBytes(ids: ArrayLike<number>, bytesOf: (id: number) => ArrayLike<number> | null, separatorId: number): string {
  const out: number[] = [];
  const sep = encoder.encode(SEPARATOR_TEXT);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id === separatorId) {
      for (const b of sep) out.push(b);
      continue;
    }
    const bytes = bytesOf(id);
    if (bytes === null) {
      out.push(0xef, 0xbf, 0xbd); // U+FFFD for ids outside the vocabulary
      continue;
    }
    for (let j = 0; j < bytes.length; j++) out.push(bytes[j]);
  }
  // ignoreBOM keeps a leading U+FEFF: it is text the encoder was given, and decode must return it.
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(Uint8Array.from(out));
}
