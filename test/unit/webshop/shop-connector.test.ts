import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentRecord, DocumentStatus } from '../../../lib/documents/index.ts';
import { DeliveryError, type DeliveryMessage } from '../../../lib/outbound/delivery-target.ts';
import type { PublishOutcome } from '../../../lib/runtime/event-publisher.ts';
import {
  MemoryHighWaterMarks,
  ShopDeliveryTarget,
  ShopOrderIntake,
  ShopOrderPoller,
  ShopSettings,
  ShopWebhookReceiver,
  shopConnectorSettings,
  vatOf,
} from '../../../lib/webshop/connector/index.ts';
import { WooCommerceClient, WooCommerceSimulator } from '../../../lib/webshop/woocommerce-api/index.ts';
import { testMapOrder, testWooPlatform } from '../../support/webshop/test-shop-platform.ts';

const KEY = 'ck_0123456789abcdef0123456789abcdef01234567';
const SECRET = 'cs_0123456789abcdef0123456789abcdef01234567';
const HOOK_SECRET = 'webhook-secret-1';

/** The publisher's idempotency as the document store gives it: an event id is queued once. */
class FakePublisher {
  readonly queued: string[] = [];
  async publish(inputs: unknown[]): Promise<PublishOutcome[]> {
    return inputs.map((input) => {
      const id = (input as { id: string }).id;
      if (this.queued.includes(id)) return { id, status: 'already-final', documentStatus: 'booked' };
      this.queued.push(id);
      return { id, status: 'queued' };
    });
  }
}

class FakeDocuments {
  readonly records = new Map<string, Partial<DocumentRecord> & { notes: string[] }>();
  async get(id: string) {
    return this.records.get(id) as DocumentRecord | undefined;
  }
  async transition(id: string, status: DocumentStatus, patch: Partial<DocumentRecord> = {}, note?: string) {
    const before = this.records.get(id) ?? { notes: [] };
    this.records.set(id, { ...before, ...patch, status, notes: [...before.notes, note ?? status] });
  }
  async addNote(id: string, note: string) {
    this.records.get(id)?.notes.push(note);
    return true;
  }
}

function setup(simulatorUrl: string, overrides: Partial<ShopSettings> = {}) {
  const shop = ShopSettings.parse({
    name: 'demo-shop',
    administration: 'DEMO',
    baseUrl: simulatorUrl,
    ...overrides,
  });
  const publisher = new FakePublisher();
  const documents = new FakeDocuments();
  const archived: string[] = [];
  const intake = new ShopOrderIntake({
    tenant: 'demo',
    platform: testWooPlatform,
    mapOrder: testMapOrder,
    publisher,
    documents,
    archive: { bucket: 'archive', put: async (key) => void archived.push(key) },
  });
  const clientOf = async (s: ShopSettings) =>
    new WooCommerceClient({
      baseUrl: s.baseUrl,
      consumerKey: KEY,
      consumerSecret: SECRET,
      pricesIncludeTax: s.articles.pricesIncludeVat,
    });
  const receiver = new ShopWebhookReceiver({
    platform: testWooPlatform,
    shops: () => [shop],
    webhookSecretOf: async () => HOOK_SECRET,
    intake,
  });
  const marks = new MemoryHighWaterMarks();
  const poller = new ShopOrderPoller({ platform: testWooPlatform, marks, intake, clientOf });
  return { shop, publisher, documents, archived, intake, receiver, marks, poller, clientOf };
}

function signed(body: string, topic = 'order.updated') {
  return {
    shop: 'demo-shop',
    rawBody: Buffer.from(body),
    headers: {
      'x-wc-webhook-topic': topic,
      'x-wc-webhook-signature': createHmac('sha256', HOOK_SECRET).update(body).digest('base64'),
    },
  };
}

