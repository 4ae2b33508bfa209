import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEvent } from '../../../events/index.ts';
import {
  allocate,
  assignInvoiceNumber,
  type CashMappingResult,
  type CashRecord,
  InMemoryInvoiceNumberRegistry,
  invoiceNumberCandidate,
  invoiceNumberKey,
  mapEvent,
  resolveInvoiceNumbers,
  shortReference,
} from '../../../lib/cash/index.ts';
import { base, context, salesInvoice } from './fixtures.ts';

function records(result: CashMappingResult): CashRecord[] {
  if (!result.ok) throw new Error(`unexpected issues: ${JSON.stringify(result.issues)}`);
  return result.records;
}

describe('journal-entry.book → 0301', () => {
  it('maps every line with the shared boekstuk fields', () => {
    // Act
    const result = mapEvent(salesInvoice(), context());
    // Assess
    const lines = records(result);
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(line.record).toBe('0301');
      expect(line.fields).toMatchObject({
        '0901': 'VRK',
        '0302': '260331',
        '0310': '2603',
        '0303': '124',
        '0711': 'CLABCDEF12345',
      });
    }
    expect(lines[0]?.fields).toEqual({
      '0901': 'VRK',
      '0302': '260331',
      '0310': '2603',
      '0303': '124',
      '0201': '1300',
      '0307': '145,20',
      '0306': 'Factuur INV-2026-000123',
      '0711': 'CLABCDEF12345',
      '0477': '1234567890123456',
      '0101': '100001',
      '0309': '123',
      '0111': '30',
    });
    expect(lines[1]?.fields).toMatchObject({
      '0201': '8000',
      '0307': '-100,00',
      '0306': 'Advies',
      '0911': 'ADM',
    });
    expect(lines[2]?.fields).toMatchObject({ '0305': '1,50' });
  });

  it('reports an over-long description by default instead of cutting it', () => {
    // Act
    const result = mapEvent(
      salesInvoice({ description: 'Factuur INV-2026-000123 van Jansen en Zonen' }),
      context({ descriptionOverflow: 'error' }),
    );
    // Assess
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues).toEqual([
      expect.objectContaining({
        eventPath: 'data.description',
        rubriek: '0306',
        rule: 'too-long',
        value: 'Factuur INV-2026-000123 van Jansen en Zonen',
      }),
    ]);
  });

  it('keeps the original invoice number next to the mapped one', () => {
    // Act
    const result = mapEvent(salesInvoice(), context());
    // Assess
    expect(result.ok && result.invoiceNumbers).toEqual([
      { eventPath: 'data.lines.0.invoiceNumber', original: 'INV-2026-000123', cashNumber: '123' },
    ]);
  });

  it('takes the period from the event when given, else from the date', () => {
    // Act
    const given = records(mapEvent(salesInvoice({ period: 13, description: 'Correctie' }), context()));
    // Assess
    expect(given[0]?.fields['0310']).toBe('2613');
  });

  it('uses the event entry number over the context one, and needs one of them', () => {
    // Act
    const own = records(mapEvent(salesInvoice({ entryNumber: 7, description: 'x' }), context()));
    const none = mapEvent(salesInvoice({ description: 'x' }), context({}, { entryNumber: undefined }));
    // Assess
    expect(own[0]?.fields['0303']).toBe('7');
    expect(none.ok ? [] : none.issues).toEqual([
      expect.objectContaining({ eventPath: 'data.entryNumber', rubriek: '0303', rule: 'required' }),
    ]);
  });

  it('resolves a relationRef, and reports it when it cannot', () => {
    // Prepare
    const event = createEvent({
      ...base,
      type: 'journal-entry.book',
      source: { connector: 'webshop', externalId: 'order-9' },
      data: {
        journal: 'VRK',
        date: '2026-01-05',
        description: 'Webshop order 9',
        lines: [
          { ledgerAccount: '1300', amountCents: 1000, relationRef: 'cust-9', invoiceNumber: '9' },
          { ledgerAccount: '8000', amountCents: -1000 },
        ],
      },
    });
    // Act
    const resolved = mapEvent(
      event,
      context({}, { resolveRelation: (ref) => (ref === 'cust-9' ? '200009' : undefined) }),
    );
    const unresolved = mapEvent(event, context());
    // Assess
    expect(records(resolved)[0]?.fields).toMatchObject({ '0101': '200009', '0309': '9' });
    expect(unresolved.ok ? [] : unresolved.issues).toEqual([
      expect.objectContaining({
        eventPath: 'data.lines.0.relationRef',
        rubriek: '0101',
        rule: 'unresolved-relation',
        value: 'cust-9',
      }),
    ]);
  });

  it('puts the attachment file name on the debtor line only', () => {
    // Prepare
    const event = salesInvoice({
      description: 'Factuur 123',
      attachments: [
        { filename: 'INV-2026-000123.pdf', mimeType: 'application/pdf', location: { bucket: 'b', key: 'k' } },
      ],
    });
    // Act
    const lines = records(mapEvent(event, context()));
    // Assess
    expect(lines.map((l) => l.fields['1540'])).toEqual([
      'INV-2026-000123.pdf',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('falls back to the event kenmerk when the writer gives none', () => {
    // Act
    const lines = records(
      mapEvent(salesInvoice({ reference: 'PO-77', description: 'x' }), context({}, { reference: undefined })),
    );
    // Assess
    expect(lines[0]?.fields['0711']).toBe('PO-77');
  });

  it('reports a due date before the invoice date', () => {
    // Prepare
    const event = salesInvoice({ description: 'x' });
    if (event.type === 'journal-entry.book' && event.data.lines[0])
      event.data.lines[0].dueDate = '2026-03-01';
    // Act
    const result = mapEvent(event, context());
    // Assess
    expect(result.ok ? [] : result.issues).toEqual([
      expect.objectContaining({ eventPath: 'data.lines.0.dueDate', rubriek: '0111', rule: 'bad-date' }),
    ]);
  });

  it('builds a kenmerk that fits F0711 from any event id', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{32}$/), (hex) => {
        // Act
        const reference = shortReference(`evt_${hex}`);
        // Assess
        expect(reference).toMatch(/^CL[0-9A-F]{11}$/);
      }),
    );
  });
});

