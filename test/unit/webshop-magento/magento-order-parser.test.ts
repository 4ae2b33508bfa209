import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { magentoPlatform } from '../../../lib/webshop/magento/index.ts';
import { decimalToCents } from '../../../lib/webshop/platform-kit/index.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/webshops/magento/${name}`, import.meta.url), 'utf8'));
const shop = { shop: 'demo' };

describe('Magento order parser over the fixtures', () => {
  const cases = [
    {
      file: 'order-configurable-nl.json',
      orders: [
        {
          path: '$',
          orderId: '41',
          lifecycle: 'paid',
          paid: true,
          lines: 2,
          totals: { netCents: 10595, vatCents: 1901, grossCents: 12496 },
          refunds: 0,
        },
      ],
    },
    {
      file: 'orders-search-refunded.json',
      orders: [
        {
          path: '$.items[0]',
          orderId: '3',
          lifecycle: 'pending',
          paid: false,
          lines: 2,
          totals: { netCents: 9500, vatCents: 0, grossCents: 9500 },
          refunds: 0,
        },
        {
          path: '$.items[1]',
          orderId: '44',
          lifecycle: 'refunded',
          paid: true,
          lines: 1,
          totals: { netCents: 5000, vatCents: 1050, grossCents: 6050 },
          refunds: 1,
        },
      ],
    },
  ];
  it.each(cases)('$file', ({ file, orders }) => {
    // Prepare
    const payload = fixture(file);
    // Act
    const parsed = magentoPlatform.parseOrders(payload, shop);
    // Assess
    expect(parsed).toHaveLength(orders.length);
    parsed.forEach((result, index) => {
      const want = orders[index];
      expect(result.findings).toEqual([]);
      expect(result.path).toBe(want?.path);
      expect(result.order).toMatchObject({
        orderId: want?.orderId,
        lifecycle: want?.lifecycle,
        paid: want?.paid,
        totals: want?.totals,
      });
      expect(result.order?.lines).toHaveLength(want?.lines ?? -1);
      expect(result.order?.refunds).toHaveLength(want?.refunds ?? -1);
    });
  });

  it('reads lines after discount, the configurable parent only, shipping, VAT breakdown, business customer, payment', () => {
    // Prepare
    const payload = fixture('order-configurable-nl.json');
    // Act
    const order = magentoPlatform.parseOrders(payload, shop)[0]?.order;
    // Assess
    expect(order?.lines[0]).toMatchObject({
      lineId: '90',
      sku: 'MJ01-M-Red',
      quantity: 2,
      netCents: 7400,
      vatCents: 1554,
      grossCents: 8954,
      ratePercent: '21',
      discountCents: 1000,
    });
    expect(order?.lines[1]).toMatchObject({
      sku: '24-UG03',
      netCents: 2700,
      vatCents: 243,
      ratePercent: '9',
    });
    expect(order?.charges).toEqual([
      { kind: 'shipping', description: 'PostNL - Standaard', netCents: 495, vatCents: 104, grossCents: 599 },
    ]);
    expect(order?.vatBreakdown).toEqual([
      { ratePercent: '21', vatCents: 1658 },
      { ratePercent: '9', vatCents: 243 },
    ]);
    expect(order?.customer).toMatchObject({
      externalId: '17',
      name: 'Bakkerij De Vries B.V.',
      vatId: 'NL123456789B01',
      isBusiness: true,
      countryCode: 'NL',
      street: 'Kerkstraat 12 achterom',
    });
    expect(order?.payment).toMatchObject({
      method: 'mollie_methods_ideal',
      provider: 'mollie',
      transactionId: 'tr_WDqYK6vllg',
      paidCents: 12496,
      title: 'iDEAL',
    });
    expect(order).toMatchObject({
      createdAt: '2026-10-30T14:02:11Z',
      updatedAt: '2026-10-30T14:05:40Z',
      status: 'processing',
      orderNumber: '000000041',
      shippingCountryCode: 'NL',
    });
  });

  it('makes a credit memo a refund with its lines', () => {
    // Prepare
    const payload = fixture('orders-search-refunded.json');
    // Act
    const order = magentoPlatform.parseOrders(payload, shop)[1]?.order;
    // Assess
    expect(order?.refunds).toEqual([
      {
        refundId: '7',
        createdAt: '2026-10-03T11:30:00Z',
        grossCents: 6050,
        vatCents: 1050,
        reason: 'Kapot geleverd',
        lines: [
          expect.objectContaining({
            lineId: '120',
            sku: 'LAMP-01',
            netCents: 5000,
            vatCents: 1050,
            quantity: 1,
          }),
        ],
      },
    ]);
  });

  it('names path, rule and value of a bad amount and keeps the other orders', () => {
    // Prepare
    const payload = [
      { entity_id: 5, state: 'new', created_at: '2026-01-01 00:00:00', grand_total: '12,50', items: [] },
      'x',
    ];
    // Act
    const parsed = magentoPlatform.parseOrders(payload, shop);
    // Assess
    expect(parsed[0]).toMatchObject({ orderId: '5', order: undefined });
    expect(parsed[0]?.findings).toEqual([
      expect.objectContaining({
        rule: 'magento.amount',
        path: '$[0].grand_total',
        message: expect.stringContaining('"12,50"'),
      }),
    ]);
    expect(parsed[1]?.findings[0]).toMatchObject({ rule: 'magento.not-an-order', path: '$[1]' });
  });

  it('refuses webhooks: Magento Open Source has none', () => {
    // Act
    const verdict = magentoPlatform.verifyWebhook({
      rawBody: Buffer.from('{}'),
      headers: {},
      secret: 's',
      now: new Date(),
    });
    // Assess
    expect(verdict).toMatchObject({ ok: false, reason: 'no webhooks' });
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = magentoPlatform.parseOrders(value, shop);
        expect(Array.isArray(parsed)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on orders with arbitrary fields', () => {
    const order = fc.record({
      entity_id: fc.jsonValue(),
      state: fc.constantFrom('new', 'processing', 'x'),
      items: fc.array(
        fc.dictionary(
          fc.constantFrom('row_total', 'tax_amount', 'parent_item_id', 'item_id', 'qty_ordered'),
          fc.jsonValue(),
        ),
      ),
      grand_total: fc.jsonValue(),
    });
    fc.assert(
      fc.property(order, (value) => void magentoPlatform.parseOrders(value, shop)),
      { numRuns: 300 },
    );
  });

  it('reads every cent amount exactly, as number and as string', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (cents) => {
        const text = `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
        expect(decimalToCents(text)).toEqual({ ok: true, cents, exact: true });
        expect(decimalToCents(Number(text))).toEqual({ ok: true, cents, exact: true });
      }),
    );
  });
});
