import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentReader } from '../../../cli/argument-reader.ts';

/** Reads every argument; flags in `valued` take a value. */
function read(argv: string[], valued: ReadonlySet<string>) {
  const problems: string[] = [];
  const args = new ArgumentReader(argv, problems);
  const seen: Array<[string, string | undefined]> = [];
  while (args.next()) seen.push([args.flag, valued.has(args.flag) ? args.value('a file') : undefined]);
  return { seen, problems };
}

describe('ArgumentReader', () => {
  it.each([
    [
      ['--table', 't1', '--json'],
      [
        ['--table', 't1'],
        ['--json', undefined],
      ],
      [],
    ],
    [
      ['--table=t=1', 'x.sta'],
      [
        ['--table', 't=1'],
        ['x.sta', undefined],
      ],
      [],
    ],
    [
      ['--table', '--json'],
      [
        ['--table', undefined],
        ['--json', undefined],
      ],
      ['--table needs a file'],
    ],
    [['--table'], [['--table', undefined]], ['--table needs a file']],
    [
      ['-h', '--table='],
      [
        ['-h', undefined],
        ['--table', ''],
      ],
      [],
    ],
  ] as const)('reads %j', (argv, seen, problems) => {
    // Act
    const result = read([...argv], new Set(['--table']));
    // Assess
    expect(result.seen).toEqual(seen);
    expect(result.problems).toEqual(problems);
  });

  it('never throws and reads each argument as a flag or as the value before it, whatever the arguments (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('--table', '--json', '--x=1'), fc.string())), (argv) => {
        const { seen } = read(argv, new Set(['--table']));
        expect(seen.length).toBeGreaterThanOrEqual(Math.ceil(argv.length / 2));
        expect(seen.length).toBeLessThanOrEqual(argv.length);
      }),
    );
  });
});
