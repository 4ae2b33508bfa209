import { describe, expect, it } from 'vitest';
import { CashSimulatorError, parseServeArgs } from '../../../lib/cash/simulator/index.ts';

describe('parseServeArgs', () => {
  it('defaults to a local key on DEMO, sync, decimal comma, a free port', () => {
    expect(parseServeArgs([])).toEqual({
      port: 0,
      options: {
        apiKeys: { 'local-dev-key': ['DEMO'] },
        amountNotation: 'decimal-comma',
        processing: 'sync',
        vatFromCode: false,
      },
    });
  });

  it('reads every option', () => {
    // Act
    const { port, options } = parseServeArgs([
      '--port',
      '8504',
      '--key',
      'a=DEMO,OTHER',
      '--key',
      'b=DEMO',
      '--persist',
      '.hub/cash.json',
      '--async',
      '--pending-polls',
      '3',
      '--notation',
      'cents',
      '--rate-limit',
      '0',
      '--seed',
      '9',
      '--vat-from-code',
    ]);
    // Assess
    expect(port).toBe(8504);
    expect(options).toEqual({
      apiKeys: { a: ['DEMO', 'OTHER'], b: ['DEMO'] },
      amountNotation: 'cents',
      processing: 'async',
      vatFromCode: true,
      pendingPolls: 3,
      rateLimitPerMinute: 0,
      seed: 9,
      persistPath: '.hub/cash.json',
    });
  });

  it.each([[['--key', 'nokey']], [['--notation', 'dots']], [['--port', 'eighty']], [['--unknown']]])(
    'refuses %j',
    (argv) => {
      expect(() => parseServeArgs(argv)).toThrow();
    },
  );

  it.each([[['--rate-limit', '-1']], [['--rate-limit=-1']], [['--bogus']]])(
    'throws a simulator error for %j',
    (argv) => {
      expect(() => parseServeArgs(argv)).toThrow(CashSimulatorError);
    },
  );
});
