import { afterEach, describe, expect, it } from 'vitest';
import {
  PrestashopClient,
  PrestashopSimulator,
  prestashopPlatform,
} from '../../../lib/webshop/prestashop/index.ts';
import { ShopApiError } from '../../../lib/webshop/shop-api-error.ts';

const webserviceKey = 'ZQ88PRJX5VWQHCWE4EE7SQ7HPNX00RAJ';
const running: PrestashopSimulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((simulator) => simulator.stop()));
});

async function started(options: { rateLimit?: { limit: number; windowMs: number } } = {}) {
  let now = Date.parse('2026-10-30T12:00:00Z');
  const clock = {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
  const simulator = new PrestashopSimulator({ webserviceKey, now: clock.now, ...options });
  running.push(simulator);
  const baseUrl = await simulator.start(0);
  const client = (key = webserviceKey, pageSize = 2) =>
    new PrestashopClient({ baseUrl, webserviceKey: key, pageSize, timeZone: 'UTC', now: clock.now });
  return { simulator, client, clock, baseUrl };
}

const line = (reference: string, unitExclCents = 1000) => ({
  reference,
  quantity: 1,
  unitExclCents,
  ratePercent: 21,
});

async function failure(call: Promise<unknown>): Promise<ShopApiError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ShopApiError);
  return error as ShopApiError;
}

const ids = (items: unknown[]) => items.map((order) => String((order as { id: string }).id));

