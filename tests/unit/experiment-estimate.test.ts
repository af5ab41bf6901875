// The time estimate the lab shows before Run, and the speed measurement behind it.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVAL_STEPS_EQUIVALENT, estimateDuration, formatDuration, offerLonger } from '../../src/lib/experiment/estimate.ts';
import { measureStepSpeed } from '../../src/lib/experiment/step-speed.ts';
import { tinyExperiment } from '../helpers/experiments.ts';
import { useCpu } from './model-helpers.ts';

beforeAll(useCpu);

describe('duration estimate', () => {
  it('adds every run and repeat, its steps and its evaluations', () => {
    const c = tinyExperiment(100); // 1 run, eval every 10 → 11 evaluations
    const e = estimateDuration({ ...c, repeats: 3, runs: [...c.runs, { name: 'web', share: 0 }] }, 100);
    expect(e.trainSeconds).toBeCloseTo((6 * 100 * 100) / 1000, 9);
    expect(e.evalSeconds).toBeCloseTo((6 * 11 * EVAL_STEPS_EQUIVALENT * 100) / 1000, 9);
    expect(e.totalSeconds).toBeCloseTo(e.trainSeconds + e.evalSeconds, 9);
    expect(offerLonger(e)).toBe(false);
    expect(offerLonger(estimateDuration(c, 1))).toBe(true);
  });
  it('says it in words a reader takes in at a glance', () => {
    expect(formatDuration(0.2)).toBe('about 1 s');
    expect(formatDuration(42)).toBe('about 40 s');
    expect(formatDuration(400)).toBe('about 7 min');
    expect(formatDuration(3 * 3600)).toBe('about 3.0 h');
  });
  it('measures real training steps of the experiment\'s model and leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const s = await measureStepSpeed(tinyExperiment(10), 3);
    expect(s.steps).toBe(3);
    expect(s.msPerStep).toBeGreaterThan(0);
    expect(s.msPerStep).toBeLessThan(60_000);
    expect(tf.memory().numTensors).toBe(before);
  });
});
