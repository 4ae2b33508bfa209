import type { Writable } from 'node:stream';

export interface BannerSection {
  title: string;
  rows: Array<[label: string, value: string]>;
}

/**
 * What a person watching `npm start` sees: one banner with every address, then one line per processed
 * item (`✓ booked …`, `✗ rejected …: reason`). Colour only on a terminal; plain lines in files and tests.
 */
export class HubConsole {
  private readonly colour: boolean;

  constructor(
    private readonly out: Writable & { isTTY?: boolean } = process.stdout,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.colour = Boolean(out.isTTY) && !process.env.NO_COLOR;
  }

  banner(title: string, sections: readonly BannerSection[]): void {
    const width = Math.max(...sections.flatMap((s) => s.rows.map(([label]) => label.length)), 10);
    const lines = ['', this.paint('1', title), ''];
    for (const section of sections) {
      lines.push(this.paint('36', section.title));
      for (const [label, value] of section.rows) lines.push(`  ${label.padEnd(width)}  ${value}`);
      lines.push('');
    }
    this.out.write(`${lines.join('\n')}\n`);
  }

  ok(text: string): void {
    this.line(this.paint('32', '✓'), text);
  }

  fail(text: string): void {
    this.line(this.paint('31', '✗'), text);
  }

  warn(text: string): void {
    this.line(this.paint('33', '!'), text);
  }

  info(text: string): void {
    this.line(this.paint('2', '·'), text);
  }

  private line(mark: string, text: string): void {
    const time = this.clock().toTimeString().slice(0, 8);
    this.out.write(`${this.paint('2', time)} ${mark} ${text}\n`);
  }

  private paint(code: string, text: string): string {
    return this.colour ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
}
