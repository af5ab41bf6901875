// Branded number types: a value says what it measures, so bits are never added to nats by mistake.
export type Brand<T, B extends string> = T & { readonly __brand: B };

/** Information per UTF-8 byte of text, in bits. The lab's headline metric: tokenizer-independent. */
export type BitsPerByte = Brand<number, 'BitsPerByte'>;
/** Mean negative log-likelihood per token, in nats (what cross-entropy losses return). */
export type NatsPerToken = Brand<number, 'NatsPerToken'>;
/** Total information, in bits. */
export type Bits = Brand<number, 'Bits'>;
/** A count of tokens. */
export type TokenCount = Brand<number, 'TokenCount'>;
/** A token stream: ids into a tokenizer's vocabulary. */
export type Tokens = Int32Array;
/** A hex SHA-256 digest identifying a corpus or file byte-for-byte. */
export type Fingerprint = Brand<string, 'Fingerprint'>;

export const LN2 = Math.LN2;

/**
 * Converts a summed loss over a text into bits per byte.
 * totalNats: sum of -ln p over every predicted token; bytes: UTF-8 byte length of the text those tokens encode.
 */
export function bitsPerByte(totalNats: number, bytes: number): BitsPerByte {
  if (!(bytes > 0)) throw new RangeError(`bitsPerByte needs a positive byte count, got ${bytes}`);
  return (totalNats / LN2 / bytes) as BitsPerByte;
}
