import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ShopApiError } from '../../../lib/webshop/shop-api-error.ts';
import {
  centsToWooDecimal,
  linkOf,
  oauthSignature,
  retryAfterOf,
  WooCommerceClient,
  WooCommerceSimulator,
  wooDecimalToCents,
} from '../../../lib/webshop/woocommerce-api/index.ts';

const KEY = 'ck_0123456789abcdef0123456789abcdef01234567';
const SECRET = 'cs_0123456789abcdef0123456789abcdef01234567';

describe('WooCommerce client against the simulator over HTTP', () => {
  const simulator = new WooCommerceSimulator({ consumerKey: KEY, consumerSecret: SECRET });
  let client: WooCommerceClient;
  beforeAll(async () => {
    const url = await simulator.start();
    client = new WooCommerceClient({
      baseUrl: url,
      consumerKey: KEY,
      consumerSecret: SECRET,
      pricesIncludeTax: false,
    });
  });
  afterAll(() => simulator.stop());

  it('pages through 250 orders 100 at a time, oldest change first, signed with OAuth 1.0a', async () => {
    // Prepare
    for (let i = 0; i < 250; i++)
      simulator.placeOrder({ lines: [{ sku: 'A', quantity: 1, unitExclCents: 1000 }] });
    // Act
    const ids: unknown[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.listOrders({ since: '2000-01-01T00:00:00Z', ...(cursor ? { cursor } : {}) });
      ids.push(...page.items.map((o) => (o as { id: number }).id));
      cursor = page.next;
      pages++;
    } while (cursor);
    // Assess
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(250);
    const listed = simulator.requests.filter((r) => r.path.endsWith('/orders'));
    expect(listed.every((r) => r.status === 200)).toBe(true);
  });

  it('lists only orders modified after `since`', async () => {
    // Prepare
    const order = simulator.placeOrder({ lines: [{ sku: 'A', quantity: 1, unitExclCents: 1000 }] });
    const since = new Date(Date.parse(`${String(order.date_modified_gmt)}Z`) - 500).toISOString();
    // Act
    const ids: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listOrders({ since, ...(cursor ? { cursor } : {}) });
      ids.push(...page.items.map((o) => (o as { id: number }).id));
      cursor = page.next;
    } while (cursor);
    // Assess
    expect(ids).toContain(order.id);
    const oldest = [...simulator.store.orders.values()].filter((o) => !ids.includes(o.id));
    expect(oldest.every((o) => Date.parse(`${String(o.date_modified_gmt)}Z`) <= Date.parse(since))).toBe(
      true,
    );
  });

  it('creates an article by SKU, then updates it, sets its stock and lists it back', async () => {
    // Prepare
    const article = {
      sku: 'ART-1',
      description: 'Fiets',
      priceExclCents: 100_000,
      priceInclCents: 121_000,
      taxClass: '',
      active: true,
      ean: '8712345678906',
      category: '15',
    };
    // Act
    const first = await client.upsertArticle(article);
    const second = await client.upsertArticle({ ...article, priceExclCents: 99_999 });
    await client.setStock('ART-1', 7);
    const listed = await client.listArticles();
    // Assess
    expect(first.created).toBe(true);
    expect(second).toEqual({ remoteId: first.remoteId, created: false });
    const product = simulator.store.productBySku('ART-1');
    expect(product).toMatchObject({
      regular_price: '999.99',
      manage_stock: true,
      stock_quantity: 7,
      global_unique_id: '8712345678906',
      categories: [{ id: 15 }],
    });
    expect(listed.items.find((a) => a.sku === 'ART-1')).toMatchObject({
      remoteId: first.remoteId,
      priceExclCents: 99_999,
      stock: 7,
      active: true,
    });
  });

  it('refuses stock for an unknown SKU permanently, naming it', async () => {
    // Act
    const error = await client.setStock('NOPE', 1).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(ShopApiError);
    expect((error as ShopApiError).retryable).toBe(false);
    expect((error as Error).message).toContain('"NOPE"');
  });

  it('completes an order for shipped and notes an invoiced one', async () => {
    // Prepare
    const order = simulator.placeOrder({
      lines: [{ sku: 'A', quantity: 1, unitExclCents: 500 }],
      paid: true,
    });
    // Act
    await client.setOrderStatus(String(order.id), 'invoiced');
    await client.setOrderStatus(String(order.id), 'shipped');
    // Assess
    expect(simulator.store.orders.get(order.id)?.status).toBe('completed');
    expect(simulator.store.notes.get(order.id)?.[0]?.note).toBe('Gefactureerd in CASH');
  });

  it('answers a 500 as retryable and a 401 as permanent with a clear message', async () => {
    // Prepare
    simulator.failNext(502);
    simulator.failNext(401);
    // Act
    const first = (await client.getOrder('1').catch((e: unknown) => e)) as ShopApiError;
    const second = (await client.getOrder('1').catch((e: unknown) => e)) as ShopApiError;
    // Assess
    expect(first.retryable).toBe(true);
    expect(second.retryable).toBe(false);
    expect(second.message).toMatch(/401 .*consumer key/);
    expect(second.message).not.toContain(SECRET);
  });

  it('refuses a wrong secret, a replayed nonce and plain http to another host', async () => {
    // Prepare
    const wrong = new WooCommerceClient({
      baseUrl: simulator.url,
      consumerKey: KEY,
      consumerSecret: 'cs_wrongwrongwrong',
      pricesIncludeTax: false,
    });
    const fixed = new WooCommerceClient({
      baseUrl: simulator.url,
      consumerKey: KEY,
      consumerSecret: SECRET,
      pricesIncludeTax: false,
    });
    // Act
    const bad = (await wrong.getOrder('1').catch((e: unknown) => e)) as ShopApiError;
    const signed = new URL(
      `${simulator.url}/wp-json/wc/v3/products?oauth_consumer_key=${KEY}&oauth_nonce=n1&oauth_signature_method=HMAC-SHA256&oauth_timestamp=${Math.floor(Date.now() / 1000)}`,
    );
    signed.searchParams.set('oauth_signature', oauthSignature('GET', signed, SECRET));
    const once = await fetch(signed);
    const twice = await fetch(signed);
    // Assess
    expect(bad.details.status).toBe(401);
    expect(once.status).toBe(200);
    expect(twice.status).toBe(401);
    expect(
      () =>
        new WooCommerceClient({
          baseUrl: 'http://shop.example',
          consumerKey: KEY,
          consumerSecret: SECRET,
          pricesIncludeTax: false,
        }),
    ).toThrow(/HTTPS/);
    expect(fixed).toBeDefined();
  });

  it('accepts HTTP Basic with the key pair and refuses it with another', async () => {
    // Act
    const basic = (user: string) =>
      fetch(`${simulator.url}/wp-json/wc/v3/products`, {
        headers: { authorization: `Basic ${Buffer.from(user).toString('base64')}` },
      });
    // Assess
    expect((await basic(`${KEY}:${SECRET}`)).status).toBe(200);
    expect((await basic(`${KEY}:cs_other`)).status).toBe(401);
  });
});

