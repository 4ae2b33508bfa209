import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Matcher,
  type MatcherOptions,
  type OpenItem,
  toBookingEvent,
  withinShortPaymentTolerance,
} from '../../../lib/bank/matching/index.ts';
import { bankImportSettingsOf, matcherOptions } from '../../../lib/bank/stores/index.ts';
import { bankImportSettings, parseTenantConfig, toRuntimeConfig } from '../../../lib/tenant/index.ts';
import { bookingContext, entry, IBAN_DE_VRIES, item, KENMERK_42 } from './fixtures.ts';

const ctx = bookingContext({ debtorsAccount: '1300', differenceAccount: '8310' });

/** €1.000,00 and €250,00 open for relation 100001, whose IBAN CASH knows. */
function openItems(): OpenItem[] {
  return [
    item({
      invoiceNumber: '2026-0042',
      amountCents: 100000,
      paymentReference: KENMERK_42,
      ibans: [IBAN_DE_VRIES],
    }),
    item({ invoiceNumber: '2026-0043', amountCents: 25000, ibans: [IBAN_DE_VRIES] }),
  ];
}

const TENANT: MatcherOptions = { autoBookPartialPayments: true, shortPaymentTolerance: { basisPoints: 200 } };
const pays = (amountCents: number, remittance?: string) =>
  entry({ counterpartyIban: IBAN_DE_VRIES, amountCents, ...(remittance ? { remittance } : {}) });

describe('Class: Matcher — partial and short payments of a named invoice', () => {
  it.each([
    [
      'a 2 % discount it names',
      TENANT,
      98000,
      'Factuur 2026-0042 -2% betalingskorting',
      'auto',
      -2000,
      false,
    ],
    ['a 1,5 % shortfall it does not explain', TENANT, 98500, 'Factuur 2026-0042', 'auto', -1500, false],
    [
      'a shortfall within the cents limit',
      { shortPaymentTolerance: { cents: 2500 } },
      97500,
      'Factuur 2026-0042',
      'auto',
      -2500,
      false,
    ],
    [
      'a discount beyond the tolerance',
      TENANT,
      97000,
      'Factuur 2026-0042 3% korting',
      'proposal',
      -3000,
      false,
    ],
    [
      'a discount within percent but beyond cents',
      { shortPaymentTolerance: { basisPoints: 200, cents: 500 } },
      98000,
      'Factuur 2026-0042 2% korting',
      'proposal',
      0,
      true,
    ],
    ['a partial payment, allowed', TENANT, 40000, 'Deelbetaling 2026-0042', 'auto', 0, true],
    ['a partial payment by payment reference', TENANT, 40000, KENMERK_42, 'auto', 0, true],
    [
      'a partial payment, not allowed',
      { shortPaymentTolerance: { basisPoints: 200 } },
      40000,
      'Deelbetaling 2026-0042',
      'proposal',
      0,
      true,
    ],
    ['a partial payment without naming its invoice', TENANT, 40000, 'Deelbetaling', 'proposal', 0, true],
    [
      'a partial payment of the amount of another open invoice',
      TENANT,
      25000,
      'Factuur 2026-0042',
      'proposal',
      0,
      true,
    ],
    [
      'a short payment, no tolerance set',
      { autoBookPartialPayments: false },
      98000,
      'Factuur 2026-0042',
      'proposal',
      0,
      true,
    ],
  ] as const)('%s', (_label, options, amountCents, remittance, expected, differenceCents, partial) => {
    // Prepare
    const matcher = new Matcher(openItems(), undefined, options);
    // Act
    const decision = matcher.match(pays(amountCents, remittance));
    // Assess
    expect(decision.decision).toBe(expected);
    expect(decision.relationNumber).toBe('100001');
    if (expected === 'auto') {
      expect(decision.matches[0]?.invoiceNumber).toBe('2026-0042');
      expect(decision.differenceCents).toBe(differenceCents);
      const allocated = decision.matches.reduce((sum, match) => sum + match.amountCents, 0);
      expect(allocated + decision.differenceCents).toBe(amountCents);
      expect(decision.matches[0]?.amountCents).toBe(partial ? amountCents : 100000);
    } else {
      expect(decision.reasons.length).toBeGreaterThan(1);
    }
  });

  it('leaves the remainder of a partial payment open for the next line of the run', () => {
    // Prepare
    const matcher = new Matcher(openItems(), undefined, TENANT);
    // Act
    const first = matcher.match(pays(40000, 'Termijn 1 factuur 2026-0042'));
    const second = matcher.match(pays(60000, 'Termijn 2 factuur 2026-0042'));
    // Assess
    expect(first).toMatchObject({
      decision: 'auto',
      matches: [{ invoiceNumber: '2026-0042', amountCents: 40000 }],
    });
    expect(first.reasons.join(' ')).toContain('€600,00 stays open');
    expect(second).toMatchObject({
      decision: 'auto',
      matches: [{ invoiceNumber: '2026-0042', amountCents: 60000 }],
      differenceCents: 0,
    });
  });
});

