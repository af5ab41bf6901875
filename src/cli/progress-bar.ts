// A progress bar for long command-line jobs. On a terminal it redraws one line in place (at most a few
// times a second); when stderr is a file or a pipe (CI logs, `2> log`) it prints a plain line at every
// tenth of the way instead, so logs stay readable and carriage returns never pile up.

export interface ProgressSink {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressState {
  done: number;
  total: number;
  elapsedSeconds: number;
  /** Anything else worth seeing, e.g. "1,234 docs · 5 shards". */
  detail?: string;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** "0:42", "12:03", "1:02:03"; "—" when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const mb = (n: number) => (n / 1e6).toFixed(1);

/** Share done, size, speed and time left, in words (the same in both renderings). */
function figures(s: ProgressState): string {
  const rate = s.elapsedSeconds > 0 ? s.done / s.elapsedSeconds : 0;
  const eta = rate > 0 ? (s.total - s.done) / rate : Number.NaN;
  const pct = s.total > 0 ? Math.min(100, Math.floor((100 * s.done) / s.total)) : 100;
  const left = s.done >= s.total ? `took ${formatDuration(s.elapsedSeconds)}` : `ETA ${formatDuration(eta)}`;
  return `${String(pct).padStart(3)}% ${mb(s.done)}/${mb(s.total)} MB · ${mb(rate)} MB/s · ${left}${s.detail ? ` · ${s.detail}` : ''}`;
}

/** One terminal line: label, a bar filling the room left (8 to 40 cells), the figures; never wider than `columns`. */
export function renderBar(label: string, s: ProgressState, columns: number): string {
  const text = figures(s);
  const cells = Math.max(8, Math.min(40, columns - label.length - text.length - 5));
  const frac = s.total > 0 ? Math.min(1, Math.max(0, s.done / s.total)) : 1;
  const eighths = Math.floor(frac * cells * 8);
  const full = Math.floor(eighths / 8);
  const bar = '█'.repeat(full) + EIGHTHS[eighths % 8] + ' '.repeat(cells - full - (eighths % 8 ? 1 : 0));
  const line = `${label} ▕${bar}▏ ${text}`;
  return line.length > columns ? line.slice(0, Math.max(0, columns - 1)) + '…' : line;
}

/** One plain log line. */
export function renderLine(label: string, s: ProgressState): string {
  return `${label}: ${figures(s).trimStart()}`;
}

export class ProgressBar {
  private lastDraw = -Infinity;
  private lastTenth = -1;
  private readonly started: number;

  constructor(
    private readonly sink: ProgressSink,
    private readonly label: string,
    private readonly total: number,
    private readonly now: () => number = () => performance.now(),
    /** Least time between two terminal redraws. */
    private readonly intervalMs = 200,
  ) {
    this.started = now();
  }

  /** The terminal's width; some pseudo-terminals report 0 columns. */
  private columns(): number {
    const c = this.sink.columns;
    return c !== undefined && c >= 40 ? c : 80;
  }

  private state(done: number, detail?: string): ProgressState {
    return { done, total: this.total, elapsedSeconds: (this.now() - this.started) / 1000, detail };
  }

  /** Reports progress; draws only when it is time to (cheap to call often). */
  update(done: number, detail?: string): void {
    if (this.sink.isTTY) {
      if (this.now() - this.lastDraw < this.intervalMs) return;
      this.lastDraw = this.now();
      this.sink.write(`\r${renderBar(this.label, this.state(done, detail), this.columns())}\x1b[K`);
      return;
    }
    const tenth = this.total > 0 ? Math.floor((10 * Math.min(done, this.total)) / this.total) : 10;
    if (tenth <= this.lastTenth || tenth >= 10) return; // 100% is printed by finish()
    this.lastTenth = tenth;
    this.sink.write(renderLine(this.label, this.state(done, detail)) + '\n');
  }

  /** Draws the final state (the whole total: generation may stop a little past it) and ends the line. */
  finish(done: number, detail?: string): void {
    const s = { ...this.state(done, detail), total: Math.max(this.total, done) };
    this.sink.write(this.sink.isTTY ? `\r${renderBar(this.label, s, this.columns())}\x1b[K\n` : renderLine(this.label, s) + '\n');
  }
}
