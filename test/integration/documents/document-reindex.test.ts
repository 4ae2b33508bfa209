import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { CliIo } from '../../../cli/cli-io.ts';
import { main } from '../../../cli/main.ts';
import {
  DocumentQueries,
  type DocumentRecord,
  DocumentReindexer,
  DocumentStore,
  documentsTableDefinition,
} from '../../../lib/documents/index.ts';
import { ensureTable } from '../../../lib/local/provision.ts';
import { type AwsClients, createAwsClients } from '../../../lib/runtime/aws-clients.ts';

let clients: AwsClients;
let endpoint: string;

beforeAll(() => {
  endpoint = inject('awsEndpoint');
  clients = createAwsClients({ endpoint, region: 'eu-west-1' });
});

const CONNECTORS = ['invoice-mailbox', 'bank-import', 'partner-api'];

/** The i-th record as the connectors wrote them before the index existed: no derived attribute at all. */
function oldRecord(i: number): DocumentRecord {
  const at = new Date(Date.UTC(2025, 5, 1 + (i % 28), 8, i % 60)).toISOString();
  const status = (['booked', 'review', 'rejected', 'queued'] as const)[i % 4] as DocumentRecord['status'];
  return {
    id: `doc_old_${String(i).padStart(3, '0')}`,
    tenant: 'acme',
    administration: i % 5 === 0 ? 'TWEE' : 'DEMO',
    kind: 'file',
    type: 'invoice-file',
    source: { connector: CONNECTORS[i % 3] as string, externalId: `DEMO/purchase/f-${i}.xml` },
    status,
    payloadHash: 'h',
    attempts: 1,
    history: [{ status, at }],
    createdAt: at,
    updatedAt: at,
    result: {
      invoiceNumber: `F-2025-${i}`,
      party: { name: i % 2 === 0 ? `Slagerij Visser ${i}` : `Garage Smit ${i}` },
      totals: { payableCents: 1000 + i },
      reviewReasons: status === 'review' ? ['unknown supplier'] : [],
    },
  };
}

/** A table holding `count` old records, written as plain items (the way they were before the index). */
async function oldTable(count: number): Promise<{ table: string; records: DocumentRecord[] }> {
  const table = `documents-reindex-${randomUUID().slice(0, 8)}`;
  await ensureTable(clients.dynamo, documentsTableDefinition(table));
  const records = Array.from({ length: count }, (_, i) => oldRecord(i));
  for (let i = 0; i < records.length; i += 25) {
    await clients.documents.send(
      new BatchWriteCommand({
        RequestItems: {
          [table]: records.slice(i, i + 25).map((r) => ({
            PutRequest: { Item: { pk: `DOC#${r.id}`, sk: 'STATUS', ...r } },
          })),
        },
      }),
    );
  }
  return { table, records };
}