describe('settings that change the mapping', () => {
  it('amountNotation cents writes integer cents', () => {
    // Act
    const lines = records(mapEvent(salesInvoice({ description: 'x' }), context({ amountNotation: 'cents' })));
    // Assess
    expect(lines.map((l) => l.fields['0307'])).toEqual(['14520', '-10000', '-2000', '-2520']);
    expect(lines[2]?.fields['0305']).toBe('150');
  });

  it('descriptionOverflow truncate cuts the description to 25 characters', () => {
    // Act
    const lines = records(
      mapEvent(
        salesInvoice({ description: 'Factuur INV-2026-000123 van Jansen en Zonen' }),
        context({ descriptionOverflow: 'truncate' }),
      ),
    );
    // Assess
    expect(lines[0]?.fields['0306']).toBe('Factuur INV-2026-000123 v');
  });

  it('vatLines explicit books the VAT line as given, without VAT codes CASH could act on again', () => {
    // Act
    const lines = records(mapEvent(salesInvoice({ description: 'x' }), context({ vatLines: 'explicit' })));
    // Assess
    expect(lines.every((l) => l.fields['0242'] === undefined)).toBe(true);
    expect(lines.map((l) => [l.fields['0201'], l.fields['0307']])).toEqual([
      ['1300', '145,20'],
      ['8000', '-100,00'],
      ['8010', '-20,00'],
      ['1510', '-25,20'],
    ]);
  });

  it('vatLines implied folds VAT into the base lines, which carry gross amount and VAT code', () => {
    // Act
    const lines = records(mapEvent(salesInvoice({ description: 'x' }), context({ vatLines: 'implied' })));
    // Assess
    expect(lines.map((l) => [l.fields['0201'], l.fields['0307'], l.fields['0242']])).toEqual([
      ['1300', '145,20', undefined],
      ['8000', '-121,00', 'H'],
      ['8010', '-24,20', 'H'],
    ]);
  });

  it('vatLines implied reports a VAT line without matching base line', () => {
    // Prepare
    const event = salesInvoice({ description: 'x' });
    if (event.type === 'journal-entry.book')
      for (const line of event.data.lines) if (!line.vatBaseCents) delete line.vatCode;
    // Act
    const result = mapEvent(event, context({ vatLines: 'implied' }));
    // Assess
    expect(result.ok ? [] : result.issues).toEqual([
      expect.objectContaining({ eventPath: 'data.lines.3', rule: 'vat-line-unmatched' }),
    ]);
  });

  it('invoiceNumbers text passes the original through', () => {
    // Act
    const result = mapEvent(salesInvoice({ description: 'x' }), context({ invoiceNumbers: 'text' }));
    // Assess
    expect(records(result)[0]?.fields['0309']).toBe('INV-2026-000123');
    expect(result.ok && result.invoiceNumbers).toEqual([]);
  });

  it('keeps any split of VAT exact and the entry balanced', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 12), max: 10 ** 12 }),
        fc.array(fc.integer({ min: 0, max: 10 ** 9 }), { minLength: 1, maxLength: 8 }),
        (total, weights) => {
          // Act
          const shares = allocate(BigInt(total), weights.map(BigInt));
          // Assess
          expect(shares.reduce((a, b) => a + b, 0n)).toBe(BigInt(total));
          for (const share of shares) expect(total >= 0 ? share >= 0n : share <= 0n).toBe(true);
        },
      ),
    );
  });
});

