import { describe, expect, it } from 'vitest';
import { deliveriesRoutes } from '../../../lib/app-api/deliveries/index.ts';
import {
  type DeliveryListQuery,
  type DeliveryMessage,
  type DeliveryRecord,
  DeliveryRetryError,
  type DeliveryRetryRequest,
  encodeDeliveryCursor,
} from '../../../lib/outbound/index.ts';
import { call, rules, users } from './fixtures.ts';

const record = (key: string, status: DeliveryRecord['status']): DeliveryRecord => ({
  administration: 'DEMO',
  target: 'woocommerce',
  type: 'article.changed',
  key,
  status,
  deliveryKey: `dk-${key}`,
  contentHash: `h-${key}`,
  subscription: 'woocommerce#DEMO#0',
  attempts: status === 'failed' ? 5 : 1,
  ...(status === 'failed'
    ? { error: 'HTTP 400: invalid regular_price', answer: '{"code":"rest_invalid_param"}' }
    : {}),
  updatedAt: '2026-12-02T09:00:00.000Z',
});

function setup(options: { retry?: (request: DeliveryRetryRequest) => Promise<DeliveryMessage> } = {}) {
  const queries: DeliveryListQuery[] = [];
  const retried: DeliveryRetryRequest[] = [];
  const routes = deliveriesRoutes({
    targets: ['woocommerce', 'magento'],
    records: {
      list: async (query) => {
        queries.push(query);
        return { items: [record('A1', 'failed'), record('A2', 'delivered')], nextCursor: 'next' };
      },
    },
    retry: {
      retry: async (request) => {
        retried.push(request);
        if (options.retry) return options.retry(request);
        return {
          target: request.target,
          subscription: 's',
          administration: request.administration,
          deliveryKey: 'new',
          mode: 'reconcile',
          event: { type: request.type, key: request.key } as DeliveryMessage['event'],
        };
      },
    },
  });
  return { routes, queries, retried };
}

describe('GET /v1/app/deliveries', () => {
  it('lists one administration and target without the table-internal keys', async () => {
    // Prepare
    const { routes, queries } = setup();
    // Act
    const { status, json } = await call(routes, 'GET', '/v1/app/deliveries', {
      user: users.bookkeeper,
      query: { administration: 'DEMO', target: 'woocommerce', status: 'failed' },
    });
    // Assess
    expect(status).toBe(200);
    expect(queries).toEqual([{ administration: 'DEMO', target: 'woocommerce', limit: 50, status: 'failed' }]);
    expect(json.nextCursor).toBe('next');
    const [first] = json.items as Record<string, unknown>[];
    expect(first).toMatchObject({ key: 'A1', status: 'failed', error: 'HTTP 400: invalid regular_price' });
    expect(first).not.toHaveProperty('deliveryKey');
    expect(first).not.toHaveProperty('contentHash');
  });

  it('defaults to the first administration and target', async () => {
    // Prepare
    const { routes, queries } = setup();
    // Act
    await call(routes, 'GET', '/v1/app/deliveries');
    // Assess
    expect(queries[0]).toMatchObject({ administration: 'DEMO', target: 'woocommerce' });
  });

  it('passes a cursor it answered on', async () => {
    // Prepare
    const { routes, queries } = setup();
    const cursor = encodeDeliveryCursor({ sk: 'article.changed#A2' });
    // Act
    const { status } = await call(routes, 'GET', '/v1/app/deliveries', { query: { cursor } });
    // Assess
    expect(status).toBe(200);
    expect(queries[0]?.cursor).toBe(cursor);
  });

  it.each([
    ['an administration not granted', { administration: 'ANDERS' }, 403, 'administration-not-granted'],
    ['an administration the tenant lacks', { administration: 'NOPE' }, 403, 'administration-not-granted'],
    ['an unknown target', { target: 'x' }, 404, 'unknown-connector'],
    ['an unknown status', { status: 'lost' }, 400, 'enum'],
    ['a cursor it never answered', { cursor: 'abc' }, 400, 'cursor'],
  ])('refuses %s', async (_name, query, status, rule) => {
    // Prepare
    const { routes, queries } = setup();
    // Act
    const answer = await call(routes, 'GET', '/v1/app/deliveries', { user: users.bookkeeper, query });
    // Assess
    expect(answer.status).toBe(status);
    expect(rules(answer.json)).toEqual([rule]);
    expect(queries).toEqual([]);
  });
});

describe('GET /v1/app/deliveries/targets', () => {
  it('names the targets and whether sending again is possible', async () => {
    // Prepare
    const { routes } = setup();
    // Act
    const { json } = await call(routes, 'GET', '/v1/app/deliveries/targets');
    // Assess
    expect(json).toEqual({ targets: ['woocommerce', 'magento'], canRetry: true });
  });
});

describe('POST /v1/app/deliveries/retry', () => {
  const body = { administration: 'DEMO', target: 'woocommerce', type: 'article.changed', key: 'A1' };

  it('sends a failed delivery again (202)', async () => {
    // Prepare
    const { routes, retried } = setup();
    // Act
    const { status, json } = await call(routes, 'POST', '/v1/app/deliveries/retry', { body });
    // Assess
    expect(status).toBe(202);
    expect(json).toEqual({ status: 'pending', target: 'woocommerce', type: 'article.changed', key: 'A1' });
    expect(retried).toEqual([body]);
  });

  it.each([
    ['not-failed', 409],
    ['unknown-record', 404],
    ['not-in-mirror', 409],
    ['no-queue', 501],
  ] as const)('answers %s with %i and the reason', async (reason, status) => {
    // Prepare
    const { routes } = setup({
      retry: async () => {
        throw new DeliveryRetryError(reason, `because ${reason}`);
      },
    });
    // Act
    const answer = await call(routes, 'POST', '/v1/app/deliveries/retry', { body });
    // Assess
    expect(answer.status).toBe(status);
    expect(rules(answer.json)).toEqual([reason]);
    expect(answer.json.detail).toBe(`because ${reason}`);
  });

  it.each([
    [
      'a bookkeeper (sending again is an operator’s)',
      users.bookkeeper,
      body,
      403,
      'administration-not-granted',
    ],
    [
      'an administration the tenant lacks',
      users.operator,
      { ...body, administration: 'NOPE' },
      403,
      'administration-not-granted',
    ],
    ['an unknown target', users.operator, { ...body, target: 'x' }, 404, 'unknown-connector'],
    ['an unknown type', users.operator, { ...body, type: 'order.changed' }, 400, 'invalid_value'],
  ])('refuses %s without sending', async (_name, user, input, status, rule) => {
    // Prepare
    const { routes, retried } = setup();
    // Act
    const answer = await call(routes, 'POST', '/v1/app/deliveries/retry', { user, body: input });
    // Assess
    expect(answer.status).toBe(status);
    expect(rules(answer.json)).toContain(rule);
    expect(retried).toEqual([]);
  });
});
