import { afterEach, describe, expect, it } from 'vitest';
import {
  MagentoClient,
  MagentoOAuthSigner,
  MagentoSimulator,
  magentoPlatform,
} from '../../../lib/webshop/magento/index.ts';
import { ShopApiError } from '../../../lib/webshop/shop-api-error.ts';

const integration = {
  consumerKey: 'ck-test',
  consumerSecret: 'cs-test',
  accessToken: 'at-test',
  accessTokenSecret: 'ats-test',
};
const running: MagentoSimulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((simulator) => simulator.stop()));
});

async function started(options: Partial<ConstructorParameters<typeof MagentoSimulator>[0]> = {}) {
  let now = Date.parse('2026-10-30T12:00:00Z');
  const clock = {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
  const simulator = new MagentoSimulator({ integration, now: clock.now, ...options });
  running.push(simulator);
  const baseUrl = await simulator.start(0);
  const client = (
    auth: ConstructorParameters<typeof MagentoClient>[0]['auth'] = { kind: 'oauth1', ...integration },
    pageSize = 2,
  ) => new MagentoClient({ baseUrl, auth, pageSize, now: clock.now });
  return { simulator, client, clock, baseUrl };
}

function signedGet(baseUrl: string, pathAndQuery: string, now: () => number): Promise<Response> {
  const url = new URL(pathAndQuery, baseUrl);
  return fetch(url, {
    headers: { authorization: new MagentoOAuthSigner(integration, now).authorization('GET', url) },
  });
}

const line = (sku: string, unitExclCents = 1000) => ({ sku, qty: 1, unitExclCents, ratePercent: 21 });

async function failure(call: Promise<unknown>): Promise<ShopApiError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ShopApiError);
  return error as ShopApiError;
}

