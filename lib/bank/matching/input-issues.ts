import type { z } from 'zod';
import { truncateText } from '../../runtime/quoted-text.ts';

/** Quoted input in messages is cut here: a bad field may hold a whole document. */
const QUOTE_LENGTH = 60;

/** The JSON of a value as a message quotes it: at most QUOTE_LENGTH characters, `missing` for undefined. */
export function quoteValue(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) return 'missing';
  return truncateText(json, QUOTE_LENGTH);
}

/** The value at a zod issue's path in the raw input, read without touching prototypes. */
function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node = raw;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** One line per issue: `<what>: <field>: <rule> (value <quoted>)`. */
export function describeIssues(what: string, raw: unknown, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || '(item)';
    return `${what}: ${field}: ${issue.message} (value ${quoteValue(valueAt(raw, issue.path))})`;
  });
}
