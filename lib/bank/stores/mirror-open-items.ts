import type { MirrorOpenItem, MirrorRelation, MirrorStore, SettledOpenItem } from '../../mirror/index.ts';
import { type OpenItem, type OpenItemsResult, parseOpenItems } from '../matching/index.ts';

/**
 * The matcher's open items from the CASH mirror: outstanding items, and items recent bookings paid off
 * (outstanding 0, with who paid them, so a second payment is recognised), with the relation's name and IBAN
 * from the mirrored relations. Rows that do not fit are reported (field, rule, value), never fatal.
 */
export function openItemsFromMirror(
  items: readonly SettledOpenItem[],
  relations: readonly MirrorRelation[],
): OpenItemsResult {
  const byNumber = new Map(relations.map((relation) => [relation.relationNumber, relation]));
  const rows = items
    .filter((item) => item.outstandingCents !== 0 || (item.settledBy?.length ?? 0) > 0)
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
        // The ledger signs settlements like the booking lines; the matcher counts what came off the item.
        ...(item.settledBy
          ? { settledBy: item.settledBy.map((by) => ({ label: by.label, cents: -by.cents })) }
          : {}),
      };
    });
  return parseOpenItems(rows);
}

/**
 * Reads open items (after recent settlements, see `MirrorStore.readOpenItems`) and relations of one
 * administration from the mirror table; `ignore` names bookings whose lines are being decided again.
 */
export class MirrorOpenItemSource {
  constructor(private readonly mirror: Pick<MirrorStore, 'read' | 'readOpenItems'>) {}

  async load(
    administration: string,
    ignore: ReadonlySet<string> = new Set(),
  ): Promise<OpenItemsResult & { mirrorItems: MirrorOpenItem[]; items: OpenItem[] }> {
    const [mirrorItems, relations] = await Promise.all([
      this.mirror.readOpenItems(administration, ignore),
      this.mirror.read(administration, 'relations'),
    ]);
    return { ...openItemsFromMirror(mirrorItems, relations), mirrorItems };
  }
}
