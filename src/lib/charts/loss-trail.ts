// The per-step training loss of one run, for the live chart. A run of 200,000 steps must not hold
// 200,000 chart points, so the trail keeps at most `cap` points: each point is the mean loss of a
// bucket of `stride` consecutive steps, and the stride doubles (neighbours merge) whenever the cap is hit.
// A step at or before the last one seen (a NaN rollback, a resume from a checkpoint) cuts the trail back
// first, so the chart never shows a loss from weights that were thrown away.

export interface TrailPoint {
  /** Last step of the bucket. */
  step: number;
  /** Mean loss over the bucket. */
  loss: number;
  /** Steps in the bucket. */
  count: number;
}

export class LossTrail {
  private points: TrailPoint[] = [];
  private stride = 1;
  private open: TrailPoint | null = null;

  constructor(readonly cap = 1000) {
    if (!(Number.isInteger(cap) && cap >= 2)) throw new Error(`LossTrail cap must be an integer >= 2, got ${cap}`);
  }

  /** Steps per point now (1 until the cap is first reached). */
  get stepsPerPoint(): number {
    return this.stride;
  }

  get lastStep(): number {
    return this.open?.step ?? this.points.at(-1)?.step ?? 0;
  }

  add(step: number, loss: number): void {
    if (!Number.isFinite(loss) || !Number.isFinite(step)) return;
    if (step <= this.lastStep) this.cutFrom(step);
    const b = this.open ?? { step, loss: 0, count: 0 };
    b.loss = (b.loss * b.count + loss) / (b.count + 1);
    b.count++;
    b.step = step;
    this.open = b;
    if (b.count >= this.stride) {
      this.points.push(b);
      this.open = null;
      if (this.points.length > this.cap) this.halve();
    }
  }

  /** Drops every point whose bucket reaches `step` or later (the bucket holding it goes too). */
  cutFrom(step: number): void {
    this.open = null;
    let n = this.points.length;
    while (n > 0 && this.points[n - 1].step >= step) n--;
    this.points.length = n;
  }

  /** The chart's points, including the bucket still filling. */
  series(): Array<[step: number, loss: number]> {
    const all = this.open ? [...this.points, this.open] : this.points;
    return all.map((p) => [p.step, p.loss]);
  }

  private halve(): void {
    const merged: TrailPoint[] = [];
    for (let i = 0; i < this.points.length; i += 2) {
      const a = this.points[i];
      const b = this.points[i + 1];
      merged.push(b ? { step: b.step, loss: (a.loss * a.count + b.loss * b.count) / (a.count + b.count), count: a.count + b.count } : a);
    }
    // An odd point out stays as the open bucket so later steps keep filling it to the new stride.
    const last = merged.at(-1);
    if (last && last.count < this.stride * 2) this.open = merged.pop() ?? null;
    this.points = merged;
    this.stride *= 2;
  }
}
