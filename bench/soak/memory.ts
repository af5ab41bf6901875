// Memory figures of a long run and the verdict on whether they stayed flat. Pure: shared by the soak page
// (which samples) and scripts/soak.ts (which prints); unit-tested on hand-made samples.

export interface MemorySample {
  step: number;
  /** Live tfjs tensors. */
  tensors: number;
  /** Bytes held by live tensors. */
  tensorBytes: number;
  /** Bytes of GPU buffers tfjs has allocated, pooled ones included (webgpu only; null elsewhere). */
  gpuBytes: number | null;
  /** JS heap in use after a forced garbage collection (Chromium only; null elsewhere). */
  heapBytes: number | null;
}

export interface FlatnessVerdict {
  flat: boolean;
  /** One line per figure: its value after warm-up, at the end, and whether it held. */
  lines: string[];
}

/** Allowed growth from the first sample after warm-up to the last, per figure. Tensors must not grow at
 *  all; buffer pools and heaps may wobble a little (allocator rounding, JIT), never trend upwards. */
export const GROWTH_LIMITS = { tensors: 0, tensorBytes: 0, gpuBytes: 0.05, heapBytes: 0.2 } as const;

type Figure = keyof typeof GROWTH_LIMITS;

/**
 * Compares the samples after the first `warmup` of them (shader compilation, pool filling and the first
 * evaluation allocate once) with the last one. A figure holds when last ≤ reference·(1 + limit), where the
 * reference is the largest value seen right after warm-up, so a plateau reached early is not a leak.
 */
export function judgeFlatness(samples: readonly MemorySample[], warmup = 2): FlatnessVerdict {
  if (samples.length < warmup + 2) return { flat: false, lines: [`only ${samples.length} samples: too few to judge (need ${warmup + 2})`] };
  const settled = samples.slice(warmup);
  const last = settled[settled.length - 1];
  const lines: string[] = [];
  let flat = true;
  for (const figure of Object.keys(GROWTH_LIMITS) as Figure[]) {
    const first = settled[0][figure];
    const end = last[figure];
    if (first === null || end === null) {
      lines.push(`${figure}: not measured here`);
      continue;
    }
    const reference = Math.max(first, settled[1][figure] ?? first);
    const limit = GROWTH_LIMITS[figure];
    const ok = end <= reference * (1 + limit);
    flat &&= ok;
    const growth = reference > 0 ? ((end - reference) / reference) * 100 : end - reference;
    lines.push(`${figure}: ${reference} after warm-up → ${end} at step ${last.step} (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%, limit +${limit * 100}%) ${ok ? 'flat' : 'GREW'}`);
  }
  return { flat, lines };
}

/** Tensors a finished experiment leaves behind: its runs are disposed, so the count must return to the
 *  count before it started. */
export function leftoverTensors(before: MemorySample, after: MemorySample): number {
  return after.tensors - before.tensors;
}