describe('PrestashopClient against the PrestaShop simulator (real HTTP)', () => {
  it('pages the delta by keyset, widens the upper bound past the excluded day, and attaches details', async () => {
    // Prepare
    const { simulator, client, clock } = await started();
    const placed = ['A', 'B', 'C', 'D', 'E'].map((reference) => {
      clock.advance(1000);
      return simulator.store.placeOrder({
        lines: [line(reference)],
        shipping: { exclCents: 495, ratePercent: 21 },
      });
    });
    const shop = client();
    // Act
    const pages: unknown[][] = [];
    let page = await shop.listOrders({ since: '2026-10-30T12:00:02Z' });
    pages.push(page.items);
    while (page.next) {
      page = await shop.listOrders({ cursor: page.next });
      pages.push(page.items);
    }
    // Assess
    expect(pages.map(ids)).toEqual([[placed[1]?.id, placed[2]?.id], [placed[3]?.id, placed[4]?.id], []]);
    const filter = simulator.requests.find((request) => request.path === '/api/orders')?.query ?? '';
    expect(new URLSearchParams(filter).get('filter[date_upd]')).toBe(
      '[2026-10-30 12:00:02,2026-11-01 23:59:59]',
    );
    expect(new URLSearchParams(filter).get('date')).toBe('1');
    const parsed = prestashopPlatform.parseOrders(pages[0], { shop: 'demo' });
    expect(parsed[0]?.findings).toEqual([]);
    expect(parsed[0]?.order).toMatchObject({
      totals: { netCents: 1495, vatCents: 314, grossCents: 1809 },
      customer: { countryCode: 'NL' },
      currency: 'EUR',
    });
  });

  it('the simulator reproduces the excluded upper day: a bound on today finds nothing', async () => {
    // Prepare
    const { simulator, baseUrl } = await started();
    simulator.store.placeOrder({ lines: [line('A')] });
    const url = new URL('/api/orders', baseUrl);
    url.search = new URLSearchParams({
      output_format: 'JSON',
      'filter[date_upd]': '[2026-10-30 00:00:00,2026-10-30 23:59:59]',
      date: '1',
    }).toString();
    // Act
    const answer = await fetch(url, {
      headers: { authorization: `Basic ${Buffer.from(`${webserviceKey}:`).toString('base64')}` },
    });
    // Assess
    expect(await answer.json()).toEqual([]);
  });

  it('does not skip an order changed while paging (keyset, not offset)', async () => {
    // Prepare
    const { simulator, client, clock } = await started();
    const placed = ['A', 'B', 'C'].map((reference) => {
      clock.advance(1000);
      return simulator.store.placeOrder({ lines: [line(reference)] });
    });
    const shop = client();
    const first = await shop.listOrders({});
    clock.advance(1000);
    simulator.store.touch(String(placed[0]?.id));
    // Act
    const second = await shop.listOrders({ cursor: first.next });
    const third = second.next ? await shop.listOrders({ cursor: second.next }) : { items: [] };
    // Assess
    expect([...ids(first.items), ...ids(second.items), ...ids(third.items)]).toEqual(
      [0, 1, 2, 0].map((index) => String(placed[index]?.id)),
    );
  });

  it('polls with an overlap window: a changed order comes again with the same id and state', async () => {
    // Prepare
    const { simulator, client, clock } = await started();
    const placed = simulator.store.placeOrder({ lines: [line('A')] });
    simulator.store.setState(String(placed.id), '2');
    const shop = client('ZQ88PRJX5VWQHCWE4EE7SQ7HPNX00RAJ', 10);
    const before = await shop.listOrders({ since: '2026-10-30T12:00:00Z' });
    clock.advance(60_000);
    simulator.store.touch(String(placed.id));
    // Act
    const again = await shop.listOrders({ since: '2026-10-30T11:55:00Z' });
    // Assess
    const key = (items: unknown[]) =>
      prestashopPlatform
        .parseOrders(items, { shop: 'demo' })
        .map((p) => [p.orderId, p.order?.status, p.order?.paid]);
    expect(key(again.items)).toEqual(key(before.items));
    expect(key(again.items)).toEqual([[String(placed.id), '2', true]]);
  });

  it('reads a refunded order with its credit slip', async () => {
    // Prepare
    const { simulator, client } = await started();
    const placed = simulator.store.placeOrder({ lines: [line('A', 5000)] });
    simulator.store.setState(String(placed.id), '2');
    simulator.store.refund(String(placed.id));
    // Act
    const [parsed] = prestashopPlatform.parseOrders(await client().getOrder(String(placed.id)), {
      shop: 'demo',
    });
    // Assess
    expect(parsed?.order).toMatchObject({
      lifecycle: 'refunded',
      paid: true,
      refunds: [{ grossCents: 6050, vatCents: 1050 }],
    });
  });

  it("refuses a missing, malformed or unknown key with PrestaShop's answers, never echoing the key", async () => {
    // Prepare
    const { client, baseUrl } = await started();
    // Act
    const unknown = await failure(client('A'.repeat(32)).listOrders({}));
    const malformed = await failure(client('short').listOrders({}));
    const none = await fetch(new URL('/api/orders?output_format=JSON', baseUrl));
    // Assess
    expect(unknown).toMatchObject({
      retryable: false,
      details: { status: 401, code: 'No permission for this authentication key' },
    });
    expect(unknown.message).toContain('refused the credentials');
    expect(malformed).toMatchObject({
      retryable: false,
      details: { status: 400, code: 'Invalid authentication key format' },
    });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('PrestaShop Webservice');
    expect(JSON.stringify({ m: unknown.message, d: unknown.details })).not.toContain('AAAA');
  });

  it('answers 429 with Retry-After as retryable with retryAfterMs', async () => {
    // Prepare
    const { client } = await started({ rateLimit: { limit: 2, windowMs: 10_000 } });
    const shop = client();
    await shop.listArticles();
    await shop.listArticles();
    // Act
    const error = await failure(shop.listArticles());
    // Assess
    expect(error).toMatchObject({ retryable: true, details: { status: 429, retryAfterMs: 10_000 } });
  });

  it('creates a product from the blank schema (XML), updates it by reference, sets its stock and lists it', async () => {
    // Prepare
    const { simulator, client } = await started();
    const shop = client();
    const article = {
      sku: 'KOF-1KG',
      ean: '8712345678906',
      description: 'Koffiebonen',
      priceExclCents: 1800,
      priceInclCents: 1962,
      taxClass: '2',
      active: true,
      stock: 12,
    };
    // Act
    const created = await shop.upsertArticle(article);
    const updated = await shop.upsertArticle({
      ...article,
      description: 'Koffiebonen 1 kg',
      priceExclCents: 1795,
      stock: undefined,
    });
    await shop.setStock('KOF-1KG', 3);
    const listed = await shop.listArticles();
    // Assess
    expect(created.created).toBe(true);
    expect(updated).toEqual({ remoteId: created.remoteId, created: false });
    expect(simulator.store.product('KOF-1KG')).toMatchObject({
      price: '17.95',
      id_tax_rules_group: '2',
      ean13: '8712345678906',
      name: [{ id: '1', value: 'Koffiebonen 1 kg' }],
    });
    expect(simulator.store.stockOf('KOF-1KG')).toBe(3);
    expect(listed.items).toEqual([
      {
        remoteId: created.remoteId,
        sku: 'KOF-1KG',
        ean: '8712345678906',
        description: 'Koffiebonen 1 kg',
        priceExclCents: 1795,
        priceInclCents: 1795,
        taxClass: '2',
        stock: 3,
        active: true,
      },
    ]);
    const writes = simulator.requests
      .filter((request) => request.method !== 'GET')
      .map((request) => `${request.method} ${request.path}`);
    expect(writes).toEqual([
      'POST /api/products',
      'PUT /api/stock_availables/2',
      'PUT /api/products/1',
      'PUT /api/stock_availables/2',
    ]);
  });

  it('moves the order to Shipped through order_histories, once', async () => {
    // Prepare
    const { simulator, client } = await started();
    const placed = simulator.store.placeOrder({ lines: [line('A')] });
    const shop = client();
    // Act
    await shop.setOrderStatus(String(placed.id), 'shipped');
    await shop.setOrderStatus(String(placed.id), 'shipped');
    // Assess
    expect(simulator.store.order(String(placed.id))?.current_state).toBe('4');
    expect(simulator.store.resources.order_histories).toHaveLength(1);
  });

  it('a stock write for an unknown reference is a clear error', async () => {
    // Prepare
    const { client } = await started();
    // Act
    const error = await failure(client().setStock('NOPE', 1));
    // Assess
    expect(error.message).toContain('"NOPE"');
  });
});