describe('invoice numbers', () => {
  it.each([
    ['a short number as is', '123', '123'],
    ['leading zeros dropped', '000123', '123'],
    ['the last group of digits', 'INV-2026-000123', '123'],
    ['digits followed by a suffix', 'F2026/0042-C', '42'],
  ])('first candidate keeps %s', (_name, original, expected) => {
    // Act
    const candidate = invoiceNumberCandidate('100001', original);
    // Assess
    expect(candidate).toBe(expected);
  });

  it('maps any original deterministically into 1..999999', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.nat({ max: 20 }), (original, attempt) => {
        // Act
        const a = invoiceNumberCandidate('100001', original, attempt);
        const b = invoiceNumberCandidate('100001', original, attempt);
        // Assess
        expect(a).toBe(b);
        expect(a).toMatch(/^[1-9]\d{0,5}$/);
      }),
    );
  });

  it('probes to the next candidate on a collision and remembers each original', async () => {
    // Prepare
    const registry = new InMemoryInvoiceNumberRegistry();
    // Act
    const first = await assignInvoiceNumber(registry, '100001', 'INV-2025-000123');
    const second = await assignInvoiceNumber(registry, '100001', 'INV-2026-000123');
    const again = await assignInvoiceNumber(registry, '100001', 'INV-2026-000123');
    const otherRelation = await assignInvoiceNumber(registry, '100002', 'INV-2026-000123');
    // Assess
    expect(first.cashNumber).toBe('123');
    expect(second.cashNumber).toBe(invoiceNumberCandidate('100001', 'INV-2026-000123', 1));
    expect(second.cashNumber).not.toBe('123');
    expect(again.cashNumber).toBe(second.cashNumber);
    expect(otherRelation.cashNumber).toBe('123');
  });

  it('feeds the registry result into the mapping', async () => {
    // Prepare
    const registry = new InMemoryInvoiceNumberRegistry();
    await assignInvoiceNumber(registry, '100001', 'CN-000123');
    const event = salesInvoice({ description: 'x' });
    const ctx = context();
    // Act
    const invoiceNumbers = await resolveInvoiceNumbers(event, registry, ctx);
    const result = mapEvent(event, { ...ctx, invoiceNumbers });
    // Assess
    const expected = invoiceNumberCandidate('100001', 'INV-2026-000123', 1);
    expect(invoiceNumbers.get(invoiceNumberKey('100001', 'INV-2026-000123'))).toBe(expected);
    expect(records(result)[0]?.fields['0309']).toBe(expected);
    expect(result.ok && result.invoiceNumbers[0]).toEqual({
      eventPath: 'data.lines.0.invoiceNumber',
      original: 'INV-2026-000123',
      cashNumber: expected,
    });
  });
});

