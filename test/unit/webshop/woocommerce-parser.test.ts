import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moneyToCents } from '../../../lib/webshop/shop-money.ts';
import type { ShopFinding } from '../../../lib/webshop/shop-order.ts';
import { woocommercePlatform } from '../../../lib/webshop/woocommerce/index.ts';
import { corpusPath } from '../../support/corpus.ts';
import { describeWithCorpus } from '../../support/needs-shared.ts';

const corpusOrder = (name: string): unknown =>
  JSON.parse(readFileSync(corpusPath('webshops', 'woocommerce', name), 'utf8'));

/** A Dutch order as WooCommerce answers it: 21 % and 9 % lines, shipping, a negative fee, a refund. */
function dutchOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 1001,
    number: 'NL-1001',
    status: 'completed',
    currency: 'EUR',
    prices_include_tax: true,
    date_created_gmt: '2026-10-31T22:30:00',
    date_modified_gmt: '2026-11-02T09:00:00',
    date_paid_gmt: '2026-10-31T22:31:00',
    total: '59.45',
    total_tax: '7.50',
    customer_id: 7,
    billing: {
      first_name: 'Jan',
      last_name: 'Jansen',
      company: 'Jansen BV',
      email: 'jan@jansen.nl',
      country: 'NL',
      address_1: 'Dorpsstraat 1',
      postcode: '1234 AB',
      city: 'Ede',
    },
    shipping: { country: 'NL' },
    payment_method: 'mollie_wc_gateway_ideal',
    payment_method_title: 'iDEAL',
    transaction_id: 'tr_abc',
    meta_data: [
      { id: 1, key: '_billing_vat_number', value: 'nl 8123.45678.B01' },
      { id: 2, key: '_billing_kvk', value: '12345678' },
    ],
    line_items: [
      {
        id: 1,
        name: 'Koffie &amp; thee',
        quantity: 2,
        sku: 'KOF-1',
        subtotal: '20.00',
        subtotal_tax: '4.20',
        total: '20.00',
        total_tax: '4.20',
        taxes: [{ id: 1, total: '4.2', subtotal: '4.2' }],
      },
      {
        id: 2,
        name: 'Boek',
        quantity: 1,
        sku: 'BOEK',
        subtotal: '30.00',
        subtotal_tax: '2.70',
        total: '25.00',
        total_tax: '2.25',
        taxes: [{ id: 2, total: '2.25', subtotal: '2.7' }],
      },
    ],
    tax_lines: [
      {
        id: 10,
        rate_id: 1,
        rate_code: 'NL-BTW-1',
        label: 'BTW',
        compound: false,
        tax_total: '4.20',
        shipping_tax_total: '1.05',
        rate_percent: 21,
      },
      {
        id: 11,
        rate_id: 2,
        rate_code: 'NL-BTW LAAG-2',
        label: 'BTW laag',
        compound: false,
        tax_total: '2.25',
        shipping_tax_total: '0.00',
        rate_percent: 9,
      },
    ],
    shipping_lines: [
      { id: 20, method_title: 'PostNL', total: '5.00', total_tax: '1.05', taxes: [{ id: 1, total: '1.05' }] },
    ],
    fee_lines: [
      { id: 30, name: 'Transactiekosten', total: '2.00', total_tax: '0.00', taxes: [] },
      { id: 31, name: 'Cadeaukaart ABC', total: '-0.05', total_tax: '0.00', taxes: [] },
    ],
    coupon_lines: [{ id: 40, code: 'boek5', discount: '5.00', discount_tax: '0.45' }],
    refunds: [{ id: 50, reason: 'beschadigd', total: '-12.10' }],
    ...overrides,
  };
}

