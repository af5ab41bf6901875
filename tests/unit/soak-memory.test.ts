// The soak's verdict (bench/soak/memory.ts) on hand-made memory samples: a plateau is flat, a slow leak
// is caught, figures a platform cannot measure are reported as such.
import { describe, expect, it } from 'vitest';
import { judgeFlatness, leftoverTensors, type MemorySample } from '../../bench/soak/memory.ts';

const s = (step: number, tensors: number, gpuBytes: number | null = 1000, heapBytes: number | null = 5000): MemorySample => ({
  step,
  tensors,
  tensorBytes: tensors * 10,
  gpuBytes,
  heapBytes,
});

describe('soak memory verdict', () => {
  it('accepts figures that settle after warm-up and then stay put', () => {
    const v = judgeFlatness([s(0, 10, 100), s(100, 60, 900), s(200, 60, 1000), s(300, 60, 1000), s(400, 60, 1020)]);
    expect(v.flat).toBe(true);
    expect(v.lines.every((l) => !l.includes('GREW'))).toBe(true);
  });

  it('catches one tensor leaked per evaluation', () => {
    const v = judgeFlatness([s(0, 10), s(100, 60), s(200, 60), s(300, 61), s(400, 62)]);
    expect(v.flat).toBe(false);
    expect(v.lines.find((l) => l.startsWith('tensors:'))).toMatch(/GREW/);
  });

  it('catches a GPU pool that keeps growing by more than 5%', () => {
    const v = judgeFlatness([s(0, 60, 1000), s(100, 60, 1000), s(200, 60, 1000), s(300, 60, 1040), s(400, 60, 1100)]);
    expect(v.flat).toBe(false);
    expect(v.lines.find((l) => l.startsWith('gpuBytes:'))).toMatch(/GREW/);
  });

  it('says which figures were not measured, and refuses to judge too few samples', () => {
    const v = judgeFlatness([s(0, 5, null, null), s(1, 5, null, null), s(2, 5, null, null), s(3, 5, null, null)]);
    expect(v.flat).toBe(true);
    expect(v.lines).toContain('gpuBytes: not measured here');
    expect(judgeFlatness([s(0, 5), s(1, 5)]).flat).toBe(false);
  });

  it('counts tensors left behind after a run', () => {
    expect(leftoverTensors(s(0, 12), s(9, 12))).toBe(0);
    expect(leftoverTensors(s(0, 12), s(9, 15))).toBe(3);
  });
});
