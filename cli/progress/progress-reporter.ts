/** Where progress goes: a terminal's stderr, or a fake one in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  /** Width of the terminal; the line is cut to fit so it never wraps (a wrapped line cannot be overwritten). */
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressOptions {
  /** The command, first on the line: `bank`. */
  label: string;
  /** The count shown per second (one of the names given to `update`): `entries`. */
  rateOf: string;
  /** Milliseconds; default `performance.now`. */
  clock?: () => number;
  /** Nothing is shown before a run is this old, so short runs stay silent. Default 500 ms. */
  delayMs?: number;
  /** At most one redraw per this many milliseconds. Default 100 ms. */
  intervalMs?: number;
}

/** What a command reports; a command without a terminal gets one that does nothing. */
export interface Progress {
  /** The counts so far, in the order shown (`{ files: 3, entries: 1200 }`); `totals` adds `3/40`. */
  update(counts: Readonly<Record<string, number>>, totals?: Readonly<Record<string, number>>): void;
  /** Erases the line before other output is written to the same terminal. */
  clear(): void;
  /** Ends the run: a line that was shown is replaced by a final one, with the run's time, and kept. */
  finish(): void;
}

/** `12,345`: digits grouped by hand, since creating an Intl.NumberFormat costs 30–45 ms of the CLI's start. */
function formatCount(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * One line of progress on a terminal, overwritten in place (`\r`, padded with spaces over the previous text,
 * so no escape codes are needed) and throttled: `bank  3/40 files · 1,200 entries · 2,400 entries/s`.
 * On anything but a TTY it writes nothing at all, so pipes and `--json` output stay clean.
 */
export class ProgressReporter implements Progress {
  private readonly active: boolean;
  private readonly clock: () => number;
  private readonly startedAt: number;
  private readonly delayMs: number;
  private readonly intervalMs: number;
  private counts: Readonly<Record<string, number>> = {};
  private totals: Readonly<Record<string, number>> = {};
  private drawnAt = Number.NEGATIVE_INFINITY;
  /** Length of the text on the terminal now (0: nothing shown). */
  private shownLength = 0;
  private everShown = false;
  private finished = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly options: ProgressOptions,
  ) {
    this.active = stream.isTTY === true;
    this.clock = options.clock ?? (() => performance.now());
    this.startedAt = this.clock();
    this.delayMs = options.delayMs ?? 500;
    this.intervalMs = options.intervalMs ?? 100;
  }

  update(counts: Readonly<Record<string, number>>, totals: Readonly<Record<string, number>> = {}): void {
    if (!this.active || this.finished) return;
    this.counts = counts;
    this.totals = totals;
    const now = this.clock();
    if (now - this.startedAt < this.delayMs || now - this.drawnAt < this.intervalMs) return;
    this.drawnAt = now;
    this.draw(this.line(now, false));
  }

  clear(): void {
    if (this.shownLength === 0) return;
    this.stream.write(`\r${' '.repeat(this.shownLength)}\r`);
    this.shownLength = 0;
  }

  finish(): void {
    if (!this.active || this.finished) return;
    this.finished = true;
    if (!this.everShown) return;
    this.draw(this.line(this.clock(), true));
    this.stream.write('\n');
    this.shownLength = 0;
  }

  private draw(text: string): void {
    // A pseudo-terminal without a size reports 0 columns.
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    const fitted = text.length > width ? `${text.slice(0, width - 1)}…` : text;
    const padding = ' '.repeat(Math.max(0, this.shownLength - fitted.length));
    this.stream.write(`\r${fitted}${padding}`);
    this.shownLength = fitted.length;
    this.everShown = true;
  }

  /** The counts and the rate; the final line adds how long the run took. */
  private line(now: number, final: boolean): string {
    const parts = Object.entries(this.counts).map(([name, value]) => {
      const total = this.totals[name];
      return total === undefined
        ? `${formatCount(value)} ${name}`
        : `${formatCount(value)}/${formatCount(total)} ${name}`;
    });
    const seconds = (now - this.startedAt) / 1000;
    const rated = this.counts[this.options.rateOf] ?? 0;
    if (seconds > 0) parts.push(`${formatCount(rated / seconds)} ${this.options.rateOf}/s`);
    if (final) parts.push(`${seconds.toFixed(1)} s`);
    return `${this.options.label}  ${parts.join(' · ')}`;
  }
}
