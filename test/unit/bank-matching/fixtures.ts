import type { BookingContext, MatchMemory, OpenItem } from '../../../lib/bank/matching/index.ts';
import { emptyMemory, makeBetalingskenmerk, makeDutchIban } from '../../../lib/bank/matching/index.ts';
import type { BankEntry } from '../../../lib/bank/statement.ts';

export const IBAN_DE_VRIES = makeDutchIban('RABO', '0123456789');
export const IBAN_JANSEN = makeDutchIban('INGB', '0007654321');
export const IBAN_UNKNOWN = makeDutchIban('KNAB', '0555555555');
export const IBAN_MOLLIE = makeDutchIban('ABNA', '0111111111');
export const KENMERK_42 = makeBetalingskenmerk('000000000004242');

let counter = 0;

export function entry(overrides: Partial<BankEntry> = {}): BankEntry {
  counter++;
  return {
    importId: `t-${counter}`,
    bookingDate: '2026-03-10',
    amountCents: 12100,
    currency: 'EUR',
    ...overrides,
  };
}

export function item(overrides: Partial<OpenItem> = {}): OpenItem {
  const amount = overrides.amountCents ?? 12100;
  return {
    relationNumber: '100001',
    relationName: 'Bakkerij De Vries B.V.',
    ibans: [],
    invoiceNumber: '2026-0042',
    invoiceDate: '2026-03-01',
    dueDate: '2026-03-15',
    amountCents: amount,
    outstandingCents: amount,
    ...overrides,
  };
}

/** A small ledger: two customers, one supplier. */
export function ledger(): OpenItem[] {
  return [
    item({ invoiceNumber: '2026-0042', amountCents: 12100, paymentReference: KENMERK_42 }),
    item({ invoiceNumber: '2026-0043', amountCents: 30250 }),
    item({ invoiceNumber: '2026-0044', amountCents: 4840 }),
    item({
      relationNumber: '100002',
      relationName: 'J. Jansen',
      ibans: [IBAN_JANSEN],
      invoiceNumber: '2026-0050',
      amountCents: 99999,
    }),
    item({
      relationNumber: '200001',
      relationName: 'Groothandel Smit B.V.',
      invoiceNumber: 'INV-88123',
      amountCents: -54450,
    }),
  ];
}

export function memoryWith(partial: Partial<MatchMemory>): MatchMemory {
  return { ...emptyMemory(), ...partial };
}

/** The tenant's own bank account in booking tests, and a booking context for it. */
export const OWN_ACCOUNT = 'NL91ABNA0417164300';

export function bookingContext(overrides: Partial<BookingContext> = {}): BookingContext {
  return {
    tenant: 'acme',
    administration: 'ADM1',
    account: OWN_ACCOUNT,
    accounts: { [OWN_ACCOUNT]: { journal: 'BNK1', ledgerAccount: '1100' } },
    ...overrides,
  };
}
