import { parseFlexibleDate } from '../dates.ts';

/** A node of the camt.053 object tree (element names without namespace prefix, attributes under `@`). */
export type Node = Record<string, unknown>;

export function child(node: unknown, ...path: string[]): unknown {
  return descend(node, path);
}

/** `child` on a path array: `text` hands its own on instead of spreading it into a copy. */
function descend(node: unknown, path: readonly string[]): unknown {
  let current: unknown = node;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Node)[key];
    if (Array.isArray(current)) current = current[0];
  }
  return current;
}

export function text(node: unknown, ...path: string[]): string | undefined {
  const value = descend(node, path);
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && '#text' in value) return String((value as Node)['#text']).trim();
  return undefined;
}

export function list(node: unknown, key: string): Node[] {
  if (node === null || typeof node !== 'object') return [];
  const value = (node as Node)[key];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as Node[];
}

export function dateOf(node: unknown): string | undefined {
  const raw = text(node, 'Dt') ?? text(node, 'DtTm');
  return raw ? parseFlexibleDate(raw.slice(0, 10)) : undefined;
}

const SAYS_NOTHING = /^(NOTPROVIDED|NONREF)$/i;

/** A reference that says something (`NOTPROVIDED`, `NONREF` say nothing). */
export function usable(reference: string | undefined): string | undefined {
  return reference && !SAYS_NOTHING.test(reference) ? reference : undefined;
}
