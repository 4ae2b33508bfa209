import type { JournalEntryBookEvent } from '../../../events/index.ts';
import type { SettlementLedger } from '../../mirror/index.ts';
import { mapLimit, type PublishOutcome } from '../../runtime/event-publisher.ts';

export interface EventSink {
  publish(inputs: unknown[]): Promise<PublishOutcome[]>;
}

/**
 * Hands bank bookings to the writer with their settlements reserved first (`SettlementLedger.pending`):
 * from the moment a booking can be in the queue, the next import sees its invoices paid. A booking the
 * queue did not take (invalid, already final, conflicting) drops its reservation again. When publishing
 * fails outright, the reservations stay (some events may have gone): a line decided again ignores its own.
 */
export async function publishSettling(
  ledger: Pick<SettlementLedger, 'pending' | 'cancel'>,
  publisher: EventSink,
  events: JournalEntryBookEvent[],
): Promise<PublishOutcome[]> {
  if (events.length === 0) return [];
  await mapLimit(events, 16, (event) => ledger.pending(event));
  const outcomes = await publisher.publish([...events]);
  const queued = new Set(outcomes.flatMap((outcome) => (outcome.status === 'queued' ? [outcome.id] : [])));
  await mapLimit(
    events.filter((event) => !queued.has(event.id)),
    16,
    (event) => ledger.cancel(event),
  );
  return outcomes;
}
