import { describe, expect, it } from 'vitest';
import { LossTrail } from '../../src/lib/charts/loss-trail.ts';

describe('LossTrail', () => {
  it('keeps every step until the cap, then merges neighbours into means (stride doubles)', () => {
    const t = new LossTrail(4);
    for (let s = 1; s <= 4; s++) t.add(s, s);
    expect(t.series()).toEqual([[1, 1], [2, 2], [3, 3], [4, 4]]);
    t.add(5, 5);
    // Five points exceed the cap of 4: pairs merge, the odd one out keeps filling.
    expect(t.stepsPerPoint).toBe(2);
    expect(t.series()).toEqual([[2, 1.5], [4, 3.5], [5, 5]]);
    t.add(6, 7);
    expect(t.series()).toEqual([[2, 1.5], [4, 3.5], [6, 6]]);
  });

  it('stays within its cap over a long run and keeps the overall mean', () => {
    const t = new LossTrail(100);
    let sum = 0;
    for (let s = 1; s <= 10_000; s++) {
      const loss = 5 + Math.sin(s);
      sum += loss;
      t.add(s, loss);
    }
    const pts = t.series();
    expect(pts.length).toBeLessThanOrEqual(101);
    expect(pts.at(-1)![0]).toBe(10_000);
    // Equal-sized buckets except the open one, so the weighted mean is the mean of every step.
    const stride = t.stepsPerPoint;
    const full = pts.length - 1;
    const open = 10_000 - full * stride;
    const mean = (pts.slice(0, full).reduce((a, [, l]) => a + l * stride, 0) + pts[full][1] * open) / 10_000;
    expect(mean).toBeCloseTo(sum / 10_000, 9);
  });

  it('cuts back when steps repeat (a rollback or a resume) and ignores non-finite losses', () => {
    const t = new LossTrail(10);
    for (let s = 1; s <= 8; s++) t.add(s, 10 - s);
    t.add(9, NaN);
    t.add(6, 1);
    expect(t.series()).toEqual([[1, 9], [2, 8], [3, 7], [4, 6], [5, 5], [6, 1]]);
    expect(t.lastStep).toBe(6);
  });

  it('refuses a cap it cannot honour', () => {
    expect(() => new LossTrail(1)).toThrow(/cap/);
  });
});