describe('relation.upsert → 0101', () => {
  it('maps NAW, bank and tax details', () => {
    // Prepare
    const event = createEvent({
      ...base,
      type: 'relation.upsert',
      source: { connector: 'webshop', externalId: 'cust-9' },
      data: {
        name: 'Jansen & Zonen B.V.',
        searchName: 'jansen',
        address: {
          street: 'Dorpsstraat',
          houseNumber: '12a',
          postalCode: '1234 AB',
          city: 'Utrecht',
          countryCode: 'NL',
        },
        email: 'info@jansen.nl',
        iban: 'NL91 ABNA 0417 1643 00',
        vatId: 'NL123456789B01',
        kvk: '12345678',
        roles: ['customer'],
        paymentTermDays: 30,
      },
    });
    // Act
    const result = mapEvent(event, context({}, { relationNumber: '100009' }));
    // Assess
    expect(records(result)).toEqual([
      {
        record: '0101',
        fields: {
          '0101': '100009',
          '0102': 'JANSEN',
          '0103': 'Jansen & Zonen B.V.',
          '0105': 'Dorpsstraat 12a',
          '0107': '1234 AB  Utrecht',
          '0130': 'NL',
          '0110': 'NL91ABNA0417164300',
          '0116': 'NL123456789B01',
          '0120': 'info@jansen.nl',
          '1479': '12345678',
          '0111': '30',
        },
      },
    ]);
  });

  it('needs a relation number from the event or the context', () => {
    // Prepare
    const event = createEvent({
      ...base,
      type: 'relation.upsert',
      source: { connector: 'webshop', externalId: 'c' },
      data: { name: 'X', roles: ['supplier'] },
    });
    // Act
    const result = mapEvent(event, context());
    // Assess
    expect(result.ok ? [] : result.issues).toEqual([
      expect.objectContaining({ eventPath: 'context.relationNumber', rubriek: '0101', rule: 'required' }),
    ]);
  });

  it('reports an address that does not fit F0105', () => {
    // Prepare
    const event = createEvent({
      ...base,
      type: 'relation.upsert',
      source: { connector: 'webshop', externalId: 'c2' },
      data: {
        relationNumber: '5',
        name: 'X',
        roles: ['customer'],
        address: { street: 'Burgemeester van Nieuwenhuijzenstraat', houseNumber: '1234' },
      },
    });
    // Act
    const result = mapEvent(event, context());
    // Assess
    expect(result.ok ? [] : result.issues).toEqual([
      expect.objectContaining({ eventPath: 'data.address.street', rubriek: '0105', rule: 'too-long' }),
    ]);
  });
});

describe('article.upsert → 2260', () => {
  it('maps code, description, prices and VAT code', () => {
    // Prepare
    const event = createEvent({
      ...base,
      type: 'article.upsert',
      source: { connector: 'webshop', externalId: 'sku-1' },
      data: {
        code: 'VERZENDKOHOOG',
        description: 'Verzendkosten hoog',
        salesPriceCents: 695,
        vatCode: 'H',
        gtin: '8712345678906',
        unit: 'st',
      },
    });
    // Act
    const result = mapEvent(event, context());
    // Assess
    expect(records(result)).toEqual([
      {
        record: '2260',
        fields: {
          '2260': 'VERZENDKOHOOG',
          '2001': 'Verzendkosten hoog',
          '2281': '8712345678906',
          '2283': 'st',
          '2267': '6,95',
          '2422': 'H',
        },
      },
    ]);
  });
});

