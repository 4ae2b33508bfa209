import type { z } from 'zod';
import { NormalizedEvent } from './normalized-event.ts';

/** One thing wrong with an input: where (dotted path), which rule, and a sentence for a person. */
export interface FieldIssue {
  path: string;
  rule: string;
  message: string;
  value?: unknown;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

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
export function toFieldIssues(error: z.ZodError, input: unknown): FieldIssue[] {
  return error.issues.map((issue) => {
    const value = valueAt(input, issue.path);
    const small = value === undefined || (typeof value !== 'object' && String(value).length <= 200);
    return {
      path: issue.path.length ? issue.path.map(String).join('.') : '(root)',
      rule: ruleOf(issue),
      message: issue.message,
      ...(small && value !== undefined ? { value } : {}),
    };
  });
}

export function validateEvent(input: unknown): ValidationResult<NormalizedEvent> {
  const parsed = NormalizedEvent.safeParse(input);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, issues: toFieldIssues(parsed.error, input) };
}

export function formatIssues(issues: FieldIssue[]): string {
  return issues
    .map(
      (i) =>
        `${i.path}: ${i.message} [${i.rule}]${i.value !== undefined ? ` (value ${JSON.stringify(i.value)})` : ''}`,
    )
    .join('; ');
}
