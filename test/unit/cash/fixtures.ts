import { createEvent, type JournalEntryBook, type NormalizedEvent } from '../../../events/index.ts';
import {
  type CashAdapterSettingsInput,
  type CashMappingContext,
  cashAdapterSettings,
} from '../../../lib/cash/index.ts';

export const base = { tenant: 'acme', administration: 'DEMO' } as const;

export function context(
  settings: CashAdapterSettingsInput = {},
  extra: Partial<CashMappingContext> = {},
): CashMappingContext {
  return { settings: cashAdapterSettings(settings), reference: 'CLABCDEF12345', entryNumber: 124, ...extra };
}

/** A sales invoice: debtor line incl. VAT, two revenue lines, one VAT line (21% on both). */
export function salesInvoice(overrides: Partial<JournalEntryBook> = {}): NormalizedEvent {
  return createEvent({
    ...base,
    type: 'journal-entry.book',
    source: { connector: 'invoice-mailbox', externalId: 'INV-2026-000123' },
    data: {
      journal: 'VRK',
      date: '2026-03-31',
      description: 'Factuur INV-2026-000123',
      lines: [
        {
          ledgerAccount: '1300',
          amountCents: 14_520,
          relationNumber: '100001',
          invoiceNumber: 'INV-2026-000123',
          dueDate: '2026-04-30',
          paymentReference: '1234567890123456',
        },
        { ledgerAccount: '8000', amountCents: -10_000, vatCode: 'H', costCentre: 'ADM', text: 'Advies' },
        { ledgerAccount: '8010', amountCents: -2_000, vatCode: 'H', quantity: 1.5, text: 'Reiskosten' },
        { ledgerAccount: '1510', amountCents: -2_520, vatCode: 'H', vatBaseCents: -12_000, text: 'BTW hoog' },
      ],
      ...overrides,
    },
  });
}
