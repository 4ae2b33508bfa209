import type { MirrorOpenItem, MirrorRelation, MirrorStore } from '../../mirror/index.ts';
import { type OpenItem, type OpenItemsResult, parseOpenItems } from '../matching/index.ts';

/**
 * The matcher's open items from the CASH mirror: outstanding items only, with the relation's name and IBAN
 * from the mirrored relations. Rows that do not fit are reported (field, rule, value), never fatal.
 */
export function openItemsFromMirror(
  items: readonly MirrorOpenItem[],
  relations: readonly MirrorRelation[],
): OpenItemsResult {
  const byNumber = new Map(relations.map((relation) => [relation.relationNumber, relation]));
  const rows = items
    .filter((item) => item.outstandingCents !== 0)
    .map((item) => {
      const relation = byNumber.get(item.relationNumber);
      return {
        relationNumber: item.relationNumber,
        relationName: relation?.name ?? item.relationName ?? '',
        ibans: relation?.iban ? [relation.iban] : [],
        invoiceNumber: item.invoiceNumber,
        // Dates only order candidates; an item without one still matches.
        invoiceDate: item.invoiceDate ?? item.dueDate ?? '1900-01-01',
        ...(item.dueDate ? { dueDate: item.dueDate } : {}),
        amountCents: item.amountCents,
        outstandingCents: item.outstandingCents,
        ...(item.paymentReference ? { paymentReference: item.paymentReference } : {}),
      };
    });
  return parseOpenItems(rows);
}

/** Reads open items and relations of one administration from the mirror table. */
export class MirrorOpenItemSource {
  constructor(private readonly mirror: MirrorStore) {}

  async load(
    administration: string,
  ): Promise<OpenItemsResult & { mirrorItems: MirrorOpenItem[]; items: OpenItem[] }> {
    const [mirrorItems, relations] = await Promise.all([
      this.mirror.read(administration, 'openItems'),
      this.mirror.read(administration, 'relations'),
    ]);
    return { ...openItemsFromMirror(mirrorItems, relations), mirrorItems };
  }
}
