import { TextPattern } from '../bank/matching/index.ts';

/** Longest `textRegex` a person may give: a rule pattern picks out a payee's text, it does not parse it. */
export const MAX_RULE_PATTERN_LENGTH = 200;

/** Why a pattern may not become a rule, with the rule name the API reports. */
export interface RulePatternProblem {
  rule: string;
  message: string;
}

interface GroupFrame {
  quantified: boolean;
  alternatives: boolean;
}

const LOOK_AROUND = /^\(\?(<?[=!])/;
const NAMED_GROUP = /^\(\?<[A-Za-z_][A-Za-z0-9_]*>/;
const QUANTIFIER_BRACES = /^\{\d+(,\d*)?\}/;

/**
 * Checks a rule's text pattern before it is stored: it must stay short and compile in RE2 (as the matcher
 * runs it: case-insensitive, linear time), so no back-references and no look-around. Every bank line of the
 * administration runs through the pattern; RE2 is what makes that safe. A repeated group that itself
 * repeats or has alternatives (`(a+)+`, `(\w|\d)*`) is refused as well, so a rule stays safe wherever it
 * is copied to a backtracking engine.
 */
export function rulePatternProblem(pattern: string): RulePatternProblem | undefined {
  if (pattern.length === 0) return { rule: 'required', message: 'the pattern is empty' };
  if (pattern.length > MAX_RULE_PATTERN_LENGTH) {
    return { rule: 'max-length', message: `at most ${MAX_RULE_PATTERN_LENGTH} characters` };
  }
  try {
    new RegExp(pattern, 'i');
  } catch (error) {
    return { rule: 'regex', message: `not a valid regular expression: ${(error as Error).message}` };
  }
  const structural = structuralProblem(pattern);
  if (structural) return structural;
  const compiled = TextPattern.compile(pattern);
  if (!(compiled instanceof TextPattern)) {
    return {
      rule: 'regex-unsupported',
      message: `not supported by the matcher's RE2 engine: ${compiled.message}`,
    };
  }
  return undefined;
}

/** Back-references, look-around and nested repetition, named as the API reports them. */
function structuralProblem(pattern: string): RulePatternProblem | undefined {
  const stack: GroupFrame[] = [{ quantified: false, alternatives: false }];
  let previousWasAtom = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    const frame = stack[stack.length - 1] as GroupFrame;
    if (char === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') {
        return { rule: 'regex-backreference', message: 'back-references are not allowed in rule patterns' };
      }
      i++;
      previousWasAtom = true;
      continue;
    }
    if (char === '[') {
      i = endOfClass(pattern, i);
      previousWasAtom = true;
      continue;
    }
    if (char === '(') {
      const rest = pattern.slice(i);
      const look = LOOK_AROUND.exec(rest);
      if (look?.[1]?.startsWith('<')) {
        return { rule: 'regex-lookbehind', message: 'look-behind is not allowed in rule patterns' };
      }
      if (look) {
        return { rule: 'regex-lookahead', message: 'look-ahead is not allowed in rule patterns' };
      }
      const named = NAMED_GROUP.exec(rest);
      if (named) i += named[0].length - 1;
      else if (rest.startsWith('(?:')) i += 2;
      stack.push({ quantified: false, alternatives: false });
      previousWasAtom = false;
      continue;
    }
    if (char === ')') {
      const closed = stack.length > 1 ? (stack.pop() as GroupFrame) : frame;
      const repeat = repeatsAt(pattern, i + 1);
      if (repeat && (closed.quantified || closed.alternatives)) {
        return {
          rule: 'regex-nested-repetition',
          message:
            'a repeated group may not itself repeat or have alternatives (it can take exponential time); write it without the outer repetition',
        };
      }
      const parent = stack[stack.length - 1] as GroupFrame;
      if (closed.quantified || repeat) parent.quantified = true;
      previousWasAtom = true;
      continue;
    }
    if (char === '|') {
      frame.alternatives = true;
      previousWasAtom = false;
      continue;
    }
    if (char === '*' || char === '+' || (char === '?' && previousWasAtom)) {
      frame.quantified = true;
      previousWasAtom = false;
      continue;
    }
    if (char === '{') {
      const braces = QUANTIFIER_BRACES.exec(pattern.slice(i));
      if (braces) {
        frame.quantified = true;
        i += braces[0].length - 1;
        previousWasAtom = false;
        continue;
      }
    }
    previousWasAtom = true;
  }
  return undefined;
}

/** Whether a quantifier that repeats (more than once) starts at `index`. */
function repeatsAt(pattern: string, index: number): boolean {
  const char = pattern[index];
  if (char === '*' || char === '+') return true;
  if (char !== '{') return false;
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index));
  if (!braces) return false;
  if (braces[2] === undefined) return Number(braces[1]) > 1;
  return braces[3] === '' || Number(braces[3]) > 1;
}

/** Index of the `]` closing the character class that opens at `start`. */
function endOfClass(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']') return i;
  }
  return pattern.length;
}
