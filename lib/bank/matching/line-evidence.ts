/** What the matcher gathers about one line: relation evidence, reference hits, and small helpers over them. */
import type { HitKind, IndexedItem } from './open-item-index.ts';

export interface ReferenceHit {
  kind: HitKind;
  weight: number;
  reason: string;
}

export interface RelationEvidence {
  weight: number;
  source: 'rule' | 'iban' | 'name' | 'fuzzy-name';
  reasons: string[];
}

export const HIT_WEIGHTS: Record<HitKind, number> = {
  'payment-reference': 0.95,
  'invoice-number': 0.85,
  'invoice-digits': 0.6,
  'short-number': 0.5,
};

const DAY_MS = 86_400_000;

/** Day numbers by date string: a run sees a few hundred distinct dates millions of times. */
const DAY_NUMBERS = new Map<string, number | undefined>();
const DAY_NUMBERS_LIMIT = 10_000;

export function dayNumber(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  if (DAY_NUMBERS.has(iso)) return DAY_NUMBERS.get(iso);
  const time = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  const day = Number.isNaN(time) ? undefined : Math.floor(time / DAY_MS);
  if (DAY_NUMBERS.size >= DAY_NUMBERS_LIMIT) DAY_NUMBERS.clear();
  DAY_NUMBERS.set(iso, day);
  return day;
}

export function euros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}€${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** Keeps the strongest evidence per relation and the reasons of both. */
export function addEvidence(
  evidence: Map<string, RelationEvidence>,
  relation: string,
  found: RelationEvidence,
): void {
  const existing = evidence.get(relation);
  if (!existing) {
    evidence.set(relation, found);
    return;
  }
  const stronger = found.weight > existing.weight ? found : existing;
  evidence.set(relation, { ...stronger, reasons: [...existing.reasons, ...found.reasons] });
}

/** Noisy-OR: independent pieces of evidence, each with its own probability of being right. */
export function combine(probabilities: number[]): number {
  return 1 - probabilities.reduce((rest, p) => rest * (1 - Math.min(Math.max(p, 0), 1)), 1);
}

export function hasStrongEvidence(evidence: Map<string, RelationEvidence>): boolean {
  for (const found of evidence.values()) if (found.weight >= 0.9) return true;
  return false;
}

/** Keeps the strongest reference hit per open item. */
export function noteHit(
  hits: Map<IndexedItem, ReferenceHit>,
  indexed: IndexedItem,
  kind: HitKind,
  reason: string,
): void {
  // Opposite-sign items (credit notes) count only together with invoices they are netted against.
  if (indexed.remaining === 0) return;
  const existing = hits.get(indexed);
  if (!existing || existing.weight < HIT_WEIGHTS[kind])
    hits.set(indexed, { kind, weight: HIT_WEIGHTS[kind], reason });
}

/** Adds a candidate set of open items unless it is empty or the same items are already there. */
export function addCandidateSet(sets: IndexedItem[][], seen: Set<string>, set: IndexedItem[]): void {
  const key = set
    .map((indexed) => indexed.position)
    .sort((a, b) => a - b)
    .join(',');
  if (set.length === 0 || seen.has(key)) return;
  seen.add(key);
  sets.push(set);
}

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
