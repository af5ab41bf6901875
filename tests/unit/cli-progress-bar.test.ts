// The corpus CLI's progress display: a bar redrawn in place on a terminal (never wider than it, at most
// a few redraws a second), plain lines at each tenth of the way otherwise.
import { describe, expect, it } from 'vitest';
import { formatDuration, ProgressBar, renderBar, renderLine } from '../../src/cli/progress-bar.ts';

class Sink {
  out = '';
  constructor(readonly isTTY: boolean, readonly columns = 80) {}
  write(s: string) {
    this.out += s;
  }
}

describe('progress bar', () => {
  it('formats durations', () => {
    expect([formatDuration(0), formatDuration(62.4), formatDuration(3723), formatDuration(NaN), formatDuration(-1)]).toEqual(['0:00', '1:02', '1:02:03', '—', '—']);
  });

  it('draws a bar whose filled part is the share done, with speed and time left', () => {
    const line = renderBar('corpus', { done: 250e6, total: 1000e6, elapsedSeconds: 25, detail: '12 shards' }, 100);
    expect(line).toContain(' 25% 250.0/1000.0 MB · 10.0 MB/s · ETA 1:15 · 12 shards');
    const bar = /▕(.*)▏/.exec(line)![1];
    const filled = [...bar].filter((c) => c === '█').length;
    expect(filled / [...bar].length).toBeCloseTo(0.25, 1);
    expect(line.length).toBeLessThanOrEqual(100);
  });

  it('never draws wider than the terminal, and says how long a finished job took', () => {
    const narrow = renderBar('corpus', { done: 5e6, total: 5e6, elapsedSeconds: 2, detail: 'x'.repeat(200) }, 60);
    expect(narrow.length).toBeLessThanOrEqual(60);
    expect(renderLine('corpus', { done: 5e6, total: 5e6, elapsedSeconds: 2 })).toBe('corpus: 100% 5.0/5.0 MB · 2.5 MB/s · took 0:02');
  });

  it('on a terminal, redraws one line in place at most every interval', () => {
    let t = 0;
    const sink = new Sink(true);
    const bar = new ProgressBar(sink, 'corpus', 100, () => t, 200);
    bar.update(10);
    t = 50;
    bar.update(20); // too soon: skipped
    t = 300;
    bar.update(30);
    bar.finish(100);
    const draws = sink.out.split('\r').filter(Boolean);
    expect(draws.length).toBe(3);
    expect(draws[1]).toContain(' 30%');
    expect(sink.out.endsWith('\n')).toBe(true);
    expect(sink.out.slice(0, -1)).not.toContain('\n');
  });

  it('draws a full bar when a pseudo-terminal reports no width', () => {
    const sink = new Sink(true, 0);
    const bar = new ProgressBar(sink, 'corpus', 100, () => 0);
    bar.finish(100);
    expect(sink.out).toContain('100% 0.0/0.0 MB');
    expect(sink.out.length).toBeLessThan(100);
  });

  it('elsewhere, prints a plain line at each tenth and one at the end', () => {
    let t = 0;
    const sink = new Sink(false);
    const bar = new ProgressBar(sink, 'corpus', 1000, () => t);
    for (let done = 0; done <= 1000; done += 25) {
      t += 100;
      bar.update(done);
    }
    bar.finish(1003);
    const lines = sink.out.trim().split('\n');
    expect(sink.out).not.toContain('\r');
    expect(lines.map((l) => /(\d+)%/.exec(l)![1])).toEqual(['0', '10', '20', '30', '40', '50', '60', '70', '80', '90', '100']);
    expect(lines.at(-1)).toMatch(/took /);
  });
});
