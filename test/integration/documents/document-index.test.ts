import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createEvent } from '../../../events/index.ts';
import {
  DocumentQueries,
  DocumentQueryError,
  type DocumentRecord,
  DocumentStore,
  documentsTableDefinition,
  encodeCursor,
} from '../../../lib/documents/index.ts';
import { ensureTable } from '../../../lib/local/provision.ts';
import { type AwsClients, createAwsClients } from '../../../lib/runtime/aws-clients.ts';

let clients: AwsClients;

beforeAll(async () => {
  clients = createAwsClients({ endpoint: inject('awsEndpoint'), region: 'eu-west-1' });
});

async function freshTable(): Promise<{ store: DocumentStore; queries: DocumentQueries; table: string }> {
  const table = `documents-index-${randomUUID().slice(0, 8)}`;
  await ensureTable(clients.dynamo, documentsTableDefinition(table));
  return {
    table,
    store: new DocumentStore(clients.documents, table),
    queries: new DocumentQueries(clients.documents, table),
  };
}

function relationEvent(externalId: string, name: string, administration = 'DEMO') {
  return createEvent({
    tenant: 'acme',
    administration,
    type: 'relation.upsert',
    source: { connector: 'webshop', externalId },
    data: { name, roles: ['customer'] },
  });
}

function invoiceFile(id: string, patch: Partial<DocumentRecord> = {}): DocumentRecord {
  const at = '2026-03-14T10:00:00.000Z';
  return {
    id,
    tenant: 'acme',
    administration: 'DEMO',
    type: 'invoice-file',
    kind: 'file',
    source: { connector: 'invoice-mailbox', externalId: `DEMO/purchase/${id}.xml` },
    status: 'review',
    payloadHash: 'h',
    attempts: 0,
    history: [{ status: 'review', at }],
    createdAt: at,
    updatedAt: at,
    result: {
      invoiceNumber: 'INV-2026-001',
      issueDate: '2026-03-10',
      currency: 'EUR',
      party: { name: 'Bakkerij Jansen' },
      totals: { netCents: 10000, vatCents: 2100, grossCents: 12100, payableCents: 12100 },
      reviewReasons: ['unknown supplier'],
    },
    ...patch,
  };
}

describe('DocumentStore keeps the index current', () => {
  it('keeps the queued event on its record with its summary, and finds it by a word of its name', async () => {
    // Prepare
    const { store, queries } = await freshTable();
    const event = relationEvent('r-1', 'Groenteboer Pietersen');

    // Act
    const decision = await store.markQueued(event);
    const record = await store.get(event.id);
    const found = await queries.list({ administrations: ['DEMO'], q: 'pieter' }, { limit: 10 });

    // Assess
    expect(decision).toEqual({ id: event.id, decision: 'queued' });
    expect(record?.event).toEqual(event);
    expect(record).toMatchObject({ title: 'Groenteboer Pietersen', itemKind: 'event', status: 'queued' });
    expect(found.items.map((r) => r.id)).toEqual([event.id]);
  });

  it('omits an event over 64 KB and says so, keeping the summary it was queued with', async () => {
    // Prepare
    const { store } = await freshTable();
    const event = createEvent({
      tenant: 'acme',
      administration: 'DEMO',
      type: 'journal-entry.book',
      source: { connector: 'webshop', externalId: 'big-1' },
      data: {
        journal: 'MEM',
        date: '2026-03-01',
        description: 'Grote memoriaal',
        lines: Array.from({ length: 500 }, (_, i) => ({
          ledgerAccount: '4000',
          amountCents: i % 2 === 0 ? 100 : -100,
          text: `regel ${i} ${'x'.repeat(150)}`,
        })),
      },
    });

    // Act
    await store.markQueued(event);
    const record = await store.get(event.id);

    // Assess
    expect(record?.event).toBeUndefined();
    expect(record?.eventTooLarge).toBe(true);
    expect(record).toMatchObject({ title: 'Grote memoriaal', amountCents: 25000, date: '2026-03-01' });
  });

  it('moves a record in and out of the review queue and counts each status once', async () => {
    // Prepare
    const { store, queries } = await freshTable();
    const doc = invoiceFile('doc_a');
    await store.putMany([doc]);

    // Act
    const inReview = await queries.reviewQueue({ administrations: ['DEMO'] });
    const stored = await store.get('doc_a');
    await store.putMany([{ ...(stored as DocumentRecord), status: 'booked' }]);
    const again = await store.get('doc_a');
    await store.putMany([{ ...(again as DocumentRecord), status: 'booked' }]);
    await store.transition('doc_a', 'booked', {}, 'the same again');
    const afterBooking = await queries.reviewQueue({ administrations: ['DEMO'] });
    const counts = await queries.countsByDay('DEMO', undefined, '2026-03-01', '2026-03-31');

    // Assess
    expect(inReview.items.map((r) => r.id)).toEqual(['doc_a']);
    expect(inReview.items[0]).toMatchObject({
      itemKind: 'invoice',
      title: 'Bakkerij Jansen · INV-2026-001',
      amountCents: 12100,
      date: '2026-03-10',
      relationName: 'Bakkerij Jansen',
      reasons: ['unknown supplier'],
    });
    expect(afterBooking.items).toEqual([]);
    expect(counts).toEqual([
      { date: '2026-03-14', connector: 'invoice-mailbox', booked: 1, review: 1, rejected: 0, failed: 0 },
    ]);
  });

  it('deletes the search tokens a change makes stale', async () => {
    // Prepare
    const { store, queries, table } = await freshTable();
    await store.transition('doc_b', 'review', invoiceFile('doc_b'), 'in review');

    // Act
    await store.transition('doc_b', 'review', {
      result: { ...(invoiceFile('doc_b').result as object), party: { name: 'Slagerij Vermeulen' } },
    });
    const old = await queries.list({ administrations: ['DEMO'], q: 'jansen' });
    const current = await queries.list({ administrations: ['DEMO'], q: 'verm 121,00' });
    const tokenItems = await clients.documents.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'SEARCH#DEMO#jansen' },
      }),
    );

    // Assess
    expect(old.items).toEqual([]);
    expect(tokenItems.Items).toEqual([]);
    expect(current.items.map((r) => r.id)).toEqual(['doc_b']);
  });

  it('leaves the table keys and index keys out of what it reads', async () => {
    // Prepare
    const { store, table } = await freshTable();
    await store.putMany([invoiceFile('doc_c')]);

    // Act
    const record = await store.get('doc_c');
    const raw = await clients.documents.send(
      new GetCommand({ TableName: table, Key: { pk: 'DOC#doc_c', sk: 'STATUS' } }),
    );

    // Assess
    expect(raw.Item).toMatchObject({ gsiReviewPk: 'REVIEW#DEMO', gsiSk: '2026-03-14T10:00:00.000Z#doc_c' });
    expect(Object.keys(record ?? {}).filter((k) => k.startsWith('gsi') || k === 'pk' || k === 'sk')).toEqual(
      [],
    );
  });
});

