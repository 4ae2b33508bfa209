import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NormalizedEvent } from '../../events/index.ts';
import type { CashResult } from '../documents/index.ts';
import { mapLimit } from '../runtime/event-publisher.ts';
import { queryPartition } from '../runtime/query-partition.ts';
import { type OpenItemSettlement, settlementLines } from './open-item-settlement.ts';

/** Long enough for any pending booking to be answered and any CASH re-read to follow; TTL only cleans up. */
const KEEP_SECONDS = 35 * 24 * 3600;
/** Booked settlements are pruned only this long after a re-read that shows them (a slower re-read may still land). */
const PRUNE_AFTER_MS = 10 * 60_000;

const pk = (administration: string) => `MIRROR#${administration}#settlements`;
/** One item per booking and open item: a redelivered booking writes the same key again. */
const sk = (bookingId: string, line: { relationNumber: string; invoiceNumber: string }) =>
  `${bookingId}#${line.relationNumber}#${line.invoiceNumber}`;

function labelOf(event: NormalizedEvent, cash?: CashResult): string {
  const who =
    event.source.connector === 'bank-import'
      ? `bank line ${event.source.externalId}`
      : `${event.source.connector} ${event.source.externalId}`;
  const entry = cash?.journal && cash.entryNumber ? ` (boekstuk ${cash.journal} ${cash.entryNumber})` : '';
  return `${who}, booking ${event.id}${entry}`.slice(0, 300);
}

/**
 * The "recently settled" ledger of an administration: booking id → open item → cents, next to the mirror.
 *
 * Why a ledger and not a write to the mirror row: a CASH re-read replaces rows wholesale, and one that
 * started before a booking can land after it; a row decrement would then be lost (or, re-applied, counted
 * twice). Settlements are instead kept apart, keyed by booking id and item (so a redelivery writes the same
 * item again, and each booking counts once), and subtracted at read time from every row whose CASH read
 * started before CASH took the booking (the row's `syncedAt`). The bank import records a booking `pending`
 * before handing it to the writer (a line in the queue is as dangerous as a booked one); the writer marks
 * it `booked` or drops it when CASH refused it. Every write is idempotent, and only a conditional delete
 * removes a settlement, never a booked one: two writer instances cannot undo each other.
 */
export class SettlementLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Before a booking goes to the writer. Keeps an existing entry (a booked one stays booked). */
  async pending(event: NormalizedEvent): Promise<void> {
    const at = this.now().toISOString();
    await mapLimit(settlementLines(event), 8, async (line) => {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              pk: pk(event.administration),
              sk: sk(event.id, line),
              ...line,
              bookingId: event.id,
              state: 'pending',
              recordedAt: at,
              label: labelOf(event),
              expiresAt: this.expiry(),
            },
            ConditionExpression: 'attribute_not_exists(sk)',
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    });
  }

  /** CASH took the booking: the first answer's time stays, the invoice numbers become CASH's. */
  async booked(event: NormalizedEvent, cash: CashResult): Promise<void> {
    const at = this.now().toISOString();
    await mapLimit(settlementLines(event), 8, (line) =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pk(event.administration), sk: sk(event.id, line) },
          UpdateExpression:
            'SET bookingId = :id, relationNumber = :relation, invoiceNumber = :invoice, cents = :cents, ' +
            '#state = :booked, bookedAt = if_not_exists(bookedAt, :bookedAt), ' +
            'recordedAt = if_not_exists(recordedAt, :at), label = :label, expiresAt = :expires',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':id': event.id,
            ':relation': line.relationNumber,
            ':invoice': cash.invoiceNumbers?.[line.invoiceNumber] ?? line.invoiceNumber,
            ':cents': line.cents,
            ':booked': 'booked',
            ':bookedAt': cash.bookedAt,
            ':at': at,
            ':label': labelOf(event, cash),
            ':expires': this.expiry(),
          },
        }),
      ),
    );
  }

  /** CASH refused the booking (or it never reached the queue): its pending settlements go; booked ones stay. */
  async cancel(event: NormalizedEvent): Promise<void> {
    await mapLimit(settlementLines(event), 8, async (line) => {
      try {
        await this.client.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: { pk: pk(event.administration), sk: sk(event.id, line) },
            ConditionExpression: '#state <> :booked',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':booked': 'booked' },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    });
  }

  async read(administration: string): Promise<OpenItemSettlement[]> {
    return (await this.readKeyed(administration)).map(({ settlement }) => settlement);
  }

  private async readKeyed(
    administration: string,
  ): Promise<Array<{ key: string; settlement: OpenItemSettlement }>> {
    const items = await queryPartition(this.client, this.tableName, pk(administration));
    return items.map((item) => ({ key: String(item.sk), settlement: toSettlement(item) }));
  }

  /**
   * After a complete re-read of the open items that started at `readAt`: booked settlements it shows are
   * removed, once `PRUNE_AFTER_MS` has passed (a re-read that started earlier may still be writing rows).
   */
  async prune(administration: string, readAt: string): Promise<number> {
    const before = Date.parse(readAt) - PRUNE_AFTER_MS;
    const done = (await this.readKeyed(administration)).filter(
      ({ settlement: s }) =>
        s.state === 'booked' && s.bookedAt !== undefined && Date.parse(s.bookedAt) < before,
    );
    await mapLimit(done, 8, ({ key }) =>
      this.client.send(
        new DeleteCommand({ TableName: this.tableName, Key: { pk: pk(administration), sk: key } }),
      ),
    );
    return done.length;
  }

  private expiry(): number {
    return Math.floor(this.now().getTime() / 1000) + KEEP_SECONDS;
  }
}

function toSettlement(item: Record<string, unknown>): OpenItemSettlement {
  return {
    bookingId: String(item.bookingId),
    relationNumber: String(item.relationNumber),
    invoiceNumber: String(item.invoiceNumber),
    cents: Number(item.cents),
    state: item.state === 'booked' ? 'booked' : 'pending',
    recordedAt: String(item.recordedAt ?? ''),
    ...(typeof item.bookedAt === 'string' ? { bookedAt: item.bookedAt } : {}),
    label: String(item.label ?? item.bookingId),
  };
}
