import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CcvshopClient,
  CcvshopSimulator,
  ccvshopDate,
  ccvshopHash,
  ccvshopPlatform,
} from '../../../lib/webshop/ccvshop/index.ts';
import { ShopApiError } from '../../../lib/webshop/shop-api-error.ts';

const PUBLIC = 'ccv-public-1234';
const SECRET = 'ccv-secret-5678';
const started: Array<{ stop(): Promise<void> }> = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((each) => each.stop()));
});

async function setUp(options: { perResourceLimit?: number; totalLimit?: number; pageSize?: number } = {}) {
  let now = Date.parse('2026-12-01T10:00:00Z');
  const clock = () => now;
  const simulator = new CcvshopSimulator({ publicKey: PUBLIC, secret: SECRET, clock, ...options });
  const origin = await simulator.start(0);
  started.push(simulator);
  const client = new CcvshopClient({
    baseUrl: origin,
    publicKey: PUBLIC,
    secret: SECRET,
    pageSize: options.pageSize ?? 2,
    now: () => new Date(now),
  });
  return { simulator, client, origin, clock, advance: (ms: number) => (now += ms) };
}

async function drain(
  client: CcvshopClient,
  since?: string,
): Promise<{ pages: number[]; ids: string[]; statuses: string[] }> {
  const result = { pages: [] as number[], ids: [] as string[], statuses: [] as string[] };
  let cursor: string | undefined;
  do {
    const page = await client.listOrders({ since, cursor });
    result.pages.push(page.items.length);
    for (const item of page.items) {
      const [parsed] = ccvshopPlatform.parseOrders(item, { shop: 'demo' });
      result.ids.push(parsed?.orderId ?? '?');
      result.statuses.push(parsed?.order?.status ?? '?');
    }
    cursor = page.next;
  } while (cursor);
  return result;
}

const row = (productNumber: string, unitInclCents = 1210) => ({ productNumber, count: 1, unitInclCents });

