// Small text utilities shared by the generators, all locale-free (no toLocale*, no Intl, no regex \w on
// non-ASCII) so Node and every browser produce the same bytes.

/** Documents are separated by one blank line; generated text never contains it. */
export const DOC_SEPARATOR = '\n\n';

/** UTF-8 byte length without allocating. Lone surrogates count as U+FFFD (3 bytes), as TextEncoder does. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** ASCII-only capitalization (the corpus lexicon is ASCII). */
export function capitalize(s: string): string {
  return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1);
}

/**
 * Web text enters the corpus as-is except that runs of blank lines collapse to one newline and the ends
 * are trimmed, so it can never contain the document separator.
 */
export function normalizeWebDoc(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(/\n(?:[ \t]*\n)+/g, '\n').trim();
}
