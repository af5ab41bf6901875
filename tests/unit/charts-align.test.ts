import { describe, expect, it } from 'vitest';
import { alignSeries } from '../../src/lib/charts/align.ts';

describe('alignSeries', () => {
  it('unions and sorts x values and fills gaps with null', () => {
    const data = alignSeries([
      { label: 'a', color: '#000', points: [[0, 5], [20, 3]] },
      { label: 'b', color: '#111', points: [[10, 4], [20, NaN], [0, 6]] },
    ]);
    expect(data).toEqual([[0, 10, 20], [5, null, 3], [6, 4, null]]);
  });
  it('handles no series', () => {
    expect(alignSeries([])).toEqual([[]]);
  });
});
