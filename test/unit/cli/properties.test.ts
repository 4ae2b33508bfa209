import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../cli/cli-io.ts';
import { COMMANDS } from '../../../cli/commands/index.ts';
import { main } from '../../../cli/main.ts';
import { ProgressReporter } from '../../../cli/progress/index.ts';
import { fuzzParameters, STACK_FRAME } from '../../support/fuzz.ts';

const GLOBAL_FLAGS = new Set(['--help', '-h', 'help', '--version', '-V']);

describe('cashlink command line (properties)', () => {
  it('any first word that is no command nor flag exits 2 with one short line naming it, no stack', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 2000 }).filter((word) => !Object.hasOwn(COMMANDS, word)),
        fc.array(fc.string(), { maxLength: 5 }),
        async (word, rest) => {
          fc.pre(!GLOBAL_FLAGS.has(word));
          // Prepare
          const stdout: string[] = [];
          const stderr: string[] = [];
          const io: CliIo = { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line) };
          // Act
          const code = await main([word, ...rest], io);
          // Assess
          expect(code).toBe(2);
          expect(stdout).toEqual([]);
          expect(stderr).toHaveLength(1);
          expect(stderr[0]).toContain(word.slice(0, 40));
          expect((stderr[0] as string).length).toBeLessThan(250);
          expect(stderr[0]).not.toMatch(STACK_FRAME);
        },
      ),
      fuzzParameters(100),
    );
  });
});

describe('ProgressReporter (properties)', () => {
  it('never shows more than the terminal width and ends on a line of its own', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.array(
          fc.record({
            at: fc.integer({ min: 0, max: 10_000 }),
            counts: fc.dictionary(fc.string({ minLength: 1, maxLength: 30 }), fc.nat()),
          }),
          { maxLength: 30 },
        ),
        (columns, updates) => {
          // Prepare
          let written = '';
          const stream = { isTTY: true, columns, write: (text: string) => (written += text) };
          let now = 0;
          const progress = new ProgressReporter(stream, {
            label: 'bank',
            rateOf: 'entries',
            clock: () => now,
            delayMs: 0,
            intervalMs: 0,
          });
          // Act
          for (const update of updates.sort((a, b) => a.at - b.at)) {
            now = update.at;
            progress.update(update.counts);
          }
          progress.finish();
          // Assess
          const width = Math.max(20, (columns || 80) - 1);
          for (const drawn of written.split(/[\r\n]/)) expect(drawn.length).toBeLessThanOrEqual(width);
          expect(written === '' || written.endsWith('\n')).toBe(true);
        },
      ),
      fuzzParameters(200),
    );
  });
});
