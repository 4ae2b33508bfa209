import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ccvshopPlatform } from '../../../lib/webshop/ccvshop/index.ts';
import { lightspeedPlatform } from '../../../lib/webshop/lightspeed/index.ts';
import type { ParsedShopOrder, ShopOrder } from '../../../lib/webshop/shop-order.ts';
import type { ShopPlatform } from '../../../lib/webshop/shop-platform.ts';

const fixture = (platform: string, file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/webshops/${platform}/${file}`, import.meta.url), 'utf8'));

interface Expected {
  orderId?: string;
  lifecycle?: ShopOrder['lifecycle'];
  paid?: boolean;
  totals?: ShopOrder['totals'];
  reverseCharge?: boolean;
  business?: boolean;
  refunds?: number;
  /** Rules of the error findings; an order is expected only when there are none. */
  errors?: string[];
  warnings?: string[];
}

const cases: Array<{ platform: ShopPlatform; dir: string; file: string; expected: Expected[] }> = [
  {
    platform: lightspeedPlatform,
    dir: 'lightspeed',
    file: 'order-webhook-b2c.json',
    expected: [
      {
        orderId: '31001',
        lifecycle: 'paid',
        paid: true,
        totals: { netCents: 2913, vatCents: 552, grossCents: 3465 },
        reverseCharge: false,
        business: false,
        refunds: 0,
      },
    ],
  },
  {
    platform: lightspeedPlatform,
    dir: 'lightspeed',
    file: 'orders-list.json',
    expected: [
      {
        orderId: '31002',
        lifecycle: 'completed',
        paid: true,
        totals: { netCents: 11000, vatCents: 0, grossCents: 11000 },
        reverseCharge: true,
        business: true,
        refunds: 0,
      },
      {
        orderId: '31003',
        lifecycle: 'refunded',
        paid: false,
        totals: { netCents: 1000, vatCents: 210, grossCents: 1210 },
        refunds: 1,
      },
      {
        orderId: '31004',
        lifecycle: 'pending',
        paid: false,
        totals: { netCents: 4500, vatCents: 945, grossCents: 5445 },
      },
    ],
  },
  {
    platform: lightspeedPlatform,
    dir: 'lightspeed',
    file: 'order-float-noise.json',
    expected: [
      {
        orderId: '31005',
        paid: true,
        totals: { netCents: 4132, vatCents: 868, grossCents: 5000 },
        warnings: ['money-float-noise'],
      },
    ],
  },
  {
    platform: lightspeedPlatform,
    dir: 'lightspeed',
    file: 'orders-broken.json',
    expected: [
      { errors: ['required', 'money', 'quantity'] },
      { errors: ['order-shape'] },
      { orderId: '31006', errors: ['money', 'rate'] },
    ],
  },
  {
    platform: ccvshopPlatform,
    dir: 'ccvshop',
    file: 'order-b2c.json',
    expected: [
      {
        orderId: '820001',
        lifecycle: 'paid',
        paid: true,
        totals: { netCents: 2909, vatCents: 551, grossCents: 3460 },
        reverseCharge: false,
        business: false,
      },
    ],
  },
  {
    platform: ccvshopPlatform,
    dir: 'ccvshop',
    file: 'orders-collection.json',
    expected: [
      {
        orderId: '820002',
        lifecycle: 'completed',
        paid: true,
        totals: { netCents: 11000, vatCents: 0, grossCents: 11000 },
        reverseCharge: true,
        business: true,
      },
      {
        orderId: '820003',
        lifecycle: 'pending',
        paid: false,
        totals: { netCents: 4665, vatCents: 980, grossCents: 5645 },
      },
    ],
  },
  {
    platform: ccvshopPlatform,
    dir: 'ccvshop',
    file: 'orders-broken.json',
    expected: [
      { orderId: '820099', errors: ['status', 'money'] },
      { errors: ['order-shape'] },
      { errors: ['required', 'required'] },
    ],
  },
];

const rules = (parsed: ParsedShopOrder, severity: 'error' | 'warning'): string[] =>
  parsed.findings.filter((finding) => finding.severity === severity).map((finding) => finding.rule);

describe('webshop order parsers over the fixtures', () => {
  it.each(cases)('$dir/$file', ({ platform, file, expected }) => {
    // Prepare
    const payload = fixture(platform.name === 'ccvshop' ? 'ccvshop' : 'lightspeed', file);

    // Act
    const parsed = platform.parseOrders(payload, { shop: 'demo' });

    // Assess
    expect(parsed).toHaveLength(expected.length);
    parsed.forEach((result, index) => {
      const want = expected[index] as Expected;
      expect(result.orderId).toBe(want.orderId);
      expect(rules(result, 'error').sort()).toEqual([...(want.errors ?? [])].sort());
      for (const rule of want.warnings ?? []) expect(rules(result, 'warning')).toContain(rule);
      if (want.errors?.length) {
        expect(result.order).toBeUndefined();
        for (const finding of result.findings) expect(finding.path.startsWith(result.path)).toBe(true);
        return;
      }
      const order = result.order as ShopOrder;
      expect(order.platform).toBe(platform.name);
      if (want.lifecycle) expect(order.lifecycle).toBe(want.lifecycle);
      if (want.paid !== undefined) expect(order.paid).toBe(want.paid);
      if (want.totals) expect(order.totals).toEqual(want.totals);
      if (want.reverseCharge !== undefined) expect(order.reverseCharge).toBe(want.reverseCharge);
      if (want.business !== undefined) expect(order.customer.isBusiness).toBe(want.business);
      if (want.refunds !== undefined) expect(order.refunds).toHaveLength(want.refunds);
      // The lines and charges add up to the shop's totals to the cent.
      const parts = [...order.lines, ...order.charges];
      expect(parts.reduce((sum, part) => sum + part.grossCents, 0)).toBe(order.totals.grossCents);
      expect(parts.reduce((sum, part) => sum + part.vatCents, 0)).toBe(order.totals.vatCents);
      for (const part of parts) expect(part.netCents + part.vatCents).toBe(part.grossCents);
    });
  });

  it('reads the business customer, VAT id, KvK and the VAT breakdown of Lightspeed', () => {
    // Act
    const [b2b] = lightspeedPlatform.parseOrders(fixture('lightspeed', 'orders-list.json'), { shop: 'demo' });
    const [b2c] = lightspeedPlatform.parseOrders(fixture('lightspeed', 'order-webhook-b2c.json'), {
      shop: 'demo',
    });

    // Assess
    expect(b2b?.order?.customer).toMatchObject({
      company: 'Muster GmbH',
      vatId: 'DE123456789',
      kvk: 'HRB 1234',
      countryCode: 'DE',
    });
    expect(b2c?.order?.vatBreakdown).toEqual([
      { ratePercent: '21', vatCents: 507 },
      { ratePercent: '9', vatCents: 45 },
    ]);
    expect(b2c?.order?.lines.map((line) => [line.sku, line.ratePercent, line.grossCents])).toEqual([
      ['KOF-1000', '21', 2420],
      ['THE-01', '9', 545],
    ]);
    expect(b2c?.order?.payment.provider).toBe('mollie');
  });

  it('splits CCV rows, shipping, discount and payment costs by their rates', () => {
    // Act
    const [, unpaid] = ccvshopPlatform.parseOrders(fixture('ccvshop', 'orders-collection.json'), {
      shop: 'demo',
    });

    // Assess
    expect(unpaid?.order?.charges.map((charge) => [charge.kind, charge.netCents, charge.vatCents])).toEqual([
      ['payment-cost', 165, 35],
      ['discount', -500, -105],
    ]);
  });
});

describe('webshop order parsers on outside input', () => {
  const platforms = [lightspeedPlatform, ccvshopPlatform];

  it('never throw on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const platform of platforms) {
          const parsed = platform.parseOrders(value, { shop: 'x' });
          expect(Array.isArray(parsed)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throw on orders with arbitrary fields', () => {
    const anything = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }));
    fc.assert(
      fc.property(anything, anything, (fields, row) => {
        lightspeedPlatform.parseOrders(
          { order: { id: 1, ...fields, products: { resource: { embedded: [row] } } } },
          { shop: 'x' },
        );
        ccvshopPlatform.parseOrders({ id: 1, ...fields, orderrows: { items: [row] } }, { shop: 'x' });
      }),
      { numRuns: 300 },
    );
  });

  it('never lose a cent: amounts as strings or JSON numbers read back exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_00 }), fc.boolean(), (cents, asString) => {
        // Prepare
        const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
        const amount = asString ? text : Number(text);
        const order = {
          id: 9,
          number: 'N9',
          status: 'processing_awaiting_shipment',
          paymentStatus: 'paid',
          createdAt: '2026-12-01T00:00:00+00:00',
          priceExcl: amount,
          priceIncl: amount,
          products: {
            resource: {
              embedded: [{ id: 1, quantityOrdered: 1, taxRate: 0, priceExcl: amount, priceIncl: amount }],
            },
          },
        };

        // Act
        const [parsed] = lightspeedPlatform.parseOrders({ order }, { shop: 'x' });

        // Assess
        expect(parsed?.order?.totals.grossCents).toBe(cents);
        expect(parsed?.order?.lines[0]?.grossCents).toBe(cents);
      }),
    );
  });
});
