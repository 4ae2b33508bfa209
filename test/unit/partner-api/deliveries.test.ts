import { describe, expect, it } from 'vitest';
import type {
  DeliveryControlMessage,
  DeliveryListQuery,
  DeliveryRecord,
} from '../../../lib/outbound/index.ts';
import { encodeDeliveryCursor } from '../../../lib/outbound/index.ts';
import type { PartnerScope } from '../../../lib/partner-api/index.ts';
import { keyRecord, NOW, parse, request, testApi } from './fixtures.ts';

const record = (key: string, status: DeliveryRecord['status'] = 'delivered'): DeliveryRecord => ({
  administration: 'DEMO',
  target: 'woocommerce',
  type: 'article.changed',
  key,
  status,
  deliveryKey: 'a'.repeat(64),
  contentHash: 'b'.repeat(64),
  attempts: 1,
  updatedAt: NOW.toISOString(),
});

/** The API with delivery records and one queue (woocommerce); `scopes` of the key. */
function deliveriesApi(scopes: PartnerScope[] = ['deliveries:write']) {
  const queries: DeliveryListQuery[] = [];
  const sent: DeliveryControlMessage[] = [];
  const test = testApi(
    {
      deliveries: {
        list: async (query) => {
          queries.push(query);
          return {
            items: [record('A1'), record('A2')],
            nextCursor: encodeDeliveryCursor({ sk: 'article.changed#A2' }),
          };
        },
      },
      deliveryQueues: (target) =>
        target === 'woocommerce' ? { sendControl: async (control) => void sent.push(control) } : undefined,
    },
    keyRecord({ scopes }),
  );
  return { ...test, queries, sent };
}

const query = (params: Record<string, string>) => ({
  ...request('GET', '/v1/deliveries'),
  query: params,
});

describe('PartnerApi: deliveries', () => {
  it('lists one page of an administration’s deliveries to a target, with the next cursor', async () => {
    // Prepare
    const { api, queries } = deliveriesApi(['deliveries:read']);

    // Act
    const answer = await api.handle(
      query({ administration: 'DEMO', target: 'woocommerce', status: 'delivered', key: 'A1', limit: '2' }),
    );

    // Assess
    expect(answer.statusCode).toBe(200);
    const body = parse(answer.body);
    expect((body.items as DeliveryRecord[]).map((r) => r.key)).toEqual(['A1', 'A2']);
    expect(body.nextCursor).toEqual(expect.any(String));
    expect(queries).toEqual([
      { administration: 'DEMO', target: 'woocommerce', status: 'delivered', key: 'A1', limit: 2 },
    ]);
  });

  it.each([
    [
      'an administration the key is not granted',
      { administration: 'OTHER', target: 'woocommerce' },
      403,
      'administration-not-granted',
    ],
    [
      'an administration that does not exist',
      { administration: 'NOPE', target: 'woocommerce' },
      403,
      'administration-not-granted',
    ],
    ['no target', { administration: 'DEMO' }, 400, 'invalid_type'],
    [
      'an unknown status',
      { administration: 'DEMO', target: 'woocommerce', status: 'done' },
      400,
      'invalid_value',
    ],
    ['a limit above 100', { administration: 'DEMO', target: 'woocommerce', limit: '500' }, 400, 'too_big'],
    ['a forged cursor', { administration: 'DEMO', target: 'woocommerce', cursor: 'eyJ4Ijo' }, 400, 'cursor'],
  ])('refuses %s', async (_name, params, status, rule) => {
    // Prepare
    const { api, queries } = deliveriesApi(['deliveries:read']);

    // Act
    const answer = await api.handle(query(params));

    // Assess
    expect(answer.statusCode).toBe(status);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(parse(answer.body).errors?.map((e) => e.rule)).toContain(rule);
    expect(queries).toEqual([]);
  });

  it('needs the scope deliveries:read (a key with only bank-rules scopes gets 403)', async () => {
    // Prepare
    const { api } = deliveriesApi(['bank-rules:write']);

    // Act
    const answer = await api.handle(query({ administration: 'DEMO', target: 'woocommerce' }));

    // Assess
    expect(answer.statusCode).toBe(403);
    expect(parse(answer.body).errors?.[0]).toMatchObject({
      rule: 'scope-not-granted',
      value: 'deliveries:read',
    });
  });

  it.each(['full-load', 'reconcile'] as const)(
    'puts a %s request on the target’s queue (202)',
    async (control) => {
      // Prepare
      const { api, sent } = deliveriesApi();

      // Act
      const answer = await api.handle(
        request('POST', `/v1/deliveries/${control}`, {
          administration: 'DEMO',
          target: 'woocommerce',
          types: ['article.changed', 'stock.changed', 'article.changed'],
        }),
      );

      // Assess
      expect(answer.statusCode).toBe(202);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        control,
        target: 'woocommerce',
        administration: 'DEMO',
        types: ['article.changed', 'stock.changed'],
        requestedAt: NOW.toISOString(),
      });
      expect(parse(answer.body).runId).toBe(sent[0]?.runId);
    },
  );

  it.each([
    [
      'deliveries:read only',
      ['deliveries:read'],
      { administration: 'DEMO', target: 'woocommerce', types: ['article.changed'] },
      403,
      'scope-not-granted',
    ],
    [
      'another administration',
      ['deliveries:write'],
      { administration: 'OTHER', target: 'woocommerce', types: ['article.changed'] },
      403,
      'administration-not-granted',
    ],
    [
      'an unknown target',
      ['deliveries:write'],
      { administration: 'DEMO', target: 'magento', types: ['article.changed'] },
      400,
      'unknown-target',
    ],
    [
      'no types',
      ['deliveries:write'],
      { administration: 'DEMO', target: 'woocommerce', types: [] },
      400,
      'too_small',
    ],
    [
      'an unknown type',
      ['deliveries:write'],
      { administration: 'DEMO', target: 'woocommerce', types: ['price.changed'] },
      400,
      'invalid_value',
    ],
  ] as const)('refuses a full load with %s', async (_name, scopes, body, status, rule) => {
    // Prepare
    const { api, sent } = deliveriesApi([...scopes]);

    // Act
    const answer = await api.handle(request('POST', '/v1/deliveries/full-load', body));

    // Assess
    expect(answer.statusCode).toBe(status);
    expect(parse(answer.body).errors?.map((e) => e.rule)).toContain(rule);
    expect(sent).toEqual([]);
  });

  it('answers 501 where the deployment has no delivery records', async () => {
    // Prepare
    const { api } = testApi({}, keyRecord({ scopes: ['deliveries:read'] }));

    // Act
    const answer = await api.handle(query({ administration: 'DEMO', target: 'woocommerce' }));

    // Assess
    expect(answer.statusCode).toBe(501);
  });
});
