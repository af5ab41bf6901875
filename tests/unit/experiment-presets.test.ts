import { describe, expect, it } from 'vitest';
import { validateExperimentConfig } from '../../src/lib/experiment/config.ts';
import { EXPERIMENT_PRESETS } from '../../src/lib/experiment/presets.ts';

describe('experiment presets', () => {
  for (const p of EXPERIMENT_PRESETS) {
    it(`${p.id} is a valid experiment with a lesson and an expected effect`, () => {
      const r = validateExperimentConfig(p.config());
      expect(r.ok ? [] : r.errors).toEqual([]);
      expect(p.lesson.length).toBeGreaterThan(80);
      expect(p.expected.length).toBeGreaterThan(20);
    });
  }
  it('have unique ids', () => {
    expect(new Set(EXPERIMENT_PRESETS.map((p) => p.id)).size).toBe(EXPERIMENT_PRESETS.length);
  });
});