describe('sales-order.create → 2400 + 2410', () => {
  it('maps the header and numbered lines sharing the order number', () => {
    // Prepare
    const event = createEvent({
      ...base,
      type: 'sales-order.create',
      source: { connector: 'workorders', externalId: 'WO-77' },
      data: {
        externalOrderNumber: 'WO-77',
        orderDate: '2026-03-02',
        customer: { relationNumber: '100001' },
        currency: 'EUR',
        lines: [
          { articleCode: 'UUR', quantity: 2.5, unitPriceCents: 6500, description: 'Arbeid' },
          {
            articleCode: 'KABEL-3X2.5',
            quantity: 10,
            unitPriceCents: 189,
            discountPercent: 12.5,
            warehouse: 'HOOFD',
          },
        ],
      },
    });
    // Act
    const result = mapEvent(event, context({}, { orderNumber: 5001 }));
    // Assess
    expect(records(result)).toEqual([
      {
        record: '2400',
        fields: { '2400': '5001', '2401': '260302', '2406': 'WO-77', '2983': 'EUR', '2220': '100001' },
      },
      {
        record: '2410',
        fields: {
          '2400': '5001',
          '2426': '1',
          '2260': 'UUR',
          '2001': 'Arbeid',
          '2410': '2,50',
          '2267': '65,00',
        },
      },
      {
        record: '2410',
        fields: {
          '2400': '5001',
          '2426': '2',
          '2260': 'KABEL-3X2.5',
          '2410': '10,00',
          '2267': '1,89',
          '2209': 'HOOFD',
          '2002': '12,50',
        },
      },
    ]);
  });

  it('leaves out an external order number too long for F2406 instead of failing the order', () => {
    // Prepare
    const event = createEvent({
      ...base,
      type: 'sales-order.create',
      source: { connector: 'webshop', externalId: 'long' },
      data: {
        externalOrderNumber: 'SHOP-2026-03-02-000000000012345',
        orderDate: '2026-03-02',
        customer: { relationNumber: '100001' },
        currency: 'EUR',
        lines: [{ articleCode: 'A', quantity: 1, unitPriceCents: 100 }],
      },
    });
    // Act
    const result = mapEvent(event, context({}, { orderNumber: 1 }));
    // Assess
    expect(records(result)[0]?.fields['2406']).toBeUndefined();
  });

  it('reports a missing order number once, not per line', () => {
    // Prepare
    const event = createEvent({
      ...base,
      type: 'sales-order.create',
      source: { connector: 'workorders', externalId: 'WO-78' },
      data: {
        externalOrderNumber: 'WO-78',
        orderDate: '2026-03-02',
        customer: { relationRef: 'x' },
        currency: 'EUR',
        lines: [
          { articleCode: 'A', quantity: 1, unitPriceCents: 1 },
          { articleCode: 'B', quantity: 1.005, unitPriceCents: 1 },
        ],
      },
    });
    // Act
    const result = mapEvent(event, context());
    // Assess
    const issues = result.ok ? [] : result.issues.map((i) => `${i.eventPath}:${i.rubriek}:${i.rule}`);
    expect(issues).toEqual([
      'data.customer.relationRef:2220:unresolved-relation',
      'context.orderNumber:2400:required',
      'data.lines.1.quantity:2410:too-many-decimals',
    ]);
  });
});

describe('mapping arbitrary journal entries', () => {
  const text = fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim() !== '');
  const line = fc.record(
    {
      ledgerAccount: fc.stringMatching(/^[A-Z0-9]{1,6}$/),
      amountCents: fc.integer({ min: -(10 ** 12), max: 10 ** 12 }),
      relationNumber: fc.stringMatching(/^\d{1,6}$/),
      invoiceNumber: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ''),
      text,
      vatCode: fc.constantFrom('H', 'L', '0'),
      quantity: fc.integer({ min: -(10 ** 8), max: 10 ** 8 }).map((n) => n / 10_000),
    },
    { requiredKeys: ['ledgerAccount', 'amountCents'] },
  );

  it('never throws, and whatever it writes fits CASH and still balances', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 6 }),
        text,
        fc.constantFrom('decimal-comma' as const, 'cents' as const),
        fc.constantFrom('error' as const, 'truncate' as const),
        (lines, description, amountNotation, descriptionOverflow) => {
          // Prepare: a last line balances the entry, as the event schema demands.
          const total = lines.reduce((sum, l) => sum + l.amountCents, 0);
          const event = createEvent({
            ...base,
            type: 'journal-entry.book',
            source: { connector: 'fuzz', externalId: 'x' },
            data: {
              journal: 'MEM',
              date: '2026-06-30',
              description,
              lines: [...lines, { ledgerAccount: '9999', amountCents: -total }],
            },
          });
          // Act
          const result = mapEvent(event, context({ amountNotation, descriptionOverflow }));
          // Assess
          if (!result.ok) {
            for (const issue of result.issues) expect(issue.eventPath).toMatch(/^(data|context)\b/);
            return;
          }
          let sum = 0n;
          for (const record of result.records) {
            expect(Array.from(record.fields['0306'] ?? '').length).toBeLessThanOrEqual(25);
            expect(record.fields['0309'] ?? '1').toMatch(/^\d{1,6}$/);
            const amount = record.fields['0307'] ?? '';
            sum += BigInt(amountNotation === 'cents' ? amount : amount.replace(',', ''));
          }
          expect(sum).toBe(0n);
        },
      ),
    );
  });
});
