import { describe, expect, it } from 'vitest';
import { decodePayload, encodePayload, LINK_LIMITS } from '../../src/lib/link/codec.ts';
import { fromBase64Url, toBase64Url } from '../../src/lib/link/base64url.ts';

describe('base64url', () => {
  it('round-trips every length 0..64 of arbitrary bytes', () => {
    for (let n = 0; n <= 64; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 31) & 0xff);
      expect(Array.from(fromBase64Url(toBase64Url(bytes)) ?? [])).toEqual(Array.from(bytes));
    }
  });
  it('matches RFC 4648 vectors (unpadded, url alphabet)', () => {
    const enc = (s: string) => toBase64Url(new TextEncoder().encode(s));
    expect(enc('f')).toBe('Zg');
    expect(enc('foob')).toBe('Zm9vYg');
    expect(enc('foobar')).toBe('Zm9vYmFy');
    expect(toBase64Url(Uint8Array.from([0xfb, 0xff]))).toBe('-_8');
  });
  it('rejects characters outside the alphabet and impossible lengths', () => {
    expect(fromBase64Url('ab+c')).toBeNull();
    expect(fromBase64Url('abcde')).toBeNull();
    expect(fromBase64Url('ab c')).toBeNull();
    expect(fromBase64Url('é')).toBeNull();
  });
});

describe('link payload codec', () => {
  it('round-trips a nested value', async () => {
    const value = { v: 1, name: 'Lily & Tom <b>', runs: [{ share: 0.5 }, { share: 1 }], ok: true, nothing: null };
    const text = await encodePayload(value);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await decodePayload(text)).toEqual({ ok: true, value });
  });

  it('reports a truncated link clearly', async () => {
    const text = await encodePayload({ long: 'x'.repeat(500), more: Array.from({ length: 50 }, (_, i) => i * 7919) });
    const r = await decodePayload(text.slice(0, Math.floor(text.length / 2)));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^link: /);
  });

  it('refuses oversized links before decoding them', async () => {
    const r = await decodePayload('A'.repeat(LINK_LIMITS.maxEncodedChars + 1));
    expect(r).toEqual({ ok: false, errors: [expect.stringMatching(/more than the \d+ a synthlab link can have/)] });
  });

  it('refuses a zip bomb (small link, huge expansion)', async () => {
    const bomb = await encodePayload({ pad: 'a'.repeat(LINK_LIMITS.maxInflatedBytes * 2) });
    expect(bomb.length).toBeLessThan(LINK_LIMITS.maxEncodedChars);
    const r = await decodePayload(bomb);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/expands to more than/);
  });

  it('refuses prototype-pollution keys', async () => {
    const text = await encodePayload(JSON.parse('{"a":{"__proto__":{"polluted":true}}}'));
    const r = await decodePayload(text);
    expect(r.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses non-JSON and garbage', async () => {
    for (const junk of ['', '%%%', 'AAAA', 'hello-world_', '____']) {
      const r = await decodePayload(junk);
      expect(r.ok, junk).toBe(false);
    }
  });
});
