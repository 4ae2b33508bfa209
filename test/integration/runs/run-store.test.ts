import { GetCommand } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectorRuns, RUN_RETENTION_DAYS, type RunRecord, RunStore } from '../../../lib/runs/index.ts';
import { type TestResources, testResources } from '../helpers.ts';

function run(connector: string, startedAt: string, id: string, administration?: string): RunRecord {
  return {
    id: `run_${id.padEnd(12, '0')}`,
    connector,
    ...(administration ? { administration } : {}),
    trigger: 'schedule',
    source: 'scheduler',
    startedAt,
    endedAt: startedAt,
    status: 'ok',
    counts: { records: 1 },
    errors: [],
  };
}

describe('RunStore on DynamoDB', () => {
  let resources: TestResources;
  let store: RunStore;

  beforeAll(async () => {
    resources = await testResources();
    store = new RunStore(resources.clients.documents, resources.documentsTable, ['bank-import', 'cash-sync']);
    // Prepare: runs of two connectors and two administrations, written out of order.
    await store.save(run('bank-import', '2026-12-01T10:00:00.000Z', 'a1', 'DEMO'));
    await store.save(run('cash-sync', '2026-12-01T11:00:00.000Z', 'b1'));
    await store.save(run('bank-import', '2026-12-01T12:00:00.000Z', 'a2', 'OTHER'));
    await store.save(run('bank-import', '2026-12-01T09:00:00.000Z', 'a0', 'DEMO'));
    await store.save(run('cash-sync', '2026-12-01T13:00:00.000Z', 'b2'));
  });

  it('lists newest first across connectors, page by page', async () => {
    // Act
    const first = await store.list({}, { limit: 2 });
    const second = await store.list({}, { limit: 2, cursor: first.nextCursor as string });
    const third = await store.list({}, { limit: 2, cursor: second.nextCursor as string });
    // Assess
    expect([...first.items, ...second.items, ...third.items].map((r) => r.startedAt.slice(11, 13))).toEqual([
      '13',
      '12',
      '11',
      '10',
      '09',
    ]);
    expect(third.nextCursor).toBeUndefined();
  });

  it('filters by connector and by the administrations granted (runs of none are shown to all)', async () => {
    // Act
    const demo = await store.list({ administrations: ['DEMO'] }, { limit: 10 });
    const bank = await store.list({ connector: 'bank-import', administrations: ['OTHER'] }, { limit: 10 });
    // Assess
    expect(demo.items.map((r) => r.id.slice(4, 6))).toEqual(['b2', 'b1', 'a1', 'a0']);
    expect(bank.items.map((r) => r.id.slice(4, 6))).toEqual(['a2']);
  });

  it('keeps the latest run per connector and administration, an older run ending late does not hide it', async () => {
    // Act
    const demo = await store.latest('bank-import', 'DEMO');
    const sync = await store.latest('cash-sync', 'DEMO');
    // Assess
    expect(demo?.id.slice(4, 6)).toBe('a1');
    expect(sync?.id.slice(4, 6)).toBe('b2');
  });

  it('gives every run a TTL of 90 days', async () => {
    // Prepare
    const record = run('cash-sync', '2026-12-01T11:00:00.000Z', 'b1');
    // Act
    const { Item } = await resources.clients.documents.send(
      new GetCommand({
        TableName: resources.documentsTable,
        Key: { pk: 'RUN#cash-sync', sk: `${record.startedAt}#${record.id}` },
      }),
    );
    // Assess
    expect(Item?.expiresAt).toBe(Date.parse(record.startedAt) / 1000 + RUN_RETENTION_DAYS * 86_400);
  });

  it('records a handler run through the middleware, start and end on one item', async () => {
    // Prepare
    const handler = middy(async () => ({ results: [] })).use(
      connectorRuns({ connector: 'cash-sync', runs: store }),
    );
    // Act
    await handler({ source: 'cashlink.schedule', administrations: ['DEMO'] }, {} as Context);
    // Assess
    const latest = await store.latest('cash-sync', 'DEMO');
    expect(latest).toMatchObject({ trigger: 'schedule', administration: 'DEMO', status: 'ok' });
    const page = await store.list({ connector: 'cash-sync' }, { limit: 10 });
    expect(page.items.filter((r) => r.id === latest?.id)).toHaveLength(1);
  });

  it('refuses a cursor it did not make', async () => {
    // Act
    const listing = store.list({}, { limit: 2, cursor: 'bm9wZQ' });
    // Assess
    await expect(listing).rejects.toThrow(/cursor/);
  });
});
