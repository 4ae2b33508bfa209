import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LightspeedClient,
  LightspeedSimulator,
  lightspeedPlatform,
} from '../../../lib/webshop/lightspeed/index.ts';
import { ShopApiError } from '../../../lib/webshop/shop-api-error.ts';

const KEY = 'ls-key-1234';
const SECRET = 'ls-secret-5678';
const started: Array<{ stop(): Promise<void> }> = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((each) => each.stop()));
});

async function setUp(options: { limit?: number; pageSize?: number } = {}) {
  let now = Date.parse('2026-12-01T10:00:00Z');
  const simulator = new LightspeedSimulator({
    apiKey: KEY,
    apiSecret: SECRET,
    clock: () => now,
    ...(options.limit ? { rateWindows: [{ limit: options.limit, seconds: 300 }] } : {}),
  });
  const baseUrl = await simulator.start(0);
  started.push(simulator);
  const client = new LightspeedClient({
    baseUrl,
    apiKey: KEY,
    apiSecret: SECRET,
    pageSize: options.pageSize ?? 2,
  });
  return { simulator, client, baseUrl, advance: (ms: number) => (now += ms) };
}

async function receiver(): Promise<{
  url: string;
  received: Array<{ raw: Buffer; headers: Record<string, string> }>;
}> {
  const received: Array<{ raw: Buffer; headers: Record<string, string> }> = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ raw: Buffer.concat(chunks), headers: request.headers as Record<string, string> });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  started.push({ stop: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

async function allOrders(
  client: LightspeedClient,
  since?: string,
): Promise<{ pages: number[]; ids: string[] }> {
  const pages: number[] = [];
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const result = await client.listOrders({ since, cursor });
    pages.push(result.items.length);
    for (const item of result.items) {
      const [parsed] = lightspeedPlatform.parseOrders(item, { shop: 'demo' });
      ids.push(parsed?.orderId ?? '?');
    }
    cursor = result.next;
  } while (cursor);
  return { pages, ids };
}

describe('Lightspeed client against the simulator', () => {
  it('refuses wrong credentials with a permanent error that names no secret', async () => {
    // Prepare
    const { baseUrl } = await setUp();
    const client = new LightspeedClient({ baseUrl, apiKey: KEY, apiSecret: 'wrong-secret' });

    // Act
    const error = await client.getOrder('1').catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ShopApiError);
    const apiError = error as ShopApiError;
    expect(apiError.details.status).toBe(401);
    expect(apiError.retryable).toBe(false);
    expect(apiError.message).toContain('check the API key and secret');
    expect(JSON.stringify({ message: apiError.message, details: apiError.details })).not.toMatch(
      /wrong-secret|ls-key-1234/,
    );
  });

  it('turns a 429 into a retryable error with Retry-After, and the window reopens on the clock', async () => {
    // Prepare
    const { client, simulator, advance } = await setUp({ limit: 2 });
    const order = simulator.placeOrder({ lines: [{ sku: 'A', quantity: 1, unitInclCents: 1210 }] });
    await client.listArticles();
    await client.listArticles();

    // Act
    const error = (await client
      .getOrder(String(order.id))
      .catch((caught: unknown) => caught)) as ShopApiError;
    advance(300_000);
    const again = await client.listArticles();

    // Assess
    expect(error.details.status).toBe(429);
    expect(error.retryable).toBe(true);
    expect(error.details.retryAfterMs).toBeGreaterThan(0);
    expect(error.details.retryAfterMs).toBeLessThanOrEqual(300_000);
    expect(again.items).toEqual([]);
  });

  it.each([
    { orders: 5, pages: [2, 2, 1] },
    { orders: 4, pages: [2, 2, 0] },
    { orders: 0, pages: [0] },
  ])('pages $orders orders as $pages', async ({ orders, pages }) => {
    // Prepare
    const { client, simulator } = await setUp({ pageSize: 2 });
    for (let index = 0; index < orders; index++)
      simulator.placeOrder({ lines: [{ sku: `S${index}`, quantity: 1, unitInclCents: 100 }] });

    // Act
    const result = await allOrders(client);

    // Assess
    expect(result.pages).toEqual(pages);
    expect(new Set(result.ids).size).toBe(orders);
  });

  it('polls the delta with an overlap window: a changed order comes again with the same id and status', async () => {
    // Prepare
    const { client, simulator, advance } = await setUp({ pageSize: 10 });
    const first = simulator.placeOrder({
      lines: [{ sku: 'KOF', quantity: 2, unitInclCents: 1210 }],
      shippingInclCents: 495,
    });
    simulator.payOrder(first.id);
    advance(60_000);
    const mark = new Date(Date.parse(first.updatedAt) - 5 * 60_000).toISOString();
    const firstPoll = await allOrders(client, mark);
    advance(60_000);
    const second = simulator.placeOrder({
      lines: [{ sku: 'THE', quantity: 1, unitInclCents: 545, ratePercent: 9 }],
    });

    // Act: the next poll starts at the same mark (the overlap), so the first order comes again.
    const secondPoll = await allOrders(client, mark);
    const page = await client.listOrders({ since: mark });
    const parsed = page.items.map((item) => lightspeedPlatform.parseOrders(item, { shop: 'demo' })[0]?.order);

    // Assess
    expect(firstPoll.ids).toEqual([String(first.id)]);
    expect(secondPoll.ids).toEqual([String(first.id), String(second.id)]);
    expect(parsed[0]).toMatchObject({ orderId: String(first.id), lifecycle: 'paid', paid: true });
    expect(parsed[0]?.totals).toEqual({ netCents: 2409, vatCents: 506, grossCents: 2915 });
    expect(parsed[0]?.lines[0]).toMatchObject({
      sku: 'KOF',
      quantity: 2,
      grossCents: 2420,
      ratePercent: '21',
    });
  });

  it('finds by polling an order whose webhook was lost, and delivers duplicates signed', async () => {
    // Prepare
    const { client, simulator, baseUrl } = await setUp({ pageSize: 10 });
    const hook = await receiver();
    await fetch(`${baseUrl}webhooks.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        webhook: { isActive: true, itemGroup: 'orders', itemAction: '*', format: 'json', address: hook.url },
      }),
    });

    // Act
    simulator.webhooks.mode = 'drop';
    const lost = simulator.placeOrder({ lines: [{ sku: 'A', quantity: 1, unitInclCents: 1000 }] });
    simulator.webhooks.mode = 'duplicate';
    const twice = simulator.placeOrder({ lines: [{ sku: 'B', quantity: 1, unitInclCents: 2000 }] });
    await simulator.flushWebhooks();
    const polled = await allOrders(client);

    // Assess
    expect(polled.ids).toContain(String(lost.id));
    expect(hook.received).toHaveLength(2);
    for (const delivery of hook.received) {
      const verdict = lightspeedPlatform.verifyWebhook({
        rawBody: delivery.raw,
        headers: delivery.headers,
        secret: SECRET,
        now: new Date(),
      });
      expect(verdict).toEqual({ ok: true, topic: 'orders/created' });
      expect(
        lightspeedPlatform.parseOrders(JSON.parse(delivery.raw.toString()), { shop: 'demo' })[0]?.orderId,
      ).toBe(String(twice.id));
    }
  });

  it('upserts an article by SKU on its variant, sets stock, and lists it for the reconcile', async () => {
    // Prepare
    const { client, simulator } = await setUp({ pageSize: 10 });
    const article = {
      sku: 'KOF-1000',
      ean: '8712345678906',
      description: 'Koffiebonen',
      priceExclCents: 1000,
      priceInclCents: 1210,
      active: true,
    };

    // Act
    const created = await client.upsertArticle(article);
    const updated = await client.upsertArticle({ ...article, priceExclCents: 1100, priceInclCents: 1331 });
    await client.setStock('KOF-1000', 7);
    const listed = await client.listArticles();
    const missing = await client.setStock('NOPE', 1).catch((caught: unknown) => caught);

    // Assess
    expect(created.created).toBe(true);
    expect(updated).toEqual({ remoteId: created.remoteId, created: false });
    expect(simulator.variantBySku('KOF-1000')).toMatchObject({
      priceExcl: 11,
      priceIncl: 13.31,
      stockLevel: 7,
      ean: '8712345678906',
    });
    expect(listed.items).toEqual([
      expect.objectContaining({
        remoteId: created.remoteId,
        sku: 'KOF-1000',
        priceInclCents: 1331,
        stock: 7,
      }),
    ]);
    expect(missing).toBeInstanceOf(ShopApiError);
  });

  it('sends the order status back and reads a refund as a credit note', async () => {
    // Prepare
    const { client, simulator } = await setUp();
    const order = simulator.placeOrder({ lines: [{ sku: 'A', quantity: 1, unitInclCents: 1210 }] });
    simulator.payOrder(order.id);

    // Act
    await client.setOrderStatus(String(order.id), 'shipped');
    const shipped = simulator.store.orders.get(order.id)?.shipmentStatus;
    simulator.refundOrder(order.id);
    const [parsed] = lightspeedPlatform.parseOrders(await client.getOrder(String(order.id)), {
      shop: 'demo',
    });

    // Assess
    expect(shipped).toBe('shipped');
    expect(parsed?.order).toMatchObject({
      lifecycle: 'refunded',
      refunds: [expect.objectContaining({ grossCents: 1210, vatCents: 210 })],
    });
  });
});