describe('CCV Shop client against the simulator', () => {
  it("refuses a wrong secret with CCV's 401 and a permanent error naming no secret", async () => {
    // Prepare
    const { origin } = await setUp();
    const client = new CcvshopClient({
      baseUrl: origin,
      publicKey: PUBLIC,
      secret: 'wrong-secret',
      now: () => new Date('2026-12-01T10:00:00Z'),
    });

    // Act
    const error = (await client.getOrder('1').catch((caught: unknown) => caught)) as ShopApiError;

    // Assess
    expect(error).toBeInstanceOf(ShopApiError);
    expect(error.details).toMatchObject({ status: 401, code: '401.10' });
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('Hash is invalid');
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('wrong-secret');
  });

  it('refuses a request with an old x-date', async () => {
    // Prepare
    const { origin, clock } = await setUp();
    const uri = '/api/rest/v1/orders';
    const date = ccvshopDate(new Date(clock() - 3_600_000));
    const hash = ccvshopHash({ publicKey: PUBLIC, secret: SECRET, method: 'GET', uri, body: '', date });

    // Act
    const response = await fetch(`${origin}${uri}`, {
      headers: { 'x-public': PUBLIC, 'x-date': date, 'x-hash': hash },
    });

    // Assess
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: '401.10', message: 'x-date is not current' });
  });

  it.each([
    { signing: 'omit' as const, says: 'not signed' },
    { signing: 'tamper' as const, says: 'does not match' },
  ])('refuses an answer that is $signing', async ({ signing, says }) => {
    // Prepare
    const { client, simulator } = await setUp();
    const order = simulator.placeOrder({ rows: [row('A')] });
    simulator.responseSigning = signing;

    // Act
    const error = (await client
      .getOrder(String(order.id))
      .catch((caught: unknown) => caught)) as ShopApiError;

    // Assess
    expect(error).toBeInstanceOf(ShopApiError);
    expect(error.message).toContain(says);
    expect(error.details.code).toBe('response-signature');
    expect(error.retryable).toBe(false);
  });

  it.each([
    { limits: { perResourceLimit: 2 }, code: '429.10' },
    { limits: { totalLimit: 2 }, code: '429.11' },
  ])('turns $code into a retryable error with Retry-After', async ({ limits, code }) => {
    // Prepare
    const { client, advance } = await setUp(limits);
    await client.listArticles();
    await client.listArticles();

    // Act
    const error = (await client.listArticles().catch((caught: unknown) => caught)) as ShopApiError;
    advance(60_000);
    const again = await client.listArticles();

    // Assess
    expect(error.details).toMatchObject({ status: 429, code });
    expect(error.retryable).toBe(true);
    expect(error.details.retryAfterMs).toBeGreaterThan(0);
    expect(error.details.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(again.items).toEqual([]);
  });

  it.each([
    { orders: 5, pages: [2, 2, 1] },
    { orders: 4, pages: [2, 2] },
    { orders: 0, pages: [0] },
  ])('follows next over $orders orders as $pages', async ({ orders, pages }) => {
    // Prepare
    const { client, simulator } = await setUp({ pageSize: 2 });
    for (let index = 0; index < orders; index++) simulator.placeOrder({ rows: [row(`S${index}`)] });

    // Act
    const result = await drain(client);

    // Assess
    expect(result.pages).toEqual(pages);
    expect(new Set(result.ids).size).toBe(orders);
  });

  it('polls by create date with an overlap and re-reads unpaid and open orders: a paid order comes again, same id', async () => {
    // Prepare
    const { client, simulator, advance, clock } = await setUp({ pageSize: 10 });
    const old = simulator.placeOrder({ rows: [row('OLD')] });
    simulator.payOrder(old.id);
    simulator.shipOrder(old.id);
    advance(2 * 86_400_000);
    const unpaid = simulator.placeOrder({ rows: [row('KOF', 2420)], shippingInclCents: 495 });
    advance(3 * 3_600_000);
    // Created 30 min before the high-water mark, already paid and shipped: only the overlap window finds it.
    const recent = simulator.placeOrder({ rows: [row('NEW')] });
    simulator.payOrder(recent.id);
    simulator.shipOrder(recent.id);
    advance(30 * 60_000);
    const since = new Date(clock()).toISOString();
    const first = await drain(client, since);

    // Act: the unpaid order is paid in the shop; the next poll (same high-water mark) must see the change.
    simulator.payOrder(unpaid.id);
    const second = await drain(client, since);
    const [parsed] = ccvshopPlatform.parseOrders(await client.getOrder(String(unpaid.id)), { shop: 'demo' });

    // Assess
    expect(first.ids).toEqual([String(recent.id), String(unpaid.id), String(unpaid.id)]);
    expect(first.statuses).toEqual(['5', '1', '1']);
    expect(second.ids).toEqual([String(recent.id), String(unpaid.id)]);
    expect(second.statuses).toEqual(['5', '2']);
    expect(first.ids).not.toContain(String(old.id));
    expect(parsed?.order).toMatchObject({ orderId: String(unpaid.id), lifecycle: 'paid', paid: true });
    expect(parsed?.order?.totals).toEqual({ netCents: 2409, vatCents: 506, grossCents: 2915 });
  });

  it('delivers webhooks signed with the webhook key, drops and duplicates on request; polling finds the lost one', async () => {
    // Prepare
    const { client, simulator, origin, clock } = await setUp({ pageSize: 10 });
    const received: Array<{ raw: Buffer; headers: Record<string, string> }> = [];
    const server: Server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ raw: Buffer.concat(chunks), headers: request.headers as Record<string, string> });
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    started.push({ stop: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const body = JSON.stringify({ event: 'orders.created', address, is_active: true, key: 'hook-key' });
    const date = ccvshopDate(new Date(clock()));
    await fetch(`${origin}/api/rest/v1/webhooks`, {
      method: 'POST',
      headers: {
        'x-public': PUBLIC,
        'x-date': date,
        'x-hash': ccvshopHash({
          publicKey: PUBLIC,
          secret: SECRET,
          method: 'POST',
          uri: '/api/rest/v1/webhooks',
          body,
          date,
        }),
      },
      body,
    });

    // Act
    simulator.webhooks.mode = 'drop';
    const lost = simulator.placeOrder({ rows: [row('A')] });
    simulator.webhooks.mode = 'duplicate';
    const twice = simulator.placeOrder({ rows: [row('B')] });
    await simulator.flushWebhooks();
    const polled = await drain(client);

    // Assess
    expect(polled.ids).toContain(String(lost.id));
    expect(received).toHaveLength(2);
    for (const delivery of received) {
      const verdict = ccvshopPlatform.verifyWebhook({
        rawBody: delivery.raw,
        headers: delivery.headers,
        secret: 'hook-key',
        now: new Date(clock()),
      });
      expect(verdict).toEqual({ ok: true, topic: 'orders.created' });
      expect(
        ccvshopPlatform.parseOrders(JSON.parse(delivery.raw.toString()), { shop: 'demo' })[0]?.order?.orderId,
      ).toBe(String(twice.id));
    }
    const forged = ccvshopPlatform.verifyWebhook({
      rawBody: received[0]?.raw ?? Buffer.alloc(0),
      headers: received[0]?.headers ?? {},
      secret: 'other',
      now: new Date(clock()),
    });
    expect(forged).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('upserts a product by number, sets stock and the order status, and lists products', async () => {
    // Prepare
    const { client, simulator } = await setUp({ pageSize: 10 });
    const article = {
      sku: 'KOF-1000',
      ean: '8712345678906',
      description: 'Koffiebonen',
      priceExclCents: 1000,
      priceInclCents: 1210,
      ratePercent: '21',
      active: true,
    };
    const order = simulator.placeOrder({ rows: [row('KOF-1000')] });

    // Act
    const created = await client.upsertArticle(article);
    const updated = await client.upsertArticle({ ...article, priceInclCents: 1331, ratePercent: '9' });
    await client.setStock('KOF-1000', 4);
    await client.setOrderStatus(String(order.id), 'shipped');
    const listed = await client.listArticles();

    // Assess
    expect(created.created).toBe(true);
    expect(updated).toEqual({ remoteId: created.remoteId, created: false });
    expect(simulator.productByNumber('KOF-1000')).toMatchObject({
      price: 13.31,
      stock: 4,
      taxtariff: 'reduced',
      eancode: '8712345678906',
    });
    expect(simulator.store.orders.get(order.id)?.status).toBe(5);
    expect(listed.items).toEqual([
      expect.objectContaining({
        remoteId: created.remoteId,
        sku: 'KOF-1000',
        priceInclCents: 1331,
        stock: 4,
      }),
    ]);
  });
});
