import { describe, expect, it } from 'vitest';
import { Sha256, sha256Hex } from '../../src/lib/corpus/sha256.ts';
import { Rng } from '../../src/lib/corpus/rng.ts';
import { Chance, flip, int, pick, sampleDistinct, shuffle } from '../../src/lib/corpus/chance.ts';
import { normalizeWebDoc, utf8Length } from '../../src/lib/corpus/text.ts';

describe('sha256', () => {
  it('matches FIPS 180-2 / NIST known vectors', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('hashes one million "a" (multi-block) correctly', () => {
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('gives the same digest however the input is split into updates', () => {
    const text = 'The quick brown fox jumps over the lazy dog. é ü 漢字 🙂 '.repeat(37);
    const whole = sha256Hex(text);
    // String pieces: split on code points so no piece ends inside a surrogate pair.
    const cps = Array.from(text);
    for (const step of [1, 3, 63, 64, 65, 1000]) {
      const h = new Sha256();
      for (let i = 0; i < cps.length; i += step) h.updateText(cps.slice(i, i + step).join(''));
      expect(h.digestHex()).toBe(whole);
    }
    const bytes = new TextEncoder().encode(text);
    for (const step of [1, 7, 64, 129]) {
      const h = new Sha256();
      for (let i = 0; i < bytes.length; i += step) h.update(bytes.subarray(i, i + step));
      expect(h.digestHex()).toBe(whole);
    }
  });
});

describe('rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Rng('x');
    const b = new Rng('x');
    const c = new Rng('y');
    const sa = Array.from({ length: 8 }, () => a.nextU32());
    expect(Array.from({ length: 8 }, () => b.nextU32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.nextU32())).not.toEqual(sa);
    expect(new Rng(1).nextU32()).toBe(new Rng('1').nextU32());
    expect(new Rng(1, 'a').nextU32()).not.toBe(new Rng(1, 'b').nextU32());
  });

  it('pins the first outputs so any engine/platform drift is caught', () => {
    const r = new Rng('synthlab');
    expect([r.nextU32(), r.nextU32(), r.nextU32()]).toEqual([2782256862, 2206466820, 3021900608]);
  });

  it('produces roughly uniform integers', () => {
    const ch = new Chance('uniform');
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[int(ch, 6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });
});

describe('chance: entropy accounting', () => {
  it('a grammar choosing uniformly among 4 words costs exactly 2 bits per word', () => {
    const ch = new Chance(42);
    const words = ['red', 'green', 'blue', 'gold'];
    const out: string[] = [];
    for (let i = 0; i < 10; i++) out.push(pick(ch, words));
    expect(out).toHaveLength(10);
    expect(ch.bits).toBe(20);
  });

  it('weighted picks cost -log2 p of the chosen item', () => {
    const ch = new Chance(7);
    const items = ['a', 'b', 'c'];
    let expected = 0;
    for (let i = 0; i < 50; i++) {
      const got = pick(ch, items, [1, 1, 2]);
      expected += got === 'c' ? 1 : 2;
    }
    expect(ch.bits).toBeCloseTo(expected, 12);
  });

  it('flip, shuffle and sampleDistinct record exact bits', () => {
    const ch = new Chance(1);
    const yes = flip(ch, 1, 4);
    expect(ch.bits).toBeCloseTo(yes ? 2 : Math.log2(4 / 3), 12);
    const ch2 = new Chance(2);
    const perm = shuffle(ch2, [1, 2, 3, 4]);
    expect([...perm].sort()).toEqual([1, 2, 3, 4]);
    expect(ch2.bits).toBeCloseTo(Math.log2(24), 12);
    const ch3 = new Chance(3);
    const s = sampleDistinct(ch3, 10, 3, new Set([0, 1]));
    expect(new Set(s).size).toBe(3);
    expect(s.some((x) => x < 2)).toBe(false);
    expect(ch3.bits).toBeCloseTo(Math.log2(8 * 7 * 6), 12);
  });

  it('sampleDistinct draws exactly what a Fisher–Yates over the explicit pool draws, for small and huge pools', () => {
    // Reference: the textbook partial Fisher–Yates over an explicit array, drawing through the same Chance.
    const reference = (ch: Chance, n: number, k: number, exclude: ReadonlySet<number>): number[] => {
      const pool: number[] = [];
      for (let i = 0; i < n; i++) if (!exclude.has(i)) pool.push(i);
      for (let j = 0; j < k; j++) {
        const r = j + int(ch, pool.length - j);
        [pool[j], pool[r]] = [pool[r], pool[j]];
      }
      return pool.slice(0, k);
    };
    const cases: Array<[number, number, number[]]> = [
      [24, 11, []],
      [10, 9, [3]],
      [10, 8, [0, 1]],
      [9800, 500, Array.from({ length: 1000 }, (_, i) => i * 7 + 3)],
      [1_071_225, 60, [5, 1_071_224, 99, 0]],
      [1000, 3, [-1, 1000, 2.5, 4]], // values outside the pool are ignored
    ];
    for (const [n, k, ex] of cases) {
      const a = new Chance('sd', String(n));
      const b = new Chance('sd', String(n));
      expect(sampleDistinct(a, n, k, new Set(ex)), `${n} ${k}`).toEqual(reference(b, n, k, new Set(ex)));
      expect(a.bits).toBe(b.bits);
    }
    expect(() => sampleDistinct(new Chance(1), 10, 9, new Set([0, 1]))).toThrow(/asked for 9 of 8/);
  });

  it('rejects invalid weights and ranges', () => {
    const ch = new Chance(0);
    expect(() => pick(ch, [])).toThrow(/no items/);
    expect(() => pick(ch, ['a'], [0.5])).toThrow(/integer/);
    expect(() => flip(ch, 3, 2)).toThrow(/probability/);
  });
});

describe('text', () => {
  it('counts UTF-8 bytes like TextEncoder', () => {
    for (const s of ['', 'abc', 'é', '漢字', '🙂', 'a\ud800b']) {
      expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
    }
  });
  it('normalizes web docs so they never contain a blank line', () => {
    expect(normalizeWebDoc('  a\r\n\r\nb\n \n\n c  ')).toBe('a\nb\n c');
  });
});
