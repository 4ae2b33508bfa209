import { RE2JS } from 're2js';

/**
 * How much of a bank line a rule's `textRegex` looks at. Remittance texts are a few hundred characters
 * (SEPA allows 140, `:86:` a little more); the cap bounds the work per line whatever a file holds.
 */
export const MAX_RULE_TEXT_LENGTH = 1_000;

/** Why a pattern cannot be a rule's text pattern. */
export interface TextPatternError {
  message: string;
}

/**
 * A rule's `textRegex`, matched case-insensitively by RE2 (re2js): time linear in pattern × text, so no
 * pattern can backtrack catastrophically on a bank line, and only the first `MAX_RULE_TEXT_LENGTH`
 * characters of a line are looked at. RE2 has no back-references or look-around; such patterns do not
 * compile.
 */
export class TextPattern {
  private constructor(private readonly compiled: RE2JS) {}

  /** The pattern compiled, or why RE2 refuses it. */
  static compile(pattern: string): TextPattern | TextPatternError {
    try {
      return new TextPattern(RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE));
    } catch (error) {
      return { message: error instanceof Error ? error.message : String(error) };
    }
  }

  test(text: string): boolean {
    return this.compiled.test(
      text.length > MAX_RULE_TEXT_LENGTH ? text.slice(0, MAX_RULE_TEXT_LENGTH) : text,
    );
  }
}

/** A pattern that never matches: what a stored rule with a pattern RE2 refuses does. */
export const NEVER_MATCHES: Pick<TextPattern, 'test'> = { test: () => false };
