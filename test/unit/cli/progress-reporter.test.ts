import { describe, expect, it } from 'vitest';
import { type ProgressOptions, ProgressReporter, type ProgressStream } from '../../../cli/progress/index.ts';

/** A stream that records what was written, with a terminal's `isTTY` and `columns` as given. */
class FakeStream implements ProgressStream {
  readonly writes: string[] = [];
  constructor(
    readonly isTTY: boolean,
    readonly columns = 80,
  ) {}
  write(text: string): boolean {
    this.writes.push(text);
    return true;
  }
  /** What the terminal shows: each `\r` returns to the start of the line, each `\n` ends it. */
  screen(): string[] {
    const lines: string[] = [''];
    let column = 0;
    for (const char of this.writes.join('')) {
      if (char === '\r') column = 0;
      else if (char === '\n') {
        lines.push('');
        column = 0;
      } else {
        const line = lines[lines.length - 1] as string;
        lines[lines.length - 1] = line.slice(0, column) + char + line.slice(column + 1);
        column++;
      }
    }
    return lines.map((line) => line.trimEnd());
  }
}

/** A reporter on a fake stream with a clock the test moves (`clock.now`, in ms). */
function reporterOn(stream: FakeStream, options: Partial<ProgressOptions> = {}) {
  const clock = { now: 0 };
  const progress = new ProgressReporter(stream, {
    label: 'bank',
    rateOf: 'entries',
    delayMs: 0,
    intervalMs: 0,
    ...options,
    clock: () => clock.now,
  });
  return { progress, clock };
}

describe('ProgressReporter', () => {
  it('writes nothing at all when the stream is not a terminal', () => {
    // Prepare
    const stream = new FakeStream(false);
    const { progress, clock } = reporterOn(stream, { delayMs: 500, intervalMs: 100 });
    // Act
    for (let second = 1; second <= 5; second++) {
      clock.now = second * 1000;
      progress.update({ files: second, entries: second * 100 });
    }
    progress.clear();
    progress.finish();
    // Assess
    expect(stream.writes).toEqual([]);
  });

  it('stays silent for a run shorter than its delay', () => {
    // Prepare
    const stream = new FakeStream(true);
    const { progress, clock } = reporterOn(stream, { delayMs: 500 });
    // Act
    clock.now = 200;
    progress.update({ files: 1, entries: 10 });
    clock.now = 400;
    progress.finish();
    // Assess
    expect(stream.writes).toEqual([]);
  });

  it('shows counts, totals and the rate on one line, overwritten in place, then a final line', () => {
    // Prepare
    const stream = new FakeStream(true);
    const { progress, clock } = reporterOn(stream);
    // Act
    clock.now = 1000;
    progress.update({ files: 1, entries: 12000 }, { files: 4 });
    const first = stream.screen();
    clock.now = 2000;
    progress.update({ files: 4, entries: 30000 }, { files: 4 });
    const second = stream.screen();
    progress.finish();
    // Assess
    expect(first).toEqual(['bank  1/4 files · 12,000 entries · 12,000 entries/s']);
    expect(second).toEqual(['bank  4/4 files · 30,000 entries · 15,000 entries/s']);
    expect(stream.screen()).toEqual(['bank  4/4 files · 30,000 entries · 15,000 entries/s · 2.0 s', '']);
    expect(stream.writes.join('')).not.toMatch(/\n.*\n/);
  });

  it('redraws at most once per interval however often it is updated', () => {
    // Prepare
    const stream = new FakeStream(true);
    const { progress, clock } = reporterOn(stream, { label: 'match', intervalMs: 100 });
    // Act: 1,000 updates over one second
    for (let entry = 1; entry <= 1000; entry++) {
      clock.now = entry;
      progress.update({ entries: entry });
    }
    // Assess
    expect(stream.writes.length).toBeGreaterThanOrEqual(9);
    expect(stream.writes.length).toBeLessThanOrEqual(11);
  });

  it('erases its line for other output and pads a shorter line over a longer one', () => {
    // Prepare
    const stream = new FakeStream(true);
    const { progress, clock } = reporterOn(stream, { label: 'ubl', rateOf: 'files' });
    clock.now = 1000;
    progress.update({ files: 123456 });
    // Act
    progress.clear();
    stream.write('cashlink ubl: cannot read a.xml\n');
    clock.now = 2000;
    progress.update({ files: 1 });
    // Assess
    expect(stream.screen()).toEqual(['cashlink ubl: cannot read a.xml', 'ubl  1 files · 1 files/s']);
  });

  it('cuts the line to the terminal width so it never wraps', () => {
    // Prepare
    const stream = new FakeStream(true, 30);
    const { progress, clock } = reporterOn(stream);
    // Act
    clock.now = 1000;
    progress.update({ files: 10, statements: 20, entries: 3000 }, { files: 40 });
    // Assess
    const [line] = stream.screen();
    expect(line).toHaveLength(29);
    expect(line).toMatch(/^bank {2}10\/40 files · 20 stat.*…$/);
  });
});
