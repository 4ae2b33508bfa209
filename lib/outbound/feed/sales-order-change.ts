import { ChangeEvent } from '../../../events/change-event.ts';
import { changeEventId } from '../../../events/change-event-id.ts';
import type { ChangeFeedContext } from './change-feed.ts';
import { contentHash } from './content-hash.ts';

/** What the writer knows of a sales order it just created in CASH Handel. */
export interface BookedSalesOrder {
  orderNumber: number | string;
  externalOrderNumber?: string;
  relationNumber?: string;
}

/**
 * The `sales-order.changed` (status `open`, created) of a sales order the writer booked. CASH's sales orders
 * (record 2400) are not mirrored, so their later states (delivered, invoiced) do not come from a sync yet.
 */
export function salesOrderOpened(context: ChangeFeedContext, order: BookedSalesOrder): ChangeEvent {
  const data = {
    orderNumber: String(order.orderNumber),
    status: 'open' as const,
    ...(order.externalOrderNumber ? { externalOrderNumber: order.externalOrderNumber } : {}),
    ...(order.relationNumber ? { relationNumber: String(Number(order.relationNumber)) } : {}),
  };
  const hash = contentHash(data);
  return ChangeEvent.parse({
    id: changeEventId(context.tenant, context.administration, 'sales-order.changed', data.orderNumber, hash),
    tenant: context.tenant,
    administration: context.administration,
    schemaVersion: 1,
    occurredAt: context.occurredAt,
    type: 'sales-order.changed',
    key: data.orderNumber,
    change: 'created',
    contentHash: hash,
    origin: context.origin,
    data,
  });
}
