import type { NormalizedEvent } from '../../events/index.ts';
import type { MirrorOpenItem } from './mirror-types.ts';

/**
 * What one booking books against one open item (relation + invoice number): the signed sum of its lines
 * there, like CASH's mutations (credit negative), so a receipt on a receivable is negative.
 */
export interface OpenItemSettlement {
  /** The booking's event id; each booking counts once per item. */
  bookingId: string;
  relationNumber: string;
  /** The invoice number as CASH has it (the writer's `invoiceNumbers` applied once booked). */
  invoiceNumber: string;
  cents: number;
  /** `pending`: handed to the writer, not yet answered by CASH; `booked`: CASH took it at `bookedAt`. */
  state: 'pending' | 'booked';
  recordedAt: string;
  bookedAt?: string;
  /** Who settled it, for people: "bank line …, booking evt_… (ABN 12)". */
  label: string;
}

/** A settlement as applied to an item: the cents it took off (signed like the settlement). */
export interface AppliedSettlement {
  bookingId: string;
  label: string;
  cents: number;
}

export type SettledOpenItem = MirrorOpenItem & {
  /** Settlements the CASH re-read of this row does not show yet, as applied. */
  settledBy?: AppliedSettlement[];
};

/**
 * How far apart two clocks (writer instances) may be. CASH applied a booking before its answer reached the
 * writer (who stamps `bookedAt` then), and a re-read's export reaches CASH after it was stamped: a re-read
 * stamped at or after `bookedAt` on the same clock shows the booking. Synchronised clocks (Amazon Time
 * Sync: well under a millisecond) stay inside those network round trips, so no margin is added; a larger
 * one would subtract fresh partial payments twice (a re-read right after the booking is the common case).
 */
export const CLOCK_SKEW_MS = 0;

/** The item key settlements and mirror rows share. */
export const openItemKey = (relationNumber: string, invoiceNumber: string): string =>
  `${String(Number(relationNumber))}#${invoiceNumber}`;

/** Whether a mirror row read from CASH at `readAt` (ISO) already shows the settlement. */
export function isInCashRead(settlement: OpenItemSettlement, readAt: string | undefined): boolean {
  if (settlement.state !== 'booked' || !settlement.bookedAt || !readAt) return false;
  const read = Date.parse(readAt);
  const booked = Date.parse(settlement.bookedAt);
  return Number.isFinite(read) && Number.isFinite(booked) && read >= booked + CLOCK_SKEW_MS;
}

/**
 * The lines of a booking that move open items: relation and invoice number given, summed per item in exact
 * integer cents; zero sums are left out. Only `journal-entry.book` moves open items.
 */
export function settlementLines(
  event: NormalizedEvent,
): Array<{ relationNumber: string; invoiceNumber: string; cents: number }> {
  if (event.type !== 'journal-entry.book') return [];
  const byItem = new Map<string, { relationNumber: string; invoiceNumber: string; cents: number }>();
  for (const line of event.data.lines) {
    if (!line.relationNumber || !line.invoiceNumber) continue;
    const relationNumber = String(Number(line.relationNumber));
    const key = openItemKey(relationNumber, line.invoiceNumber);
    const found = byItem.get(key) ?? { relationNumber, invoiceNumber: line.invoiceNumber, cents: 0 };
    found.cents += line.amountCents;
    byItem.set(key, found);
  }
  return [...byItem.values()].filter((item) => item.cents !== 0);
}

/**
 * One item's outstanding amount after the settlements CASH does not show yet. Each booking counts once
 * (the first of a booking id wins, redeliveries are ignored), in the order they were recorded; a settlement
 * only moves the outstanding amount towards zero and never past it (an overpayment settles the item, the
 * rest is not taken off); one of the item's own sign (a new invoice line, a reversal) waits for CASH.
 */
export function settleOpenItem(
  item: MirrorOpenItem,
  settlements: readonly OpenItemSettlement[],
): SettledOpenItem {
  const seen = new Set<string>();
  const ordered = [...settlements].sort(
    (a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.bookingId.localeCompare(b.bookingId),
  );
  let outstanding = item.outstandingCents;
  const settledBy: AppliedSettlement[] = [];
  for (const settlement of ordered) {
    if (seen.has(settlement.bookingId)) continue;
    seen.add(settlement.bookingId);
    if (!Number.isSafeInteger(settlement.cents) || outstanding === 0) continue;
    if (Math.sign(settlement.cents) !== -Math.sign(outstanding)) continue;
    const taken = Math.sign(settlement.cents) * Math.min(Math.abs(settlement.cents), Math.abs(outstanding));
    outstanding += taken;
    settledBy.push({ bookingId: settlement.bookingId, label: settlement.label, cents: taken });
  }
  return settledBy.length === 0 ? item : { ...item, outstandingCents: outstanding, settledBy };
}

/**
 * The mirror's open items with the recent settlements CASH's re-read does not show yet. `readAt` gives
 * each row's CASH read time; settlements of bookings in `ignore` (lines being decided again) are left out.
 * Items paid off stay in the list with outstanding 0 and `settledBy`, so a matcher can name who paid them.
 */
export function settleOpenItems(
  rows: ReadonlyArray<{ item: MirrorOpenItem; readAt?: string }>,
  settlements: readonly OpenItemSettlement[],
  ignore: ReadonlySet<string> = new Set(),
): SettledOpenItem[] {
  const byItem = new Map<string, OpenItemSettlement[]>();
  for (const settlement of settlements) {
    if (ignore.has(settlement.bookingId)) continue;
    const key = openItemKey(settlement.relationNumber, settlement.invoiceNumber);
    const list = byItem.get(key);
    if (list) list.push(settlement);
    else byItem.set(key, [settlement]);
  }
  return rows.map(({ item, readAt }) => {
    const open = (byItem.get(openItemKey(item.relationNumber, item.invoiceNumber)) ?? []).filter(
      (settlement) => !isInCashRead(settlement, readAt),
    );
    return open.length === 0 ? item : settleOpenItem(item, open);
  });
}
