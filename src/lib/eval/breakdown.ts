// Probe accuracy by slice (contract: EvalPoint.probeBreakdown), keyed "family/slice", from the facets
// the corpus records on each probe: arithmetic by number of steps (in-distribution problems) and by
// split (iid, ood, and which way ood: more steps or bigger operands); textbook by question kind
// (direct, two-hop, multi-hop, negative, definition). Ladder arithmetic probes (meta.rung) are also
// sliced by rung ("rung=2-digit-carry"). A probe counts as correct by its family's
// headline rule: candidate ranking when it has candidates, exact match (final answer) otherwise.
// Probes outside the context window are not scored, so they are in no slice.
import type { FamilyName, Probe } from '../corpus/types.ts';
import type { ProbeResult } from './probes.ts';

type Slicer = (p: Probe) => string[];

const SLICERS: Partial<Record<FamilyName, Slicer>> = {
  arithmetic: (p) => {
    if (p.meta?.split === 'ood') return typeof p.meta.ood === 'string' ? ['ood', `ood-${p.meta.ood}`] : ['ood'];
    const slices = typeof p.meta?.steps === 'number' ? ['iid', `steps=${p.meta.steps}`] : ['iid'];
    return typeof p.meta?.rung === 'string' ? [...slices, `rung=${p.meta.rung}`] : slices;
  },
  textbook: (p) => [p.kind],
};

/** Correct by the family's headline rule (see above). */
export const probeCorrect = (r: ProbeResult): boolean => (r.rank !== undefined ? r.rank === 1 : r.exact);

/** Accuracy (0..1) per "family/slice"; slices with no scored probe are absent. `results[i]` belongs to `probes[i]`. */
export function probeBreakdown(probes: readonly Probe[], results: readonly ProbeResult[]): Record<string, number> {
  const tally = new Map<string, { right: number; all: number }>();
  probes.forEach((p, i) => {
    const slicer = SLICERS[p.family];
    const r = results[i];
    if (!slicer || !r?.inContext) return;
    for (const slice of slicer(p)) {
      const key = `${p.family}/${slice}`;
      const t = tally.get(key) ?? { right: 0, all: 0 };
      t.all++;
      if (probeCorrect(r)) t.right++;
      tally.set(key, t);
    }
  });
  return Object.fromEntries([...tally].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([k, t]) => [k, t.right / t.all]));
}
