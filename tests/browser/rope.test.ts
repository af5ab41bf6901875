// Fused rotary positions (kernels/rope.ts) against its float64 CPU reference (written from the definition,
// not from the tables), full and partial (phi) rotary, and its gradient against tfjs autodiff of the
// stock-op rotation (model/rope.ts applyRope).
import { describe, expect, it } from 'vitest';
import { rope, ropeHeads, ropeRotate } from '../../kernels/rope.ts';
import { ropeReference } from '../../kernels/rope.reference.ts';
import { applyRope, ropeTables, ropeTensors } from '../../src/lib/model/rope.ts';
import { randomArray, requireWebGPU, tf } from '../helpers/webgpu.ts';
import { expectClose, readAndDispose } from './kernel-check.ts';

// Two products and a sum of O(1) float32 values, tables rounded to float32 once: ~3e-7; 2e-6 fails a
// wrong partner (errors O(1)), a wrong position (O(angle step) ≥ 1e-3 here) or a wrong sign.
const TOL = 2e-6;
const BASE = 10_000;

describe('fused rotary positions vs CPU reference', () => {
  for (const [b, h, t, hd, rd] of [[1, 1, 1, 4, 4], [2, 3, 17, 16, 16], [1, 2, 33, 32, 16], [2, 1, 9, 24, 8]] as const) {
    it(`[${b}, ${h}, ${t}, ${hd}], rotary ${rd}`, async () => {
      await requireWebGPU();
      const data = randomArray(b * h * t * hd, 3 + t + hd);
      const x = tf.tensor4d(data, [b, h, t, hd]);
      const tables = ropeTensors(ropeTables(64, rd, BASE), t);
      const want = ropeReference(data, [b, h, t, hd], rd, BASE);
      expectClose(await readAndDispose(rope(x, tables)), want, TOL, 'forward');
      // Rotating back undoes it.
      const there = ropeRotate(x, tables.cos, tables.sin);
      expectClose(await readAndDispose(ropeRotate(there, tables.cos, tables.sin, -1)), data, TOL, 'round trip');
      tf.dispose([x, there, tables.cos, tables.sin]);
    });
  }

  it('its gradient equals tfjs autodiff of the stock rotation, full and partial', async () => {
    await requireWebGPU();
    for (const rd of [16, 8]) {
      const shape: [number, number, number, number] = [2, 2, 11, 16];
      const n = shape.reduce((a, c) => a * c, 1);
      const x = tf.tensor4d(randomArray(n, 60 + rd), shape);
      const w = tf.tensor4d(randomArray(n, 70 + rd), shape);
      const tables = ropeTensors(ropeTables(32, rd, BASE), 11);
      const [ours] = tf.grads((xx: tf.Tensor) => tf.sum(tf.mul(rope(xx as tf.Tensor4D, tables), w)))([x]);
      const [stock] = tf.grads((xx: tf.Tensor) => tf.sum(tf.mul(applyRope(xx as tf.Tensor4D, tables), w)))([x]);
      expectClose(await readAndDispose(ours), await readAndDispose(stock), TOL, `dx, rotary ${rd}`);
      expectClose(await readAndDispose(rope(x, tables)), await readAndDispose(applyRope(x, tables)), TOL, `y vs stock, rotary ${rd}`);
      tf.dispose([x, w, tables.cos, tables.sin]);
    }
  });

  it('ropeHeads: rows split into heads and rotated in one pass equals the transpose then the rotation, and so does its gradient', async () => {
    await requireWebGPU();
    for (const [b, h, t, hd, rd] of [[2, 3, 7, 8, 8], [1, 2, 5, 16, 8]] as const) {
      const n = b * t * h * hd;
      const data = randomArray(n, 80 + hd);
      const x = tf.tensor2d(data, [b * t, h * hd]);
      const w = tf.tensor4d(randomArray(n, 90 + hd), [b, h, t, hd]);
      const tables = ropeTensors(ropeTables(16, rd, BASE), t);
      const split = (xx: tf.Tensor) => tf.transpose(tf.reshape(xx, [b, t, h, hd]), [0, 2, 1, 3]) as tf.Tensor4D;
      // The reference reads [B, H, T, hd]: transpose the rows on the CPU side of the comparison.
      const heads = await readAndDispose(split(x));
      expectClose(await readAndDispose(ropeHeads(x, b, t, h, tables)), ropeReference(heads, [b, h, t, hd], rd, BASE), TOL, `forward [${b}, ${h}, ${t}, ${hd}]`);
      const [ours] = tf.grads((xx: tf.Tensor) => tf.sum(tf.mul(ropeHeads(xx as tf.Tensor2D, b, t, h, tables), w)))([x]);
      const [stock] = tf.grads((xx: tf.Tensor) => tf.sum(tf.mul(applyRope(split(xx), tables), w)))([x]);
      expect(ours.shape).toEqual([b * t, h * hd]);
      expectClose(await readAndDispose(ours), await readAndDispose(stock), TOL, `dx [${b}, ${h}, ${t}, ${hd}]`);
      tf.dispose([x, w, tables.cos, tables.sin]);
    }
    const bad = tf.zeros([6, 10]) as tf.Tensor2D;
    const tables = ropeTensors(ropeTables(8, 4, BASE), 3);
    expect(() => ropeHeads(bad, 2, 3, 3, tables)).toThrow(/not \[B·T, H·hd\]/);
    tf.dispose([bad, tables.cos, tables.sin]);
  });

  it('refuses tables that do not fit', async () => {
    await requireWebGPU();
    const x = tf.zeros([1, 1, 4, 8]) as tf.Tensor4D;
    const t = ropeTensors(ropeTables(8, 8, BASE), 3);
    expect(() => ropeRotate(x, t.cos, t.sin)).toThrow(/tables \[T, rd\]/);
    tf.dispose([x, t.cos, t.sin]);
  });
});
