/**
 * Walks a command's arguments: `--flag value`, `--flag=value` and bare arguments. A flag whose value is
 * missing (the end, or another `--flag` next) is recorded in `problems` as "`--flag` needs …" and reads as
 * undefined, so a command reports every problem at once instead of the first.
 */
export class ArgumentReader {
  private index = -1;
  private inline: string | undefined;
  /** The current argument as given (`--flag=value` whole). */
  argument = '';
  /** The current argument's flag: the part before `=` of `--flag=value`, else the whole argument. */
  flag = '';

  constructor(
    private readonly argv: readonly string[],
    private readonly problems: string[],
  ) {}

  /** Moves to the next argument; false at the end. */
  next(): boolean {
    this.index++;
    if (this.index >= this.argv.length) return false;
    const argument = this.argv[this.index] as string;
    const equals = argument.startsWith('--') ? argument.indexOf('=') : -1;
    this.argument = argument;
    this.flag = equals >= 0 ? argument.slice(0, equals) : argument;
    this.inline = equals >= 0 ? argument.slice(equals + 1) : undefined;
    return true;
  }

  /** The current flag's value (after `=`, else the next argument, which it then consumes). */
  value(what = 'a value'): string | undefined {
    if (this.inline !== undefined) return this.inline;
    const next = this.argv[this.index + 1];
    if (next === undefined || next.startsWith('--')) {
      this.problems.push(`${this.flag} needs ${what}`);
      return undefined;
    }
    this.index++;
    return next;
  }
}
