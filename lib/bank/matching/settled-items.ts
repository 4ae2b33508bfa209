import { euros, type ReferenceHit } from './line-evidence.ts';
import { type ResolvedOptions, roundingTolerance } from './matcher-options.ts';
import type { IndexedItem, OpenItemIndex } from './open-item-index.ts';

/**
 * Items of the line's relations that recent bookings or earlier lines of this run already settled, when
 * the line looks like paying one of them again: it cites the paid-off item, or its amount is what a
 * settlement took off (and it cites no other open item, which it would then be paying). Such a line
 * never books alone: a customer's second payment must be refunded or assigned by a person.
 */
export function alreadySettled(
  index: OpenItemIndex,
  options: ResolvedOptions,
  amount: number,
  relations: ReadonlySet<string>,
  hits: ReadonlyMap<IndexedItem, ReferenceHit>,
): string[] {
  const notes: string[] = [];
  const tolerance = roundingTolerance(options, amount);
  for (const relation of relations) {
    for (const settled of index.settled.get(relation) ?? []) {
      if (Math.sign(settled.item.amountCents) !== Math.sign(amount)) continue;
      if (citesOtherOpenItem(hits, settled)) continue;
      const cited = hits.has(settled);
      const sameAmount = settled.settledBy.some(
        (by) => Math.abs(Math.abs(by.cents) - Math.abs(amount)) <= tolerance,
      );
      if (settled.remaining === 0 ? !cited && !sameAmount : cited || !sameAmount) continue;
      const by = settled.settledBy.map((b) => `${b.label} (${euros(Math.abs(b.cents))})`);
      const state =
        settled.remaining === 0
          ? 'already settled'
          : `partly settled (${euros(Math.abs(settled.remaining))} open)`;
      notes.push(
        `invoice ${settled.item.invoiceNumber} of relation ${relation} is ${state} by ${by.slice(0, 3).join(', ')}${by.length > 3 ? ` and ${by.length - 3} more` : ''}: a second payment is not booked automatically`,
      );
    }
  }
  return notes;
}

function citesOtherOpenItem(hits: ReadonlyMap<IndexedItem, ReferenceHit>, settled: IndexedItem): boolean {
  for (const other of hits.keys()) {
    if (
      other !== settled &&
      other.remaining !== 0 &&
      other.item.relationNumber === settled.item.relationNumber
    )
      return true;
  }
  return false;
}