describe('shop connector: webhooks and polling against the WooCommerce simulator', () => {
  const simulator = new WooCommerceSimulator({ consumerKey: KEY, consumerSecret: SECRET });
  let env: ReturnType<typeof setup>;
  beforeAll(() => simulator.start().then(() => undefined));
  beforeEach(() => {
    env = setup(simulator.url);
    testWooPlatform.parsed = 0;
  });
  afterAll(() => simulator.stop());

  it('books a paid order from a signed webhook, archives the original and answers 200', async () => {
    // Prepare
    const order = simulator.placeOrder({
      lines: [{ sku: 'A', quantity: 1, unitExclCents: 1000 }],
      paid: true,
    });
    // Act
    const answer = await env.receiver.receive(signed(JSON.stringify(order)));
    // Assess
    expect(answer.statusCode).toBe(200);
    expect(answer.body.orders).toEqual([{ orderId: String(order.id), status: 'queued' }]);
    expect(env.publisher.queued).toHaveLength(1);
    expect(env.archived[0]).toMatch(
      /^originals\/DEMO\/\d{4}\/\d{2}\/[0-9a-f]{64}\/woocommerce-order-\d+\.json$/,
    );
    expect([...env.documents.records.values()][0]).toMatchObject({
      status: 'queued',
      type: 'shop-order',
      kind: 'file',
    });
  });

  it('refuses unsigned and forged webhooks with 401 before parsing anything', async () => {
    // Prepare
    const body = JSON.stringify({ id: 1, status: 'processing' });
    // Act
    const unsigned = await env.receiver.receive({
      shop: 'demo-shop',
      rawBody: Buffer.from(body),
      headers: {},
    });
    const forged = await env.receiver.receive({
      ...signed(body),
      rawBody: Buffer.from(body.replace('1', '2')),
    });
    // Assess
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.body.message).toMatch(/^unsigned/);
    expect(forged.statusCode).toBe(401);
    expect(testWooPlatform.parsed).toBe(0);
    expect(env.publisher.queued).toHaveLength(0);
  });

  it('answers a ping 200, an unknown shop 404 and an over-size body 413', async () => {
    // Act
    const ping = await env.receiver.receive(signed('webhook_id=7', 'action.woocommerce_webhook_ping'));
    const unknown = await env.receiver.receive({ ...signed('{}'), shop: 'other' });
    const big = await env.receiver.receive(signed(`{"x":"${'a'.repeat(3 * 1024 * 1024)}"}`));
    // Assess
    expect([ping.statusCode, unknown.statusCode, big.statusCode]).toEqual([200, 404, 413]);
  });

  it('books a duplicate delivery once and keeps the first record', async () => {
    // Prepare
    const order = simulator.placeOrder({
      lines: [{ sku: 'A', quantity: 2, unitExclCents: 995 }],
      paid: true,
    });
    const delivery = signed(JSON.stringify(order));
    // Act
    const first = await env.receiver.receive(delivery);
    const second = await env.receiver.receive(delivery);
    // Assess
    expect(first.body.orders?.[0]?.status).toBe('queued');
    expect(second.body.orders?.[0]?.status).toBe('duplicate');
    expect(env.publisher.queued).toHaveLength(1);
    const record = [...env.documents.records.values()][0];
    expect(record?.status).toBe('queued');
    expect(record?.notes.at(-1)).toMatch(/^received again/);
  });

  it('recovers a lost webhook by polling; the overlap and a webhook after it never book twice', async () => {
    // Prepare
    simulator.setWebhookMode('drop');
    const lost = simulator.payOrder(
      simulator.placeOrder({ lines: [{ sku: 'B', quantity: 1, unitExclCents: 2500 }] }).id,
    );
    simulator.setWebhookMode('deliver');
    // Act
    const firstPoll = await env.poller.poll(env.shop);
    const secondPoll = await env.poller.poll(env.shop);
    const lateWebhook = await env.receiver.receive(signed(JSON.stringify(lost)));
    // Assess
    expect(firstPoll.error).toBeUndefined();
    expect(firstPoll.counts.queued).toBeGreaterThanOrEqual(1);
    expect(env.publisher.queued.filter((id) => id === env.publisher.queued[0])).toHaveLength(1);
    expect(secondPoll.counts.queued ?? 0).toBe(0);
    expect(secondPoll.since < String(firstPoll.mark)).toBe(true);
    expect(lateWebhook.body.orders?.[0]?.status).toBe('duplicate');
    expect(new Set(env.publisher.queued).size).toBe(env.publisher.queued.length);
  });

  it('moves the high-water mark only past pages that were published', async () => {
    // Prepare
    const fresh = new WooCommerceSimulator({ consumerKey: KEY, consumerSecret: SECRET });
    const url = await fresh.start();
    for (let i = 0; i < 150; i++)
      fresh.payOrder(fresh.placeOrder({ lines: [{ sku: 'C', quantity: 1, unitExclCents: 100 }] }).id);
    const local = setup(url);
    let pages = 0;
    const failing = new ShopOrderPoller({
      platform: testWooPlatform,
      marks: local.marks,
      clientOf: local.clientOf,
      intake: {
        receive: async (shop, payload) => {
          if (++pages === 2) throw new Error('queue unavailable');
          return local.intake.receive(shop, payload);
        },
      },
    });
    // Act
    const result = await failing.poll(local.shop);
    await fresh.stop();
    // Assess
    expect(result.pages).toBe(1);
    expect(result.error).toBe('queue unavailable');
    const last = [...fresh.store.orders.values()]
      .map((o) => `${String(o.date_modified_gmt)}.000Z`)
      .sort()[99];
    expect(await local.marks.get('woocommerce', 'demo-shop')).toBe(last);
  });
});

