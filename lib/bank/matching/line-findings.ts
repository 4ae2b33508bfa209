import type { BankEntry } from '../statement.ts';
import { type CitedInvoices, citedInvoices } from './cited-invoices.ts';
import type { ReferenceHit } from './line-evidence.ts';
import type { IndexedItem } from './open-item-index.ts';

/**
 * What the matcher found out about one line before it looks at a relation's open items. What the text
 * cites as invoices is read on first use: most lines (card payments, payouts) never reach a candidate.
 */
export class LineFindings {
  #cited: CitedInvoices | undefined;

  constructor(
    readonly entry: BankEntry,
    /** Remittance, structured reference and end-to-end id. */
    readonly text: string,
    readonly hits: Map<IndexedItem, ReferenceHit>,
    /** Relations the counterparty points to with weight ≥ 0.7. */
    readonly strongRelations: string[],
    private readonly invoiceShapes: ReadonlySet<string>,
  ) {}

  get cited(): CitedInvoices {
    this.#cited ??= citedInvoices(this.text, this.entry.structuredReference, this.invoiceShapes);
    return this.#cited;
  }
}
