import type { ChangeEventType } from '../../../events/change-event.ts';
import type { MirrorArticle, MirrorOpenItem, MirrorRelation } from '../../mirror/mirror-types.ts';
import { contentHash } from './content-hash.ts';

type Row = Record<string, unknown>;

/**
 * What one change event type publishes of a mirror row: `data` is the event's payload, `hashed` the part whose
 * hash decides whether the record changed (an article's stock has a hash of its own, so a stock change does not
 * resend the article). Absent `data` = the row has nothing of this type (an article without stock figure).
 */
export interface ChangeProjection {
  type: ChangeEventType;
  data(row: Row, gone: boolean): Record<string, unknown> | undefined;
  hashed(row: Row): unknown;
}

function compact(o: Row): Row {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

const relation: ChangeProjection = {
  type: 'relation.changed',
  data: (row) => {
    const r = row as unknown as MirrorRelation;
    return compact({
      relationNumber: r.relationNumber,
      name: r.name,
      searchName: r.searchName,
      iban: r.iban,
      vatId: r.vatId,
      kvk: r.kvk,
      email: r.email,
      countryCode: r.countryCode,
      paymentDays: r.paymentDays,
    });
  },
  hashed: (row) => relation.data(row, false),
};

const articleFields = (row: Row): Row => {
  const a = row as unknown as MirrorArticle;
  return compact({
    code: a.code,
    description: a.description,
    group: a.group,
    gtin: a.gtin,
    salesPriceCents: a.salesPriceCents,
    vatCode: a.vatCode,
  });
};

const article: ChangeProjection = {
  type: 'article.changed',
  // The stock rides along for a target that creates the article, but is not part of the article's hash.
  data: (row) => compact({ ...articleFields(row), freeStock: (row as unknown as MirrorArticle).freeStock }),
  hashed: articleFields,
};

const stock: ChangeProjection = {
  type: 'stock.changed',
  data: (row) => {
    const a = row as unknown as MirrorArticle;
    if (typeof a.freeStock !== 'number') return undefined;
    return compact({ code: a.code, freeStock: a.freeStock, group: a.group });
  },
  hashed: (row) => {
    const a = row as unknown as MirrorArticle;
    return typeof a.freeStock === 'number' ? { code: a.code, freeStock: a.freeStock } : undefined;
  },
};

const openItem: ChangeProjection = {
  type: 'open-item.changed',
  data: (row, gone) => {
    const o = row as unknown as MirrorOpenItem;
    // Gone from CASH's open items = paid off (or cleared): outstanding 0 and settled.
    const outstandingCents = gone ? 0 : o.outstandingCents;
    return compact({
      relationNumber: o.relationNumber,
      relationName: o.relationName,
      invoiceNumber: o.invoiceNumber,
      invoiceDate: o.invoiceDate,
      dueDate: o.dueDate,
      amountCents: o.amountCents,
      outstandingCents,
      settled: gone || outstandingCents === 0,
      paymentReference: o.paymentReference,
    });
  },
  hashed: (row) => openItem.data(row, false),
};

/** The change event types each mirror kind feeds; kinds not listed (ledger, journals) feed none. */
export const CHANGE_PROJECTIONS: Readonly<Record<string, readonly ChangeProjection[]>> = {
  relations: [relation],
  articles: [article, stock],
  openItems: [openItem],
};

/** The hash of a row as one change event type sees it; undefined when the row has nothing of that type. */
export function projectionHash(projection: ChangeProjection, row: Row): string | undefined {
  const hashed = projection.hashed(row);
  return hashed === undefined ? undefined : contentHash(hashed);
}