describe('DocumentQueries', () => {
  it('pages newest first over two administrations with opaque cursors, each item once', async () => {
    // Prepare
    const { store, queries } = await freshTable();
    const docs = Array.from({ length: 7 }, (_, i) =>
      invoiceFile(`doc_${i}`, {
        administration: i % 2 === 0 ? 'DEMO' : 'OTHER',
        status: 'booked',
        createdAt: `2026-03-${String(10 + i).padStart(2, '0')}T08:00:00.000Z`,
      }),
    );
    await store.putMany(docs);

    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await queries.list({ administrations: ['DEMO', 'OTHER'] }, { limit: 3, cursor });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);

    // Assess
    expect(seen).toEqual(['doc_6', 'doc_5', 'doc_4', 'doc_3', 'doc_2', 'doc_1', 'doc_0']);
  });

  it.each([
    ['status', { status: 'review' }, ['doc_r2', 'doc_r1']],
    [
      'connector and date',
      { connector: 'invoice-mailbox', from: '2026-03-12', to: '2026-03-12' },
      ['doc_r2'],
    ],
    ['amount', { minCents: 20000 }, ['doc_r1']],
    ['relation', { relation: 'jansen' }, ['doc_b2', 'doc_r2']],
    ['kind', { kind: 'invoice' }, ['doc_b2', 'doc_r2', 'doc_r1']],
  ])('filters the list by %s', async (_what, filter, expected) => {
    // Prepare
    const { store, queries } = await freshTable();
    await store.putMany([
      invoiceFile('doc_r1', {
        createdAt: '2026-03-11T08:00:00.000Z',
        result: { party: { name: 'Kapper Smit' }, totals: { payableCents: 25000 } },
      }),
      invoiceFile('doc_r2', { createdAt: '2026-03-12T08:00:00.000Z' }),
      invoiceFile('doc_b2', { status: 'booked', createdAt: '2026-03-13T08:00:00.000Z' }),
    ]);

    // Act
    const page = await queries.list({ administrations: ['DEMO'], ...filter });

    // Assess
    expect(page.items.map((r) => r.id)).toEqual(expected);
  });

  it('answers the review queue oldest first, filtered by reason', async () => {
    // Prepare
    const { store, queries } = await freshTable();
    await store.putMany([
      invoiceFile('doc_q2', { createdAt: '2026-03-12T08:00:00.000Z' }),
      invoiceFile('doc_q1', {
        createdAt: '2026-03-11T08:00:00.000Z',
        status: 'rejected',
        errors: [{ source: 'validation', message: 'BR-CO-15 totals do not add up' }],
      }),
      invoiceFile('doc_q3', { createdAt: '2026-03-13T08:00:00.000Z', status: 'queued' }),
    ]);

    // Act
    const all = await queries.reviewQueue({ administrations: ['DEMO'] });
    const byReason = await queries.reviewQueue({ administrations: ['DEMO'], reason: 'br-co-15' });

    // Assess
    expect(all.items.map((r) => r.id)).toEqual(['doc_q1', 'doc_q2']);
    expect(byReason.items.map((r) => r.id)).toEqual(['doc_q1']);
  });

  it.each([
    ['not base64url', 'not a cursor!'],
    ['not JSON', Buffer.from('{{').toString('base64url')],
    ['another shape', Buffer.from(JSON.stringify({ pk: 'DOC#x' })).toString('base64url')],
    ['a key that is no sort key', encodeCursor('DOC#x')],
  ])('refuses a cursor that is %s, naming the cursor', async (_what, cursor) => {
    // Prepare
    const { queries } = await freshTable();

    // Act
    const attempt = queries.list({ administrations: ['DEMO'] }, { cursor });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(DocumentQueryError);
    await expect(attempt).rejects.toMatchObject({ field: 'cursor', rule: 'invalid-cursor' });
  });

  it.each([0, 101, 2.5])('refuses limit %s', async (limit) => {
    // Prepare
    const { queries } = await freshTable();

    // Act
    const attempt = queries.reviewQueue({ administrations: ['DEMO'] }, { limit });

    // Assess
    await expect(attempt).rejects.toMatchObject({ field: 'limit', rule: 'range' });
  });
});
