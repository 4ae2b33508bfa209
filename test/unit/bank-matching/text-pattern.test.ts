import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_RULE_TEXT_LENGTH,
  Matcher,
  type MatchRule,
  TextPattern,
} from '../../../lib/bank/matching/index.ts';
import { rulePatternProblem } from '../../../lib/partner-api/index.ts';
import { entry, ledger, memoryWith } from './fixtures.ts';

/** Backtracks exponentially in JavaScript's engine: 80 s on 40 characters before RE2. */
const EVIL = '.*.*.*.*.*.*.*.*X';

function ruleOn(textRegex: string): MatchRule {
  return {
    id: 'r-evil',
    origin: 'user',
    conditions: { textRegex },
    action: { ledgerAccount: '8300' },
    confirmations: 0,
  };
}

describe('Class: TextPattern', () => {
  it('is accepted by the API check and runs in linear time on a 40-character and a 10 KB line', () => {
    // Prepare
    const matcher = new Matcher(ledger(), memoryWith({ rules: [ruleOn(EVIL)] }));
    const short = entry({ remittance: 'a'.repeat(40) });
    const long = entry({ remittance: 'ab '.repeat(3_400) });
    // Act
    const problem = rulePatternProblem(EVIL);
    const decisions = [matcher.match(short), matcher.match(long)];
    // Assess
    expect(problem).toBeUndefined();
    for (const decision of decisions) expect(decision.ruleId).toBeUndefined();
  }, 5_000);

  it('still matches what the pattern says, case-insensitively', () => {
    // Prepare
    const matcher = new Matcher(ledger(), memoryWith({ rules: [ruleOn(EVIL)] }));
    // Act
    const decision = matcher.match(entry({ remittance: `${'a'.repeat(38)}x` }));
    // Assess
    expect(decision).toMatchObject({ decision: 'auto', ruleId: 'r-evil', ledgerAccount: '8300' });
  }, 5_000);

  it(`looks at the first ${MAX_RULE_TEXT_LENGTH} characters of a line only`, () => {
    // Prepare
    const pattern = TextPattern.compile('kenmerk 42$') as TextPattern;
    const within = `${'x'.repeat(MAX_RULE_TEXT_LENGTH - 10)}kenmerk 42`;
    const beyond = `${'x'.repeat(MAX_RULE_TEXT_LENGTH)}kenmerk 42`;
    // Act
    const results = [pattern.test(within), pattern.test(beyond)];
    // Assess
    expect(results).toEqual([true, false]);
  });

  it('refuses what RE2 cannot run in linear time, with the reason', () => {
    // Act
    const compiled = TextPattern.compile('(\\w)\\1');
    // Assess
    expect(compiled).not.toBeInstanceOf(TextPattern);
    expect((compiled as { message: string }).message).toMatch(/escape|backreference/i);
  });

  it('never throws and agrees with RegExp on simple patterns (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-c.*+?|]{1,12}$/),
        fc.stringMatching(/^[a-cA-C ]{0,30}$/),
        (pattern, text) => {
          // Prepare
          let reference: RegExp;
          try {
            reference = new RegExp(pattern, 'i');
          } catch {
            return;
          }
          // Act
          const compiled = TextPattern.compile(pattern);
          // Assess
          if (compiled instanceof TextPattern) expect(compiled.test(text)).toBe(reference.test(text));
        },
      ),
      { numRuns: 500 },
    );
  });
});