describe('WooCommerce simulator rate limit', () => {
  const simulator = new WooCommerceSimulator({
    consumerKey: KEY,
    consumerSecret: SECRET,
    rateLimit: { requests: 2, windowMs: 60_000 },
  });
  beforeAll(() => simulator.start().then(() => undefined));
  afterAll(() => simulator.stop());

  it('answers 429 with Retry-After past its budget; the client makes it a retryable ShopApiError', async () => {
    // Prepare
    const client = new WooCommerceClient({
      baseUrl: simulator.url,
      consumerKey: KEY,
      consumerSecret: SECRET,
      pricesIncludeTax: true,
    });
    await client.listArticles();
    await client.listArticles();
    // Act
    const error = (await client.listArticles().catch((e: unknown) => e)) as ShopApiError;
    // Assess
    expect(error.details.status).toBe(429);
    expect(error.retryable).toBe(true);
    expect(error.details.retryAfterMs).toBeGreaterThan(0);
    expect(error.details.retryAfterMs).toBeLessThanOrEqual(60_000);
  });
});

describe('WooCommerce simulator webhooks', () => {
  const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
  let receiver: Server;
  let receiverUrl = '';
  const simulator = new WooCommerceSimulator({ consumerKey: KEY, consumerSecret: SECRET });
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    await simulator.start();
  });
  afterEach(() => {
    received.length = 0;
    simulator.setWebhookMode('deliver');
  });
  afterAll(async () => {
    await simulator.stop();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('pings on creation and sends signed order.created / order.updated', async () => {
    // Prepare
    simulator.addWebhook({ topic: 'order.created', deliveryUrl: receiverUrl, secret: 'hook-secret' });
    simulator.addWebhook({ topic: 'order.updated', deliveryUrl: receiverUrl, secret: 'hook-secret' });
    await simulator.webhooks.settled();
    // Act
    const order = simulator.placeOrder({
      lines: [{ sku: 'A', quantity: 2, unitExclCents: 1250, ratePercent: 9 }],
    });
    simulator.payOrder(order.id);
    await simulator.webhooks.settled();
    // Assess
    expect(received.filter((r) => r.body.startsWith('webhook_id='))).toHaveLength(2);
    const orders = received.filter((r) => r.body.startsWith('{'));
    expect(orders.map((r) => r.headers['x-wc-webhook-topic'])).toEqual(['order.created', 'order.updated']);
    for (const r of orders)
      expect(r.headers['x-wc-webhook-signature']).toBe(
        createHmac('sha256', 'hook-secret').update(r.body).digest('base64'),
      );
    const paid = JSON.parse(orders[1]?.body ?? '{}') as Record<string, unknown>;
    expect(paid).toMatchObject({ status: 'processing', total: '27.25', total_tax: '2.25' });
  });

  it('drops deliveries or sends them twice with the same delivery id when told', async () => {
    // Prepare
    simulator.setWebhookMode('drop');
    simulator.placeOrder({ lines: [{ sku: 'A', quantity: 1, unitExclCents: 100 }] });
    await simulator.webhooks.settled();
    const afterDrop = received.length;
    // Act
    simulator.setWebhookMode('duplicate');
    simulator.placeOrder({ lines: [{ sku: 'A', quantity: 1, unitExclCents: 100 }] });
    await simulator.webhooks.settled();
    // Assess
    expect(afterDrop).toBe(0);
    expect(received).toHaveLength(2);
    expect(received[0]?.headers['x-wc-webhook-delivery-id']).toBe(
      received[1]?.headers['x-wc-webhook-delivery-id'],
    );
  });
});

