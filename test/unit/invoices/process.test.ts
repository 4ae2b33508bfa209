import { describe, expect, it } from 'vitest';
import type { InvoiceFileInput } from '../../../lib/invoices/index.ts';
import {
  bookingText,
  fitInvoiceNumber,
  inMemoryInvoiceContext,
  learnCorrection,
  processInvoiceFile,
} from '../../../lib/invoices/index.ts';
import { corpusSample } from '../../support/corpus.ts';
import { describeWithCorpus } from '../../support/needs-shared.ts';
import { entryOf, readCorpus, ublDir, utf8 } from './helpers.ts';

const BASE = 'si-ubl-2.0__SI-UBL-2.0.3.2__SI-UBL-2.0_ok_base.xml';
const base = corpusSample('ubl', BASE);
const input = (bytes: Uint8Array, over: Partial<InvoiceFileInput> = {}): InvoiceFileInput => ({
  bytes,
  filename: 'invoice.xml',
  direction: 'purchase',
  administration: 'DEMO',
  tenant: 'acme',
  ...over,
});
const supplier = { relationNumber: '4711', name: 'SimplerInvoicing', vatId: 'NL111111111B01' };

describeWithCorpus('processInvoiceFile', () => {
  it('books a known supplier on its relation number with the learned ledger account and cost centre', async () => {
    // Prepare
    const ctx = inMemoryInvoiceContext({ parties: [supplier] });
    await learnCorrection(ctx, 'rel:4711', { ledgerAccount: '4310', costCentre: 'K01' });
    // Act
    const result = await processInvoiceFile(input(readCorpus(ublDir, BASE)), ctx);
    // Assess
    expect(result.status).toBe('ok');
    expect(result.relationKey).toBe('rel:4711');
    const entry = entryOf(result.events);
    expect(entry?.journal).toBe('INK');
    expect(entry?.lines[0]).toMatchObject({
      ledgerAccount: '1600',
      amountCents: -22700,
      relationNumber: '4711',
      invoiceNumber: '12115118',
      paymentReference: 'Deb. 10202 / Fact. 12115118',
    });
    const costLines = entry?.lines.filter((l) => l.ledgerAccount === '4310') ?? [];
    expect(costLines.map((l) => [l.amountCents, l.vatCode, l.costCentre])).toEqual([
      [10000, '2', 'K01'],
      [10000, '1', 'K01'],
    ]);
    expect(entry?.lines.filter((l) => l.ledgerAccount === '1500').map((l) => l.amountCents)).toEqual([
      2100, 600,
    ]);
    expect(result.events.map((e) => e.type)).toEqual(['journal-entry.book']);
  });

  it('creates a relation.upsert for an unknown supplier when allowed, and points the creditor line at it', async () => {
    // Prepare
    const ctx = inMemoryInvoiceContext({ settings: { allowNewRelations: true } });
    // Act
    const result = await processInvoiceFile(input(readCorpus(ublDir, BASE)), ctx);
    // Assess
    const [relation, booking] = result.events;
    expect(relation?.type).toBe('relation.upsert');
    expect(relation?.type === 'relation.upsert' && relation.data).toMatchObject({
      name: 'SimplerInvoicing',
      roles: ['supplier'],
      iban: 'NL11BANK1111111111',
    });
    expect(booking?.type === 'journal-entry.book' && booking.data.lines[0]?.relationRef).toBe(
      relation?.source.externalId,
    );
  });

  it('leaves an unknown supplier for review when new relations are not allowed, with a proposal', async () => {
    // Act
    const result = await processInvoiceFile(input(readCorpus(ublDir, BASE)), inMemoryInvoiceContext());
    // Assess
    expect(result.status).toBe('review');
    expect(result.findings.map((f) => f.rule)).toContain('CASHLINK-PARTY-UNKNOWN');
    expect(result.events).toEqual([]);
    expect(result.proposal?.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(0);
  });

  it('marks the same invoice arriving again (other bytes) as duplicate, but not a retry of the same file', async () => {
    // Prepare
    const ctx = inMemoryInvoiceContext({ parties: [supplier] });
    const reformatted = utf8(base.text.replace(/\n\s*/g, '\n'));
    // Act
    const first = await processInvoiceFile(input(readCorpus(ublDir, BASE)), ctx);
    const retry = await processInvoiceFile(input(readCorpus(ublDir, BASE)), ctx);
    const again = await processInvoiceFile(input(reformatted, { filename: 'copy.xml' }), ctx);
    // Assess
    expect(first.status).toBe('ok');
    expect(retry.status).toBe('ok');
    expect(retry.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
    expect(again.status).toBe('duplicate');
    expect(again.events).toEqual([]);
    expect(again.duplicateOf).toBeTruthy();
  });

  it('books a sales invoice in VRK with the debtor and revenue per rate', async () => {
    // Prepare
    const ctx = inMemoryInvoiceContext({ settings: { allowNewRelations: true } });
    // Act
    const result = await processInvoiceFile(input(readCorpus(ublDir, BASE), { direction: 'sales' }), ctx);
    // Assess
    const entry = entryOf(result.events);
    expect(entry?.journal).toBe('VRK');
    expect(entry?.lines.map((l) => [l.ledgerAccount, l.amountCents])).toEqual([
      ['1300', 22700],
      ['8000', -10000],
      ['8010', -10000],
      ['1510', -2100],
      ['1520', -600],
    ]);
  });

  it('books a credit note with every sign turned around', async () => {
    // Prepare
    const file = 'en16931-testfiles__BIS_Billing_30-Kreditering_med_kreditnota.xml';
    const text = new TextDecoder()
      .decode(readCorpus(ublDir, file))
      .replace(/currencyID="SEK"/g, 'currencyID="EUR"')
      .replace(/>SEK</g, '>EUR<');
    // Act
    const result = await processInvoiceFile(
      input(utf8(text)),
      inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
    );
    // Assess
    expect(result.documentType).toBe('credit-note');
    expect(result.status).toBe('ok');
    const entry = entryOf(result.events);
    expect(entry?.lines[0]?.amountCents).toBe(result.totals?.payableCents);
    expect(entry?.description.startsWith('Cred ')).toBe(true);
  });

  it('books a foreign-currency invoice in EUR through its EUR VAT total', async () => {
    // Act
    const result = await processInvoiceFile(
      input(readCorpus(ublDir, 'en16931-testfiles__Invoice-Max_content.xml')),
      inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
    );
    // Assess
    expect(result.currency).toBe('SEK');
    expect(result.status).toBe('ok');
    const vatLines = entryOf(result.events)?.lines.filter((l) => l.vatBaseCents !== undefined) ?? [];
    expect(vatLines.reduce((s, l) => s + l.amountCents, 0)).toBeGreaterThan(0);
    expect(result.findings.find((f) => f.rule === 'CASHLINK-FX')?.message).toMatch(/EUR/);
  });

  it('books per invoice line when the tenant wants detail', async () => {
    // Act
    const result = await processInvoiceFile(
      input(readCorpus(ublDir, BASE)),
      inMemoryInvoiceContext({ parties: [supplier], settings: { lineDetail: 'per-line' } }),
    );
    // Assess
    const costLines = entryOf(result.events)?.lines.filter((l) => l.ledgerAccount === '4000') ?? [];
    expect(costLines.map((l) => [l.amountCents, l.quantity, l.text])).toEqual([
      [20000, 4, 'SimplerInvoicing test inv'],
      [10000, 1, 'Testing procedures'],
      [-10000, -1, 'Previous Test Invoice ret'],
    ]);
  });

  it('keeps texts within CASH rubriek 0306 and maps long invoice numbers deterministically', async () => {
    // Prepare
    const longNumber = `INV-${'9'.repeat(60)}-END`;
    const text = base.text.replace('<cbc:ID>12115118</cbc:ID>', `<cbc:ID>${longNumber}</cbc:ID>`);
    // Act
    const result = await processInvoiceFile(
      input(utf8(text)),
      inMemoryInvoiceContext({ parties: [supplier] }),
    );
    // Assess
    const entry = entryOf(result.events);
    expect(result.invoiceNumber).toBe(longNumber);
    expect(entry?.lines[0]?.invoiceNumber).toBe(fitInvoiceNumber(longNumber));
    expect(entry?.lines[0]?.invoiceNumber?.length).toBe(40);
    for (const line of entry?.lines ?? []) expect(line.text?.length ?? 0).toBeLessThanOrEqual(25);
    expect(entry?.description.length).toBeLessThanOrEqual(25);
    expect(entry?.description.endsWith('-END')).toBe(true);
  });
});

describe('booking texts', () => {
  it.each([
    ['Fact', '2026-001', 'Acme BV', 'Fact 2026-001 Acme BV'],
    ['Fact', '2026-001', 'Groothandel Van der Berg Holding', 'Fact 2026-001 Groothandel'],
    ['Cred', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'Acme', 'Cred ~HIJKLMNOPQRSTUVWXYZ'],
    ['Fact', undefined, 'Acme', 'Fact Acme'],
  ])('%s %s %s → %s', (prefix, number, name, expected) => {
    expect(bookingText(prefix, number, name)).toBe(expected);
    expect(expected.length).toBeLessThanOrEqual(25);
  });

  it('maps two long numbers with the same head to different values', () => {
    const a = fitInvoiceNumber(`${'X'.repeat(50)}A`);
    const b = fitInvoiceNumber(`${'X'.repeat(50)}B`);
    expect(a).not.toBe(b);
    expect(fitInvoiceNumber(`${'X'.repeat(50)}A`)).toBe(a);
  });
});

describeWithCorpus('learning', () => {
  it('applies a correction made while the supplier was new once it has a relation number', async () => {
    // Prepare: the first invoice creates the supplier; a person corrects its ledger account.
    const first = await processInvoiceFile(
      input(readCorpus(ublDir, BASE)),
      inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
    );
    const ctx = inMemoryInvoiceContext({ parties: [supplier] });
    await learnCorrection(ctx, first.relationKey ?? '', { ledgerAccount: '4600' });
    const next = utf8(base.text.replace('<cbc:ID>12115118</cbc:ID>', '<cbc:ID>12115119</cbc:ID>'));
    // Act
    const result = await processInvoiceFile(input(next), ctx);
    // Assess
    expect(first.relationKey).toBe('vat:NL111111111B01');
    expect(result.relationKey).toBe('rel:4711');
    expect(entryOf(result.events)?.lines.filter((l) => l.ledgerAccount === '4600')).toHaveLength(2);
  });
});

describeWithCorpus('NLCIUS warnings travel with a booked document', () => {
  it.each([
    [
      'BR-NL-26',
      (t: string) =>
        t.replace(
          '<cbc:RegistrationName>SimplerInvoicing</cbc:RegistrationName>',
          '<cbc:RegistrationName>SimplerInvoicing</cbc:RegistrationName><cbc:CompanyLegalForm>BV</cbc:CompanyLegalForm>',
        ),
    ],
    [
      'BR-NL-19',
      (t: string) =>
        t.replace(
          '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>',
          '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode><cbc:TaxCurrencyCode>EUR</cbc:TaxCurrencyCode>',
        ),
    ],
    [
      'BR-NL-29',
      (t: string) =>
        t.replace(
          '<cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>',
          '<cbc:PaymentMeansCode name="Overboeking">30</cbc:PaymentMeansCode>',
        ),
    ],
  ])('%s', async (rule, mutate) => {
    // Act
    const result = await processInvoiceFile(
      input(utf8(mutate(base.text))),
      inMemoryInvoiceContext({ parties: [supplier] }),
    );
    // Assess
    expect(result.status).toBe('ok');
    expect(result.findings.find((f) => f.rule === rule)?.severity).toBe('warning');
  });

  it('sends a document with warnings to review when the administration asks for it', async () => {
    const text = base.text.replace(
      '<cbc:DueDate>',
      '<cbc:TaxPointDate>2015-01-09</cbc:TaxPointDate><cbc:DueDate>',
    );
    const result = await processInvoiceFile(
      input(utf8(text)),
      inMemoryInvoiceContext({ parties: [supplier], settings: { reviewOnWarnings: true } }),
    );
    expect(result.status).toBe('review');
    expect(result.proposal).not.toBeNull();
  });
});

describeWithCorpus('store failures', () => {
  it('lets a failing CASH mirror through as InvoiceStoreError so the file is retried, not rejected', async () => {
    // Prepare
    const ctx = inMemoryInvoiceContext();
    ctx.parties = { find: async () => Promise.reject(new Error('DynamoDB throttled')) };
    // Act
    const attempt = processInvoiceFile(input(readCorpus(ublDir, BASE)), ctx);
    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'InvoiceStoreError', rule: 'STORE-UNAVAILABLE' });
  });
});