async function allPages(
  read: (cursor?: string) => Promise<{ items: DocumentRecord[]; nextCursor?: string }>,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    ids.push(...page.items.map((r) => r.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describe('DocumentReindexer on dynalite', () => {
  it('puts old records into every index, search and the day counters; a second run writes nothing', async () => {
    // Prepare
    const { table, records } = await oldTable(120);
    const queries = new DocumentQueries(clients.documents, table);
    const before = await queries.list({ administrations: ['DEMO', 'TWEE'] }, { limit: 100 });

    // Act
    const first = await new DocumentReindexer(clients.documents, table).run({ pageSize: 50 });
    const second = await new DocumentReindexer(clients.documents, table).run({ pageSize: 50 });
    const listed = await allPages((cursor) =>
      queries.list({ administrations: ['DEMO', 'TWEE'] }, { limit: 100, cursor }),
    );
    const review = await allPages((cursor) =>
      queries.reviewQueue({ administrations: ['DEMO'] }, { limit: 100, cursor }),
    );
    const found = await allPages((cursor) =>
      queries.list({ administrations: ['DEMO', 'TWEE'], q: 'slagerij visser' }, { limit: 100, cursor }),
    );
    const counts = await queries.countsByDay('DEMO', undefined, '2025-06-01', '2025-06-30');

    // Assess
    expect(before.items).toEqual([]);
    expect(first).toMatchObject({
      records: 120,
      reindexed: 120,
      current: 0,
      changedMeanwhile: 0,
      failures: 0,
    });
    expect(first.pages).toBeGreaterThanOrEqual(3);
    expect(second).toMatchObject({
      records: 120,
      reindexed: 0,
      current: 120,
      tokenWrites: 0,
      counterUpdates: 0,
    });
    expect(listed.sort()).toEqual(records.map((r) => r.id).sort());
    const expectedReview = records.filter(
      (r) => r.administration === 'DEMO' && (r.status === 'review' || r.status === 'rejected'),
    );
    expect(review.sort()).toEqual(expectedReview.map((r) => r.id).sort());
    expect(found.sort()).toEqual(
      records
        .filter((_, i) => i % 2 === 0)
        .map((r) => r.id)
        .sort(),
    );
    const booked = counts.reduce((sum, day) => sum + day.booked, 0);
    expect(booked).toBe(records.filter((r) => r.administration === 'DEMO' && r.status === 'booked').length);
  });

  it('leaves a record that changed since it was read to the write that changed it', async () => {
    // Prepare: a client that lets the store change doc_old_001 just before the reindexer updates it.
    const { table } = await oldTable(3);
    const store = new DocumentStore(clients.documents, table);
    const racing = createAwsClients({ endpoint, region: 'eu-west-1' }).documents;
    let raced = false;
    racing.middlewareStack.add(
      (next) => async (args) => {
        const input = (args as { input?: { Key?: { pk?: string }; UpdateExpression?: string } }).input;
        if (!raced && input?.Key?.pk === 'DOC#doc_old_001' && input.UpdateExpression?.startsWith('SET')) {
          raced = true;
          await store.transition('doc_old_001', 'booked', {}, 'booked meanwhile');
        }
        return next(args);
      },
      { step: 'initialize', name: 'raceWithTheStore' },
    );

    // Act
    const report = await new DocumentReindexer(racing, table).run();
    const queries = new DocumentQueries(clients.documents, table);
    const booked = await queries.list({ administrations: ['DEMO'], status: 'booked' });

    // Assess
    expect(report).toMatchObject({ records: 3, reindexed: 2, changedMeanwhile: 1, failures: 0 });
    expect(booked.items.map((r) => r.id)).toContain('doc_old_001');
  });

  it('reports what it would do on a dry run and writes nothing', async () => {
    // Prepare
    const { table } = await oldTable(10);

    // Act
    const report = await new DocumentReindexer(clients.documents, table).run({ dryRun: true });
    const search = await clients.documents.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'SEARCH#DEMO#slagerij' },
      }),
    );

    // Assess
    expect(report).toMatchObject({ records: 10, reindexed: 10, tokenWrites: 0 });
    expect(search.Items).toEqual([]);
  });

  it('goes on past a record it cannot update and names it', async () => {
    // Prepare: one record's update is refused by the table (an item over the size limit would be the real case).
    const { table } = await oldTable(4);
    const refusing = createAwsClients({ endpoint, region: 'eu-west-1' }).documents;
    refusing.middlewareStack.add(
      (next) => async (args) => {
        const input = (args as { input?: { Key?: { pk?: string } } }).input;
        if (args.input && input?.Key?.pk === 'DOC#doc_old_002')
          throw new Error('Item size has exceeded the maximum');
        return next(args);
      },
      { step: 'initialize', name: 'refuseOne' },
    );

    // Act
    const report = await new DocumentReindexer(refusing, table).run();

    // Assess
    expect(report).toMatchObject({ records: 4, reindexed: 3, failures: 1 });
    expect(report.failed[0]?.id).toBe('doc_old_002');
    expect(report.failed[0]?.message).toContain('doc_old_002');
  });
});

describe('cashlink documents reindex', () => {
  function io(): CliIo & { out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, stdout: (line) => out.push(line), stderr: (line) => err.push(line) };
  }

  it('reindexes the table it is given at the endpoint it is given and prints the report', async () => {
    // Prepare
    const { table } = await oldTable(30);
    const cli = io();

    // Act
    const code = await main(
      ['documents', 'reindex', '--table', table, '--endpoint', endpoint, '--json'],
      cli,
    );

    // Assess
    expect(cli.err).toEqual([]);
    expect(code).toBe(0);
    expect(JSON.parse(cli.out[0] as string)).toMatchObject({
      table,
      dryRun: false,
      records: 30,
      reindexed: 30,
    });
  });

  it.each([
    [['documents', 'reindex'], '--table is required'],
    [['documents', 'reindex', '--table', 'a b'], 'is not a DynamoDB table name'],
    [['documents', 'reindex', '--table', 'docs', '--segments', '4'], '--segment and --segments go together'],
    [['documents', 'reindex', '--table', 'docs', '--segment', '4', '--segments', '4'], '--segment must be'],
    [
      ['documents', 'reindex', '--table', 'docs', '--endpoint', 'http://u:p@host/x'],
      '--endpoint takes a URL',
    ],
    [['documents', 'rebuild'], 'unknown subcommand rebuild'],
  ])('refuses %j with exit code 2 and says why', async (argv, why) => {
    // Prepare
    const cli = io();

    // Act
    const code = await main(argv, cli);

    // Assess
    expect(code).toBe(2);
    expect(cli.out).toEqual([]);
    expect(cli.err.join('\n')).toContain(why);
  });
});
