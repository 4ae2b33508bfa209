import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountsIn, datesIn, parseReceiptText, vatIncluded, vatOn } from '../../../lib/receipts/index.ts';
import { fuzzParameters } from '../../support/fuzz.ts';

const ALBERT = `Albert Heijn 1234
Dorpsstraat 1, 1234 AB Utrecht
KvK 35012085  BTW NL002230884B01
31-10-2026 14:02
Bananen 1,99
Melk 1,29
Koffie 8,92
SUBTOTAAL 12,20
TOTAAL 12,20
BTW 9% over 11,19 1,01
PIN 12,20`;

const GARAGE = `Garage De Vries B.V.
Kassabon
Datum: 31/10/26
Onderhoud 100,00
BTW 21% € 21,00
Te betalen € 121,00
Bedankt voor uw bezoek`;

const HORECA = `Café Het Plein
31 okt 2026
2x Koffie 6,40
Lunch 14,50
Totaal incl. BTW 20,90
BTW 9% 1,73
BTW totaal 1,73`;

describe('Function: parseReceiptText', () => {
  it.each([
    {
      name: 'supermarket receipt (dd-mm-yyyy, TOTAAL, 9% over base)',
      text: ALBERT,
      expected: {
        date: '2026-10-31',
        totalCents: 1220,
        vatCents: 101,
        supplier: 'Albert Heijn 1234',
        kvk: '35012085',
        vatId: 'NL002230884B01',
      },
    },
    {
      name: 'garage (dd/mm/yy, Te betalen, € signs, 21%)',
      text: GARAGE,
      expected: { date: '2026-10-31', totalCents: 12100, vatCents: 2100, supplier: 'Garage De Vries B.V.' },
    },
    {
      name: 'café (31 okt 2026, Totaal incl. BTW, BTW totaal line)',
      text: HORECA,
      expected: { date: '2026-10-31', totalCents: 2090, vatCents: 173, supplier: 'Café Het Plein' },
    },
    {
      name: 'mixed rates add up',
      text: 'Winkel Jansen\n01.02.2026\nBTW 21% 10,00 2,10\nBTW 9% 20,00 1,80\nTotaal 33,90',
      expected: { date: '2026-02-01', totalCents: 3390, vatCents: 390, supplier: 'Winkel Jansen' },
    },
    {
      name: 'thousands separators and ISO date',
      text: 'Bouwmarkt XL\n2026-03-15\nTe betalen EUR 1.234,56',
      expected: { date: '2026-03-15', totalCents: 123456 },
    },
    {
      name: 'whole euros as ,-',
      text: 'Kapper Knip\n5 december 2026\nTotaal 25,-',
      expected: { date: '2026-12-05', totalCents: 2500 },
    },
  ])('reads $name', ({ text, expected }) => {
    // Act
    const proposal = parseReceiptText(text);

    // Assess
    expect(proposal).toMatchObject(expected);
  });

  it('proposes nothing for text without receipt content, with confidence 0', () => {
    // Act
    const proposal = parseReceiptText('');

    // Assess
    expect(proposal).toEqual({ vatLines: [], confidence: 0 });
  });

  it('rates a consistent receipt higher than one without a total', () => {
    // Act
    const full = parseReceiptText(ALBERT);
    const partial = parseReceiptText('Albert Heijn\n31-10-2026');

    // Assess
    expect(full.confidence).toBeGreaterThan(partial.confidence);
    expect(full.confidence).toBeLessThanOrEqual(1);
  });

  it('never throws and keeps every amount an integer number of cents on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        // Act
        const proposal = parseReceiptText(text);

        // Assess
        for (const cents of [
          proposal.totalCents,
          proposal.vatCents,
          ...proposal.vatLines.map((v) => v.vatCents),
        ])
          if (cents !== undefined) expect(Number.isSafeInteger(cents)).toBe(true);
        expect(proposal.confidence).toBeGreaterThanOrEqual(0);
        expect(proposal.confidence).toBeLessThanOrEqual(1);
        if (proposal.date) expect(proposal.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
      fuzzParameters(200),
    );
  });

  it('reads back any total and date it is given, exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99_999_999 }),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.constantFrom('TOTAAL', 'Te betalen', 'Totaal incl. BTW'),
        (cents, day, label) => {
          // Prepare
          const euros = Math.floor(cents / 100);
          const decimals = String(cents % 100).padStart(2, '0');
          const grouped = String(euros).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
          const iso = day.toISOString().slice(0, 10);
          const [y, m, d] = iso.split('-');
          const text = `Winkel\n${d}-${m}-${y}\n${label} € ${grouped},${decimals}`;

          // Act
          const proposal = parseReceiptText(text);

          // Assess
          expect(proposal.totalCents).toBe(cents);
          expect(proposal.date).toBe(iso);
        },
      ),
      fuzzParameters(200),
    );
  });
});

describe('Function: amountsIn', () => {
  it.each([
    ['12,50', [1250]],
    ['€ 12.50', [1250]],
    ['1.234,56', [123456]],
    ['1,234.56', [123456]],
    ['-4,10', [-410]],
    ['€ -4,10', [-410]],
    ['21% 2,10', [210]],
    ['21,00% 3,00', [300]],
    ['12,505', []],
    ['2x 3,20 6,40', [320, 640]],
    ['Bon 1234', []],
  ])('reads %s', (line, cents) => {
    // Act + Assess
    expect(amountsIn(line).map((a) => a.cents)).toEqual(cents);
  });
});

describe('Function: datesIn', () => {
  it.each([
    ['31-10-2026', ['2026-10-31']],
    ['31/10/26', ['2026-10-31']],
    ['31 okt 2026', ['2026-10-31']],
    ['1 mrt. 2026', ['2026-03-01']],
    ['31-02-2026', []],
    ['2026-10-31', ['2026-10-31']],
    ['tel 06-12345678', []],
  ])('reads %s', (line, dates) => {
    // Act + Assess
    expect(datesIn(line)).toEqual(dates);
  });
});

describe('Functions: vatOn, vatIncluded', () => {
  it('rounds half up in integers', () => {
    // Act + Assess
    expect(vatOn(1000, 2100)).toBe(210);
    expect(vatOn(1119, 900)).toBe(101);
    expect(vatIncluded(12100, 2100)).toBe(2100);
    expect(vatIncluded(2090, 900)).toBe(173);
  });

  it('gross minus included VAT, plus VAT on that, is the gross within a cent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom(0, 900, 2100), (gross, rate) => {
        // Act
        const vat = vatIncluded(gross, rate);

        // Assess
        expect(Math.abs(gross - vat + vatOn(gross - vat, rate) - gross)).toBeLessThanOrEqual(1);
      }),
      fuzzParameters(200),
    );
  });
});
