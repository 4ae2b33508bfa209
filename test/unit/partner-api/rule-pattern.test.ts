import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextPattern } from '../../../lib/bank/matching/index.ts';
import { MAX_RULE_PATTERN_LENGTH, rulePatternProblem } from '../../../lib/partner-api/index.ts';

describe('rulePatternProblem', () => {
  it.each([
    'omzetbelasting',
    '^kosten\\s+\\w+',
    'termijn \\d{1,2}/\\d{4}',
    '(rente|kosten) zakelijk',
    '(?:huur|pacht) [a-z]+ 20\\d\\d',
    'factuur[- ]?nr\\.? ?\\d+',
    '[(]bijdrage[)]+',
    '(ab)?c',
    '.*.*.*.*.*.*.*.*X',
  ])('accepts %s', (pattern) => {
    // Act
    const problem = rulePatternProblem(pattern);
    // Assess
    expect(problem).toBeUndefined();
  });

  it.each([
    ['(a+)+$', 'regex-nested-repetition'],
    ['(\\d*)*x', 'regex-nested-repetition'],
    ['(x|xx)+y', 'regex-nested-repetition'],
    ['((ab)+c){2,}', 'regex-nested-repetition'],
    ['(?:a{2,})*', 'regex-nested-repetition'],
    ['(\\w)\\1', 'regex-backreference'],
    ['(?<n>a)\\k<n>', 'regex-backreference'],
    ['(?<=EUR )\\d+', 'regex-lookbehind'],
    // RE2 (the matcher's engine) has no look-ahead; these were accepted while rules ran in RegExp.
    ['(?=.*loon)salaris', 'regex-lookahead'],
    ['salaris(?!.*storno)', 'regex-lookahead'],
    ['\\u00e9', 'regex-unsupported'],
    ['[a-', 'regex'],
    ['', 'required'],
    ['a'.repeat(MAX_RULE_PATTERN_LENGTH + 1), 'max-length'],
  ])('refuses %s (%s)', (pattern, rule) => {
    // Act
    const problem = rulePatternProblem(pattern);
    // Assess
    expect(problem?.rule).toBe(rule);
    expect(problem?.message.length).toBeGreaterThan(0);
  });

  it('never throws, and a pattern it accepts compiles in RE2 as the matcher runs it', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 60 }), fc.stringMatching(/^[a-z()|*+?{}[\]\\\d,.^$-]{0,40}$/)),
        (pattern) => {
          // Act
          const problem = rulePatternProblem(pattern);
          // Assess
          if (problem === undefined) expect(TextPattern.compile(pattern)).toBeInstanceOf(TextPattern);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