describe('shop connector: the delivery target', () => {
  const simulator = new WooCommerceSimulator({ consumerKey: KEY, consumerSecret: SECRET });
  let target: ShopDeliveryTarget;
  beforeAll(async () => {
    await simulator.start();
    const { clientOf } = setup(simulator.url);
    const shop = ShopSettings.parse({
      name: 'demo-shop',
      administration: 'DEMO',
      baseUrl: simulator.url,
      articles: {
        pricesIncludeVat: true,
        vatCodes: {
          '2': { ratePercent: '21', taxClass: '' },
          '1': { ratePercent: '9', taxClass: 'reduced-rate' },
        },
        categories: { FIETS: '12' },
        groups: ['FIETS'],
      },
    });
    target = new ShopDeliveryTarget({ platform: 'woocommerce', shops: () => [shop], clientOf });
  });
  afterAll(() => simulator.stop());

  const message = (event: Record<string, unknown>): DeliveryMessage =>
    ({
      target: 'woocommerce',
      subscription: 'woocommerce#DEMO#0',
      administration: 'DEMO',
      deliveryKey: 'k',
      mode: 'change',
      event: {
        id: `chg_${'0'.repeat(32)}`,
        tenant: 'demo',
        administration: 'DEMO',
        schemaVersion: 1,
        occurredAt: '2026-12-02T10:00:00Z',
        key: 'F1',
        change: 'updated',
        contentHash: 'a'.repeat(64),
        origin: 'sync',
        ...event,
      },
    }) as DeliveryMessage;
  const context = { remainingMs: () => 60_000 };

  it('creates the article with its incl. price, tax class and category, then updates its price and stock', async () => {
    // Act
    const created = await target.deliver(
      message({
        type: 'article.changed',
        data: {
          code: 'F1',
          description: 'Stadsfiets',
          group: 'FIETS',
          salesPriceCents: 49_999,
          vatCode: '2',
          freeStock: 3,
        },
      }),
      context,
    );
    const updated = await target.deliver(
      message({
        type: 'article.changed',
        data: {
          code: 'F1',
          description: 'Stadsfiets',
          group: 'FIETS',
          salesPriceCents: 45_000,
          vatCode: '2',
        },
      }),
      context,
    );
    const stock = await target.deliver(
      message({ type: 'stock.changed', data: { code: 'F1', freeStock: 8.6 } }),
      context,
    );
    // Assess
    expect(created.status).toBe('delivered');
    expect(updated).toMatchObject({ status: 'delivered', answer: expect.stringContaining('updated') });
    expect(stock).toMatchObject({ status: 'delivered', answer: 'demo-shop: stock 8' });
    expect(simulator.store.productBySku('F1')).toMatchObject({
      regular_price: '544.50',
      tax_class: '',
      categories: [{ id: 12 }],
      stock_quantity: 8,
      status: 'publish',
    });
  });

  it('skips articles of other groups and stock of articles the shop lacks', async () => {
    // Act
    const other = await target.deliver(
      message({
        type: 'article.changed',
        data: { code: 'X1', description: 'Bout', group: 'KLEIN', salesPriceCents: 10 },
      }),
      context,
    );
    const stock = await target.deliver(
      message({ type: 'stock.changed', data: { code: 'X1', freeStock: 1 } }),
      context,
    );
    // Assess
    expect(other.status).toBe('skipped');
    expect(stock).toMatchObject({ status: 'skipped', reason: expect.stringContaining('not in the shop') });
  });

  it('refuses permanently a VAT code the mapping lacks, naming the setting', async () => {
    // Act
    const error = await target
      .deliver(
        message({
          type: 'article.changed',
          data: { code: 'F2', description: 'Fiets', group: 'FIETS', salesPriceCents: 100, vatCode: '9' },
        }),
        context,
      )
      .catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).retryable).toBe(false);
    expect((error as Error).message).toContain('articles.vatCodes');
  });

  it('turns a 429 into a retryable DeliveryError with the wait', async () => {
    // Prepare
    const limited = new WooCommerceSimulator({
      consumerKey: KEY,
      consumerSecret: SECRET,
      rateLimit: { requests: 0, windowMs: 30_000 },
    });
    const url = await limited.start();
    const { clientOf } = setup(url);
    const shop = ShopSettings.parse({ name: 'demo-shop', administration: 'DEMO', baseUrl: url });
    const busy = new ShopDeliveryTarget({ platform: 'woocommerce', shops: () => [shop], clientOf });
    // Act
    const error = (await busy
      .deliver(message({ type: 'stock.changed', data: { code: 'F1', freeStock: 1 } }), context)
      .catch((e: unknown) => e)) as DeliveryError;
    await limited.stop();
    // Assess
    expect(error.retryable).toBe(true);
    expect(error.details).toMatchObject({ status: 429, retryAfterMs: 30_000 });
  });

  it('completes the order in the shop when CASH delivers it', async () => {
    // Prepare
    const order = simulator.placeOrder({ lines: [{ sku: 'F1', quantity: 1 }], paid: true });
    // Act
    const outcome = await target.deliver(
      message({
        type: 'sales-order.changed',
        data: {
          orderNumber: 'V100',
          externalOrderNumber: `woocommerce:demo-shop:${order.id}`,
          status: 'delivered',
        },
      }),
      context,
    );
    // Assess
    expect(outcome.status).toBe('delivered');
    expect(simulator.store.orders.get(order.id)?.status).toBe('completed');
  });

  it('lists the shop products with the hash the mirror article would have', async () => {
    // Prepare
    const event = message({
      type: 'article.changed',
      data: {
        code: 'F1',
        description: 'Stadsfiets',
        group: 'FIETS',
        salesPriceCents: 45_000,
        vatCode: '2',
        freeStock: 7,
      },
    }).event;
    // Act
    const remote = await target.listRemote();
    // Assess
    expect(remote.records.find((r) => r.key === 'F1')?.contentHash).toBe(target.remoteHashOf(event));
  });
});

describe('shop connector settings', () => {
  it('names the field of a bad shop', () => {
    // Act
    const result = shopConnectorSettings.safeParse({
      shops: [
        { name: 'a', administration: 'DEMO', baseUrl: 'http://shop.example' },
        {
          name: 'a',
          administration: 'DEMO',
          baseUrl: 'https://shop.example',
          articles: { vatCodes: { '2': { ratePercent: '21,0', taxClass: '' } } },
        },
      ],
    });
    // Assess
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues).toContain(
      'shops.0.baseUrl: https (plain http only to 127.0.0.1: the keys must not travel in the clear)',
    );
    expect(issues.some((i) => i.startsWith('shops.1.articles.vatCodes.2.ratePercent'))).toBe(true);
  });

  it.each([
    [10_000, '21', 2100],
    [1, '21', 0],
    [3, '21', 1],
    [-3, '21', -1],
    [999, '9', 90],
    [200, '5.5', 11],
  ])('VAT on %i cents at %s percent is %i', (cents, rate, vat) => {
    expect(vatOf(cents, rate)).toBe(vat);
  });
});