describe('MagentoClient against the Magento simulator (real HTTP)', () => {
  it('lists orders signed with OAuth 1.0a and stops on total_count although Magento repeats the last page', async () => {
    // Prepare
    const { simulator, client, clock, baseUrl } = await started();
    for (const sku of ['A', 'B', 'C']) simulator.store.placeOrder({ lines: [line(sku)] });
    const magento = client();
    // Act
    const first = await magento.listOrders({ since: '2026-10-30T00:00:00Z' });
    const second = await magento.listOrders({ cursor: first.next });
    // Assess
    expect(first.items).toHaveLength(2);
    expect(first.next).toBeDefined();
    expect(second.items.map((order) => (order as { entity_id: number }).entity_id)).toEqual([3]);
    expect(second.next).toBeUndefined();
    // The quirk itself: page 3 of 2 answers page 2 again.
    const quirk = await signedGet(
      baseUrl,
      '/rest/default/V1/orders?searchCriteria[pageSize]=2&searchCriteria[currentPage]=3',
      clock.now,
    );
    expect(quirk.status).toBe(200);
    expect(
      ((await quirk.json()) as { items: Array<{ entity_id: number }> }).items.map((o) => o.entity_id),
    ).toEqual([3]);
  });

  it('polls with an overlap window: a changed order comes again with the same id and status (the dedupe key)', async () => {
    // Prepare
    const { simulator, client, clock } = await started();
    const placed = simulator.store.placeOrder({ lines: [line('A')] });
    simulator.store.payOrder(placed.entity_id as number);
    const magento = client();
    const highWater = '2026-10-30T12:00:00Z';
    const before = await magento.listOrders({ since: highWater });
    clock.advance(60_000);
    simulator.store.touch(placed.entity_id as number);
    // Act: the next poll starts five minutes before the high-water mark.
    const again = await magento.listOrders({
      since: new Date(Date.parse(highWater) - 300_000).toISOString(),
    });
    // Assess
    const key = (items: unknown[]) =>
      magentoPlatform
        .parseOrders(items, { shop: 'demo' })
        .map((p) => [p.orderId, p.order?.status, p.order?.paid]);
    expect(key(again.items)).toEqual(key(before.items));
    expect(key(again.items)).toEqual([['1', 'processing', true]]);
    expect((again.items[0] as { invoices: unknown[] }).invoices).toHaveLength(1);
  });

  it('leaves out orders changed before since (updated_at gteq, UTC)', async () => {
    // Prepare
    const { simulator, client, clock } = await started();
    simulator.store.placeOrder({ lines: [line('old')] });
    clock.advance(3_600_000);
    simulator.store.placeOrder({ lines: [line('new')] });
    // Act
    const page = await client().listOrders({ since: '2026-10-30T12:30:00Z' });
    // Assess
    expect(page.items.map((order) => (order as { entity_id: number }).entity_id)).toEqual([2]);
  });

  it('attaches credit memos: a refunded order parses with its refund', async () => {
    // Prepare
    const { simulator, client } = await started();
    const placed = simulator.store.placeOrder({
      lines: [line('A', 5000)],
      shipping: { exclCents: 495, ratePercent: 21 },
    });
    simulator.store.payOrder(placed.entity_id as number);
    simulator.store.refund(placed.entity_id as number, 2000);
    // Act
    const raw = await client().getOrder(String(placed.entity_id));
    const [parsed] = magentoPlatform.parseOrders(raw, { shop: 'demo' });
    // Assess
    expect(parsed?.findings).toEqual([]);
    expect(parsed?.order?.totals).toEqual({ netCents: 5495, vatCents: 1154, grossCents: 6649 });
    expect(parsed?.order?.refunds).toEqual([expect.objectContaining({ grossCents: 2000 })]);
  });

  it('refuses a wrong secret (signature invalid), a Bearer token the store does not allow, and a replayed nonce', async () => {
    // Prepare
    const { client, baseUrl, clock } = await started();
    // Act
    const badSecret = await failure(
      client({ kind: 'oauth1', ...integration, consumerSecret: 'wrong' }).listOrders({}),
    );
    const bearer = await failure(
      client({ kind: 'bearer', accessToken: integration.accessToken }).listOrders({}),
    );
    const url = new URL('/rest/default/V1/orders/1', baseUrl);
    const header = new MagentoOAuthSigner(integration, clock.now, () => 'same').authorization('GET', url);
    const once = await fetch(url, { headers: { authorization: header } });
    const replay = await fetch(url, { headers: { authorization: header } });
    // Assess
    expect(badSecret).toMatchObject({
      retryable: false,
      details: { status: 401, code: 'The signature is invalid. Verify and try again.' },
    });
    expect(badSecret.message).toContain('refused the credentials');
    expect(bearer.details).toMatchObject({
      status: 401,
      code: "The consumer isn't authorized to access Magento_Sales::sales.",
    });
    expect(once.status).toBe(404);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({
      message: 'The nonce is already being used by the consumer with ID %1.',
      parameters: ['1'],
    });
    for (const error of [badSecret, bearer]) {
      expect(JSON.stringify({ message: error.message, details: error.details })).not.toMatch(
        /cs-test|at-test|ats-test|wrong/,
      );
    }
  });

  it('takes the integration token as Bearer when the store enables it', async () => {
    // Prepare
    const { simulator, client } = await started({ integrationAsBearer: true });
    simulator.store.placeOrder({ lines: [line('A')] });
    // Act
    const page = await client({ kind: 'bearer', accessToken: integration.accessToken }).listOrders({});
    // Assess
    expect(page.items).toHaveLength(1);
  });

  it('answers 429 with Retry-After as a retryable error with retryAfterMs', async () => {
    // Prepare
    const { client } = await started({ rateLimit: { limit: 1, windowMs: 30_000 } });
    const magento = client();
    await magento.listOrders({});
    // Act
    const error = await failure(magento.listOrders({}));
    // Assess
    expect(error).toMatchObject({ retryable: true, details: { status: 429, retryAfterMs: 30_000 } });
  });

  it('a 5xx is retryable', async () => {
    // Prepare
    const { simulator, client } = await started();
    simulator.failSearches = true;
    // Act
    const error = await failure(client().listOrders({}));
    // Assess
    expect(error).toMatchObject({ retryable: true, details: { status: 500 } });
  });

  it('creates a product by SKU, updates it the second time, writes MSI stock and lists it for the reconcile', async () => {
    // Prepare
    const { simulator, client } = await started();
    const magento = client();
    const article = {
      sku: 'ART 1/2',
      description: 'Fiets',
      priceExclCents: 100000,
      priceInclCents: 121000,
      taxClass: '2',
      active: true,
      stock: 4,
    };
    // Act
    const created = await magento.upsertArticle(article);
    const updated = await magento.upsertArticle({ ...article, priceExclCents: 99950, active: false });
    await magento.setStock('ART 1/2', 0);
    const listed = await magento.listArticles();
    // Assess
    expect(created.created).toBe(true);
    expect(updated).toEqual({ remoteId: created.remoteId, created: false });
    expect(simulator.store.products.get('ART 1/2')).toMatchObject({
      quantity: 0,
      inStock: false,
      body: { price: 999.5, status: 2 },
    });
    expect(listed.items).toEqual([
      expect.objectContaining({
        remoteId: created.remoteId,
        sku: 'ART 1/2',
        priceExclCents: 99950,
        taxClass: '2',
        stock: 0,
        active: false,
      }),
    ]);
    expect(simulator.requests.some((request) => request.path === '/rest/all/V1/inventory/source-items')).toBe(
      true,
    );
  });

  it('falls back to stockItems when MSI is not installed', async () => {
    // Prepare
    const { simulator, client } = await started({ msi: false });
    const magento = client();
    await magento.upsertArticle({
      sku: 'X',
      description: 'X',
      priceExclCents: 100,
      priceInclCents: 121,
      active: true,
    });
    // Act
    await magento.setStock('X', 7);
    await magento.setStock('X', 8);
    // Assess
    expect(simulator.store.products.get('X')).toMatchObject({ quantity: 8, inStock: true });
    expect(
      simulator.requests.filter((request) => request.path.endsWith('/inventory/source-items')),
    ).toHaveLength(1);
  });

  it('sets the order status: invoiced then completed, a second shipment is not an error', async () => {
    // Prepare
    const { simulator, client } = await started();
    const placed = simulator.store.placeOrder({ lines: [line('A')] });
    const magento = client();
    // Act
    await magento.setOrderStatus(String(placed.entity_id), 'invoiced');
    await magento.setOrderStatus(String(placed.entity_id), 'completed');
    await magento.setOrderStatus(String(placed.entity_id), 'shipped');
    // Assess
    expect(simulator.store.order(placed.entity_id as number)).toMatchObject({ state: 'complete' });
  });
});