describe('WooCommerce money and headers', () => {
  it('converts cents to Woo decimals and back exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
        expect(wooDecimalToCents(centsToWooDecimal(cents))).toBe(cents);
      }),
    );
  });

  it.each([
    ['12.30', 1230],
    ['0.9', 90],
    ['-0.50', -50],
    ['1.005', 101],
    ['3', 300],
    ['', undefined],
    ['1,00', undefined],
    [null, undefined],
  ])('reads %j as %j cents', (raw, cents) => {
    expect(wooDecimalToCents(raw)).toBe(cents);
  });

  it('never throws on outside input', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        wooDecimalToCents(value);
      }),
    );
  });

  it('reads the next link and Retry-After in both forms', () => {
    // Act
    const next = linkOf(
      '<https://s/wp-json/wc/v3/orders?page=1>; rel="prev", <https://s/wp-json/wc/v3/orders?page=3>; rel="next"',
      'next',
    );
    // Assess
    expect(next?.searchParams.get('page')).toBe('3');
    expect(linkOf(null, 'next')).toBeUndefined();
    expect(retryAfterOf('7', new Date())).toBe(7000);
    expect(retryAfterOf('Wed, 02 Dec 2026 12:00:10 GMT', new Date('2026-12-02T12:00:00Z'))).toBe(10_000);
  });
});
