import type { z } from 'zod';
import { withoutNulls } from './absent-nulls.ts';
import { NormalizedEvent } from './normalized-event.ts';

/** One thing wrong with an input: where (dotted path), which rule, and a sentence for a person. */
export interface FieldIssue {
  path: string;
  rule: string;
  message: string;
  value?: unknown;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** Longest text an error quotes from the input; longer values are cut with an ellipsis. */
export const MAX_QUOTED_LENGTH = 80;

/** The value as an error quotes it: texts cut to MAX_QUOTED_LENGTH characters, objects left out. */
export function quotedValue(value: unknown): unknown {
  if (typeof value === 'string') {
    const chars = Array.from(value);
    return chars.length > MAX_QUOTED_LENGTH ? `${chars.slice(0, MAX_QUOTED_LENGTH).join('')}…` : value;
  }
  return value !== null && typeof value === 'object' ? undefined : value;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function ruleOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom') {
    const rule = (issue as { params?: { rule?: unknown } }).params?.rule;
    return typeof rule === 'string' ? rule : 'custom';
  }
  if (issue.code === 'invalid_format') return `format:${(issue as { format?: string }).format ?? 'pattern'}`;
  return issue.code;
}

/** Flattens zod issues into path/rule/message triples, keeping the offending value when it is small. */
export function toFieldIssues(error: z.ZodError, input: unknown, sent: unknown = input): FieldIssue[] {
  return error.issues.map((issue) => {
    // `sent` is the input as it arrived (before nulls were dropped and defaults filled in): its nulls are quoted.
    const value = valueAt(sent, issue.path) === null ? null : valueAt(input, issue.path);
    const small =
      value === undefined || value === null || (typeof value !== 'object' && String(value).length <= 200);
    // A null was taken as absent (withoutNulls), so zod's "received undefined" would not say what was sent.
    const message =
      value === null && issue.code === 'invalid_type'
        ? 'a value is required here (null counts as absent)'
        : issue.message;
    return {
      path: issue.path.length ? issue.path.map(String).join('.') : '(root)',
      rule: ruleOf(issue),
      message,
      ...(small && value !== undefined ? { value } : {}),
    };
  });
}

/**
 * Validates one event; optional fields sent as `null` count as absent (see withoutNulls). `sent` is the
 * input as it arrived when `input` was completed from it, so errors quote what the sender wrote.
 */
export function validateEvent(input: unknown, sent: unknown = input): ValidationResult<NormalizedEvent> {
  const parsed = NormalizedEvent.safeParse(withoutNulls(input));
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, issues: toFieldIssues(parsed.error, input, sent) };
}

export function formatIssues(issues: FieldIssue[]): string {
  return issues
    .map(
      (i) =>
        `${i.path}: ${i.message} [${i.rule}]${i.value !== undefined ? ` (value ${JSON.stringify(i.value)})` : ''}`,
    )
    .join('; ');
}
