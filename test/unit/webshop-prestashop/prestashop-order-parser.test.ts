import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPrestashopPlatform, prestashopPlatform } from '../../../lib/webshop/prestashop/index.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/webshops/prestashop/${name}`, import.meta.url), 'utf8'));
const shop = { shop: 'demo' };

describe('PrestaShop order parser over the fixtures', () => {
  const cases = [
    {
      file: 'order-with-details.json',
      orders: [
        {
          path: '$.order',
          orderId: '7',
          lifecycle: 'paid',
          paid: true,
          lines: 2,
          totals: { netCents: 5346, vatCents: 688, grossCents: 6034 },
          rules: [],
        },
      ],
    },
    {
      file: 'orders-rows-only.json',
      orders: [
        {
          path: '$.orders[0]',
          orderId: '1',
          lifecycle: 'cancelled',
          paid: false,
          lines: 2,
          totals: { netCents: 5500, vatCents: 680, grossCents: 6180 },
          rules: ['prestashop.no-order-details'],
        },
      ],
    },
    { file: 'orders-empty.json', orders: [] },
  ];
  it.each(cases)('$file', ({ file, orders }) => {
    // Prepare
    const payload = fixture(file);
    // Act
    const parsed = prestashopPlatform.parseOrders(payload, shop);
    // Assess
    expect(parsed).toHaveLength(orders.length);
    parsed.forEach((result, index) => {
      const want = orders[index];
      expect(result.findings.map((finding) => finding.rule)).toEqual(want?.rules);
      expect(result.path).toBe(want?.path);
      expect(result.order).toMatchObject({
        orderId: want?.orderId,
        lifecycle: want?.lifecycle,
        paid: want?.paid,
        totals: want?.totals,
      });
      expect(result.order?.lines).toHaveLength(want?.lines ?? -1);
    });
  });

  it('reads VAT per line from order_details, shipping, the discount, the business customer and the credit slip', () => {
    // Act
    const order = prestashopPlatform.parseOrders(fixture('order-with-details.json'), shop)[0]?.order;
    // Assess
    expect(order?.lines).toEqual([
      {
        lineId: '21',
        sku: 'KOF-1KG',
        ean: '8712345678906',
        description: 'Koffiebonen 1 kg',
        quantity: 2,
        netCents: 3600,
        vatCents: 324,
        grossCents: 3924,
        ratePercent: '9',
      },
      {
        lineId: '22',
        sku: 'MOLEN-01',
        ean: undefined,
        description: 'Koffiemolen',
        quantity: 1,
        netCents: 1665,
        vatCents: 350,
        grossCents: 2015,
        ratePercent: '21',
      },
    ]);
    expect(order?.charges).toEqual([
      {
        kind: 'shipping',
        description: 'Verzending',
        netCents: 494,
        vatCents: 101,
        grossCents: 595,
        ratePercent: '21',
      },
      {
        kind: 'discount',
        description: 'Korting',
        netCents: -413,
        vatCents: -87,
        grossCents: -500,
        ratePercent: undefined,
      },
    ]);
    expect(order?.customer).toMatchObject({
      externalId: '5',
      name: 'Koffiehuis Bakker',
      vatId: 'NL001234567B01',
      kvk: '12345678',
      isBusiness: true,
      countryCode: 'NL',
      email: 'info@koffiehuis.example',
    });
    expect(order?.refunds).toEqual([
      { refundId: '2', createdAt: '2026-11-02T10:00:00', grossCents: 2015, vatCents: 350 },
    ]);
    expect(order?.payment).toMatchObject({
      method: 'mollie',
      provider: 'mollie',
      title: 'iDEAL',
      paidCents: 6034,
      paidAt: '2026-10-30T15:12:03',
    });
    expect(order).toMatchObject({
      orderNumber: 'KHWLILZLL',
      status: '2',
      currency: 'EUR',
      shippingCountryCode: 'NL',
      createdAt: '2026-10-30T15:11:48',
    });
  });

  it('maps current_state by the tenant table', () => {
    // Prepare
    const platform = createPrestashopPlatform({ '6': 'completed' });
    // Act
    const [parsed] = platform.parseOrders(fixture('orders-rows-only.json'), shop);
    // Assess
    expect(parsed?.order?.lifecycle).toBe('completed');
  });

  it('names an unknown state and a bad amount with path and value', () => {
    // Prepare
    const payload = {
      orders: [{ id: '9', current_state: '99', date_add: '2026-01-01 00:00:00', total_paid_tax_incl: 'abc' }],
    };
    // Act
    const [parsed] = prestashopPlatform.parseOrders(payload, shop);
    // Assess
    expect(parsed?.order).toBeUndefined();
    expect(parsed?.findings).toEqual([
      expect.objectContaining({
        rule: 'prestashop.state',
        path: '$.orders[0].current_state',
        message: expect.stringContaining('"99"'),
      }),
      expect.objectContaining({
        rule: 'prestashop.amount',
        path: '$.orders[0].total_paid_tax_incl',
        message: expect.stringContaining('"abc"'),
      }),
    ]);
  });

  it('has no webhooks', () => {
    expect(
      prestashopPlatform.verifyWebhook({
        rawBody: Buffer.from(''),
        headers: {},
        secret: 'x',
        now: new Date(),
      }),
    ).toMatchObject({ ok: false, reason: 'no webhooks' });
  });

  it('never throws on arbitrary JSON or arbitrary order fields', () => {
    const order = fc.record({
      id: fc.jsonValue(),
      current_state: fc.constantFrom('2', '4', 'x'),
      date_add: fc.jsonValue(),
      order_details: fc.array(
        fc.dictionary(
          fc.constantFrom('total_price_tax_excl', 'total_price_tax_incl', 'tax_rate', 'product_quantity'),
          fc.jsonValue(),
        ),
      ),
      associations: fc.jsonValue(),
      order_slip: fc.jsonValue(),
    });
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), order, fc.record({ orders: fc.array(order) })),
        (value) => void prestashopPlatform.parseOrders(value, shop),
      ),
      { numRuns: 400 },
    );
  });

  it('keeps every cent of six-decimal amounts and rows multiplied out', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 50 }), (cents, quantity) => {
        const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}0000`;
        const payload = {
          order: {
            id: '1',
            current_state: '2',
            date_add: '2026-01-01 00:00:00',
            total_paid_tax_incl: text,
            total_paid_tax_excl: text,
            associations: {
              order_rows: [
                {
                  id: '1',
                  product_quantity: String(quantity),
                  unit_price_tax_excl: text,
                  unit_price_tax_incl: text,
                },
              ],
            },
          },
        };
        const order = prestashopPlatform.parseOrders(payload, shop)[0]?.order;
        expect(order?.totals.grossCents).toBe(cents);
        expect(order?.lines[0]?.netCents).toBe(cents * quantity);
      }),
    );
  });
});
