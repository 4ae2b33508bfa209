import type { EventInput, EventType } from '../../events/index.ts';
import type { ShopFinding, ShopOrder, ShopOrderTotals } from './shop-order.ts';

/**
 * What the order mapper (`mapShopOrder` in `lib/webshop/mapping/`) makes of one parsed order: the normalized
 * events to emit, or why none. `ok` = emit the events; `review` = a person decides (the events are the draft);
 * `rejected` = cannot be booked (findings say why); `skipped` = nothing to book (not paid, cancelled, …).
 */
export interface ShopOrderMapping {
  orderId: string;
  status: 'ok' | 'review' | 'rejected' | 'skipped';
  reason?: string;
  totals: ShopOrderTotals;
  vatBreakdown: Array<{ ratePercent: string; taxableCents: number; vatCents: number }>;
  events: Array<EventInput<EventType>>;
  findings: ShopFinding[];
}

/** Everything besides the order that the mapping needs; the connector (or the CLI) builds it. */
export interface ShopMappingContext {
  tenant: string;
  administration: string;
  /** The connector's name (the events' `source.connector`). */
  connector: string;
  /** The administration has CASH Handel: orders become `sales-order.create`, else sales-journal entries. */
  handel: boolean;
  /** The tenant's booking settings for this shop (ledger accounts, VAT codes, OSS, transit accounts …). */
  settings: unknown;
  /** Customers already in CASH (from the mirror), to reuse their relation number. */
  relations?: ReadonlyArray<{ relationNumber: string; email?: string; vatId?: string; name: string }>;
  /** Today, for dates the order lacks. */
  now: Date;
}

/** The mapper's signature, implemented in `lib/webshop/mapping/`. */
export type MapShopOrder = (order: ShopOrder, context: ShopMappingContext) => ShopOrderMapping;