describe('Function: toBookingEvent — partial and short payments', () => {
  it('books a discount within tolerance: the invoice in full, the difference on the configured account', () => {
    // Prepare
    const line = pays(98000, 'Factuur 2026-0042 2% korting');
    const decision = new Matcher(openItems(), undefined, TENANT).match(line);
    // Act
    const result = toBookingEvent(line, decision, ctx);
    // Assess
    expect(result.status).toBe('booked');
    const lines = result.status === 'booked' ? result.event.data.lines : [];
    expect(lines).toEqual([
      expect.objectContaining({ ledgerAccount: '1100', amountCents: 98000 }),
      expect.objectContaining({ ledgerAccount: '1300', amountCents: -100000, invoiceNumber: '2026-0042' }),
      expect.objectContaining({ ledgerAccount: '8310', amountCents: 2000 }),
    ]);
  });

  it('books a partial payment against the invoice only, with no difference line (the rest stays open)', () => {
    // Prepare
    const line = pays(40000, 'Deelbetaling 2026-0042');
    const decision = new Matcher(openItems(), undefined, TENANT).match(line);
    // Act
    const result = toBookingEvent(line, decision, ctx);
    // Assess
    const lines = result.status === 'booked' ? result.event.data.lines : [];
    expect(lines).toEqual([
      expect.objectContaining({ ledgerAccount: '1100', amountCents: 40000 }),
      expect.objectContaining({ ledgerAccount: '1300', amountCents: -40000, invoiceNumber: '2026-0042' }),
    ]);
  });
});

describe('Function: withinShortPaymentTolerance', () => {
  it.each([
    [2000, 100000, { basisPoints: 200 }, true],
    [2001, 100000, { basisPoints: 200 }, false],
    [2000, -100000, { basisPoints: 200 }, true],
    [500, 100000, { cents: 500 }, true],
    [501, 100000, { cents: 500 }, false],
    [1500, 100000, { basisPoints: 200, cents: 1000 }, false],
    [0, 100000, { basisPoints: 200 }, false],
    [100, 100000, {}, false],
    [100, 100000, undefined, false],
  ] as const)('shortfall %i of %i within %o: %s', (shortfall, outstanding, tolerance, expected) => {
    expect(withinShortPaymentTolerance(shortfall, outstanding, tolerance)).toBe(expected);
  });

  it('agrees with exact decimal arithmetic for any amount and percentage (no float rounding)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000_000_000 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (outstanding, basisPoints, shortfall) => {
          const exact = BigInt(shortfall) * 10_000n <= BigInt(outstanding) * BigInt(basisPoints);
          expect(withinShortPaymentTolerance(shortfall, outstanding, { basisPoints })).toBe(exact);
        },
      ),
    );
  });
});

describe('Settings: bank-import shortPaymentTolerance', () => {
  it.each([
    [{ percent: 2 }, { basisPoints: 200 }],
    [{ percent: 2.35 }, { basisPoints: 235 }],
    [{ cents: 750 }, { cents: 750 }],
    [
      { percent: 1.5, cents: 2500 },
      { basisPoints: 150, cents: 2500 },
    ],
    [{ percent: 0.07, cents: null }, { basisPoints: 7 }],
  ])('reads %o as %o for the matcher', (shortPaymentTolerance, expected) => {
    // Act
    const settings = bankImportSettings.parse({ shortPaymentTolerance, differenceAccount: '8310' });
    // Assess
    expect(matcherOptions(settings).shortPaymentTolerance).toEqual(expected);
  });

  it('takes null as no tolerance', () => {
    expect(
      matcherOptions(bankImportSettings.parse({ shortPaymentTolerance: null })).shortPaymentTolerance,
    ).toBe(undefined);
  });

  it.each([
    ['no limit', { shortPaymentTolerance: {}, differenceAccount: '8310' }, 'shortPaymentTolerance'],
    ['three decimals', { shortPaymentTolerance: { percent: 1.234 }, differenceAccount: '8310' }, 'percent'],
    ['over 20 %', { shortPaymentTolerance: { percent: 25 }, differenceAccount: '8310' }, 'percent'],
    ['fractional cents', { shortPaymentTolerance: { cents: 1.5 }, differenceAccount: '8310' }, 'cents'],
    ['no difference account', { shortPaymentTolerance: { percent: 2 } }, 'differenceAccount'],
  ])('refuses %s, naming the field', (_label, settings, field) => {
    // Act
    const result = bankImportSettings.safeParse(settings);
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).join(' ')).toContain(field);
  });
});

describe('Tenant file: bank-import settings reach the matcher', () => {
  const demo = () =>
    JSON.parse(readFileSync(new URL('../../../infra/tenants/demo.json', import.meta.url), 'utf8')) as {
      connectors: Record<string, { settings?: Record<string, unknown> }>;
    };

  it('hands partial payments and the short-payment tolerance from infra/tenants/*.json to the matcher', () => {
    // Prepare
    const file = demo();
    const bank = file.connectors['bank-import'] as { settings?: Record<string, unknown> };
    bank.settings = {
      ...bank.settings,
      autoBookPartialPayments: true,
      shortPaymentTolerance: { percent: 2, cents: null },
      differenceAccount: '8310',
    };
    // Act
    const options = matcherOptions(bankImportSettingsOf(toRuntimeConfig(parseTenantConfig(file))));
    // Assess
    expect(options).toMatchObject({
      autoBookPartialPayments: true,
      shortPaymentTolerance: { basisPoints: 200 },
    });
  });

  it('refuses a tenant file with a tolerance but no difference account, naming the field', () => {
    // Prepare
    const file = demo();
    const bank = file.connectors['bank-import'] as { settings?: Record<string, unknown> };
    bank.settings = { ...bank.settings, shortPaymentTolerance: { percent: 2 } };
    // Act
    const parse = () => parseTenantConfig(file, 'demo.json');
    // Assess
    expect(parse).toThrow(/differenceAccount/);
  });
});