describeWithCorpus('WooCommerce parser over the corpus', () => {
  const table = [
    {
      file: 'order-create-response.json',
      orders: [{ id: '727', lifecycle: 'paid', gross: 2935, vat: 135, lines: 2 }],
    },
    {
      file: 'order-update-response.json',
      orders: [{ id: '727', lifecycle: 'completed', gross: 2935, vat: 135, lines: 2 }],
    },
    {
      file: 'orders-list-response.json',
      orders: [
        { id: '727', lifecycle: 'paid', gross: 2935, vat: 135, lines: 2 },
        { id: '723', lifecycle: 'completed', gross: 3900, vat: 0, lines: 2 },
      ],
    },
  ];
  it.each(table)('$file: every order read, amounts to the cent', ({ file, orders }) => {
    // Act
    const parsed = woocommercePlatform.parseOrders(corpusOrder(file), { shop: 'main' });
    // Assess
    expect(parsed.map((p) => p.orderId)).toEqual(orders.map((o) => o.id));
    parsed.forEach((p, i) => {
      const expected = orders[i];
      expect(p.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(p.order).toMatchObject({ lifecycle: expected?.lifecycle, paid: true, currency: 'USD' });
      expect(p.order?.totals).toEqual({
        grossCents: expected?.gross,
        vatCents: expected?.vat,
        netCents: (expected?.gross ?? 0) - (expected?.vat ?? 0),
      });
      expect(p.order?.lines).toHaveLength(expected?.lines ?? 0);
      const parts = [...(p.order?.lines ?? []), ...(p.order?.charges ?? [])];
      expect(parts.reduce((sum, part) => sum + part.grossCents, 0)).toBe(expected?.gross);
    });
  });

  it('derives the rate of a tax line without rate_percent from what it taxed (order 727: 7.5 %)', () => {
    // Act
    const [parsed] = woocommercePlatform.parseOrders(corpusOrder('order-create-response.json'), {
      shop: 'main',
    });
    // Assess
    expect(parsed?.order?.vatBreakdown).toEqual([{ ratePercent: '7.5', vatCents: 135, taxableCents: 1800 }]);
    expect(parsed?.order?.lines.map((l) => l.ratePercent)).toEqual(['7.5', '7.5']);
    expect(parsed?.order?.lines[1]?.description).toBe('Ship Your Idea – Color: Black, Size: M Test');
    expect(parsed?.order?.charges[0]).toMatchObject({ kind: 'shipping', ratePercent: '0', grossCents: 1000 });
  });

  it('reads the refunds of order 723 as positive amounts', () => {
    const parsed = woocommercePlatform.parseOrders(corpusOrder('orders-list-response.json'), {
      shop: 'main',
    });
    expect(parsed[1]?.order?.refunds.map((r) => [r.refundId, r.grossCents])).toEqual([
      ['726', 1000],
      ['724', 900],
    ]);
  });
});

describe('WooCommerce parser rules', () => {
  it('reads rates, charges, discount, VAT id, KvK and the provider of a Dutch order', () => {
    // Act
    const [parsed] = woocommercePlatform.parseOrders(dutchOrder(), { shop: 'nl' });
    const order = parsed?.order;
    // Assess
    expect(parsed?.findings).toEqual([]);
    expect(
      order?.lines.map((l) => [l.description, l.ratePercent, l.netCents, l.vatCents, l.discountCents]),
    ).toEqual([
      ['Koffie & thee', '21', 2000, 420, undefined],
      ['Boek', '9', 2500, 225, 545],
    ]);
    expect(order?.charges.map((c) => [c.kind, c.grossCents, c.ratePercent])).toEqual([
      ['shipping', 605, '21'],
      ['payment-cost', 200, '0'],
      ['gift-card', -5, undefined],
    ]);
    expect(order?.vatBreakdown).toEqual([
      { ratePercent: '21', vatCents: 525, taxableCents: 2500 },
      { ratePercent: '9', vatCents: 225, taxableCents: 2500 },
    ]);
    expect(order?.customer).toMatchObject({
      name: 'Jansen BV',
      vatId: 'NL812345678B01',
      kvk: '12345678',
      isBusiness: true,
      externalId: '7',
    });
    expect(order?.payment).toMatchObject({
      provider: 'mollie',
      transactionId: 'tr_abc',
      paidAt: '2026-10-31T22:31:00Z',
    });
    expect(order?.refunds).toEqual([
      { refundId: '50', grossCents: 1210, reason: 'beschadigd', createdAt: '2026-11-02T09:00:00Z' },
    ]);
    expect(order?.pricesIncludeVat).toBe(true);
  });

  it.each([
    { status: 'pending', lifecycle: 'pending', paid: false, extra: { date_paid_gmt: null } },
    { status: 'on-hold', lifecycle: 'on-hold', paid: false, extra: { date_paid_gmt: null } },
    { status: 'processing', lifecycle: 'paid', paid: true, extra: {} },
    { status: 'processing', lifecycle: 'paid', paid: true, extra: { date_paid_gmt: null, set_paid: true } },
    { status: 'cancelled', lifecycle: 'cancelled', paid: false, extra: { date_paid_gmt: null } },
    { status: 'refunded', lifecycle: 'refunded', paid: true, extra: {} },
    { status: 'failed', lifecycle: 'failed', paid: false, extra: { date_paid_gmt: null } },
    { status: 'wc-custom-shipped', lifecycle: 'paid', paid: true, extra: {} },
  ])('status $status → $lifecycle, paid $paid', ({ status, lifecycle, paid, extra }) => {
    const [parsed] = woocommercePlatform.parseOrders(dutchOrder({ status, ...extra }), { shop: 'nl' });
    expect(parsed?.order).toMatchObject({ lifecycle, paid });
  });

  it.each([
    { field: 'total', value: '59.455', rule: 'money-decimals' },
    { field: 'total', value: '6O.45', rule: 'money-format' },
    { field: 'total_tax', value: { amount: 1 }, rule: 'money-format' },
    { field: 'total', value: undefined, rule: 'money-missing' },
  ])('$field = $value → no order, a $rule finding naming the field', ({ field, value, rule }) => {
    // Act
    const [parsed] = woocommercePlatform.parseOrders(dutchOrder({ [field]: value }), { shop: 'nl' });
    // Assess
    expect(parsed?.order).toBeUndefined();
    expect(parsed?.orderId).toBe('1001');
    expect(parsed?.findings).toContainEqual(
      expect.objectContaining({ rule, path: `$.${field}`, severity: 'error' }),
    );
  });

  it('reads arrays, the legacy envelopes and raw bodies; a deleted-order body and non-JSON are findings', () => {
    const order = dutchOrder();
    expect(woocommercePlatform.parseOrders([order, order], { shop: 'nl' }).map((p) => p.path)).toEqual([
      '$[0]',
      '$[1]',
    ]);
    expect(woocommercePlatform.parseOrders({ orders: [order] }, { shop: 'nl' })[0]?.path).toBe('$.orders[0]');
    expect(woocommercePlatform.parseOrders({ order }, { shop: 'nl' })[0]?.path).toBe('$.order');
    expect(
      woocommercePlatform.parseOrders(Buffer.from(JSON.stringify(order)), { shop: 'nl' })[0]?.order?.orderId,
    ).toBe('1001');
    expect(woocommercePlatform.parseOrders({ id: 5 }, { shop: 'nl' })[0]).toMatchObject({
      orderId: '5',
      findings: [expect.objectContaining({ rule: 'order-without-content' })],
    });
    expect(woocommercePlatform.parseOrders('webhook_id=3', { shop: 'nl' })[0]?.findings[0]?.rule).toBe(
      'not-json',
    );
  });

  it('never throws and never invents an order from arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = woocommercePlatform.parseOrders(value, { shop: 'nl' });
        for (const p of parsed) {
          if (p.order)
            for (const cents of [p.order.totals.grossCents, p.order.totals.vatCents])
              expect(Number.isSafeInteger(cents)).toBe(true);
          else expect(p.findings.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on orders with arbitrary values in their fields', () => {
    const keys = Object.keys(dutchOrder());
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue(), (key, value) => {
        const parsed = woocommercePlatform.parseOrders(dutchOrder({ [key]: value }), { shop: 'nl' });
        expect(parsed).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('money strings → cents', () => {
  it('reads any amount with up to two decimals exactly, whatever its sign and zeros', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 3 }),
        (cents, decimals, trailingZeros) => {
          const abs = cents < 0n ? -cents : cents;
          const whole = abs / 100n;
          const fraction = String(abs % 100n).padStart(2, '0');
          const shown =
            decimals === 2 || fraction.endsWith('0')
              ? fraction.slice(0, decimals === 0 && fraction === '00' ? 0 : 2)
              : fraction;
          const text = `${cents < 0n ? '-' : ''}${whole}${shown ? `.${shown}${'0'.repeat(trailingZeros)}` : ''}`;
          const findings: ShopFinding[] = [];
          const read = moneyToCents(text, '$.total', findings);
          expect(findings).toEqual([]);
          expect(read).toBe(Number(cents));
          expect(Number.isInteger(read)).toBe(true);
        },
      ),
    );
  });

  it('refuses a third significant decimal rather than rounding it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 1, max: 9 }), (cents, third) => {
        const findings: ShopFinding[] = [];
        const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}${third}`;
        expect(moneyToCents(text, '$.x', findings)).toBeUndefined();
        expect(findings[0]).toMatchObject({ rule: 'money-decimals', path: '$.x' });
      }),
    );
  });

  it('reads JSON numbers by their decimal text (3 → 300, 0.1 → 10)', () => {
    const findings: ShopFinding[] = [];
    expect([3, 0.1, 12.34, -0.5].map((n) => moneyToCents(n, '$', findings))).toEqual([300, 10, 1234, -50]);
    expect(findings).toEqual([]);
  });
});

describe('WooCommerce webhook check', () => {
  const secret = 'geheim-123';
  const body = Buffer.from(JSON.stringify(dutchOrder()));
  const sign = (raw: Buffer, key = secret) => createHmac('sha256', key).update(raw).digest('base64');
  const delivery = (rawBody: Buffer, headers: Record<string, string | undefined>) => ({
    rawBody,
    headers,
    secret,
    now: new Date(),
  });

  it('accepts the base64 HMAC-SHA256 of the raw body, with topic and delivery id for the log', () => {
    const verdict = woocommercePlatform.verifyWebhook(
      delivery(body, {
        'x-wc-webhook-signature': sign(body),
        'x-wc-webhook-topic': 'order.updated',
        'x-wc-webhook-delivery-id': 'd1',
      }),
    );
    expect(verdict).toEqual({ ok: true, topic: 'order.updated', deliveryId: 'd1' });
  });

  it.each([
    {
      name: 'another secret',
      headers: { 'x-wc-webhook-signature': sign(body, 'other') },
      reason: 'bad-signature',
    },
    {
      name: 'a changed body',
      headers: { 'x-wc-webhook-signature': sign(Buffer.from(`${body} `)) },
      reason: 'bad-signature',
    },
    { name: 'garbage', headers: { 'x-wc-webhook-signature': 'not base64 at all' }, reason: 'bad-signature' },
    { name: 'no header', headers: {}, reason: 'unsigned' },
  ])('refuses $name', ({ headers, reason }) => {
    expect(woocommercePlatform.verifyWebhook(delivery(body, headers))).toMatchObject({ ok: false, reason });
  });

  it('takes the unsigned ping `webhook_id=<n>` as a ping, and nothing else unsigned', () => {
    expect(woocommercePlatform.verifyWebhook(delivery(Buffer.from('webhook_id=12'), {}))).toEqual({
      ok: true,
      ping: true,
    });
    expect(woocommercePlatform.verifyWebhook(delivery(Buffer.from('webhook_id=12&x=1'), {}))).toMatchObject({
      ok: false,
      reason: 'unsigned',
    });
  });
});
