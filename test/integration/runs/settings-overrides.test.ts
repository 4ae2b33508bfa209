import { beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntryBookEvent } from '../../../events/index.ts';
import { createBankImportHandler } from '../../../functions/bank-import/bank-import-handler.ts';
import { settingsRoutes } from '../../../lib/app-api/settings/index.ts';
import type { BankFileResult } from '../../../lib/bank/file-import/index.ts';
import { makeDutchIban } from '../../../lib/bank/matching/index.ts';
import { BankStatementImporter, DynamoMatchMemory } from '../../../lib/bank/stores/index.ts';
import { LocalRateLimiter } from '../../../lib/cash/rate-limit/index.ts';
import { CashRestClient } from '../../../lib/cash/rest/cash-rest-client.ts';
import { CashSimulator } from '../../../lib/cash/simulator/index.ts';
import { DocumentStore } from '../../../lib/documents/index.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { MirrorStore, syncMirror } from '../../../lib/mirror/index.ts';
import { RunStore } from '../../../lib/runs/index.ts';
import { EventPublisher } from '../../../lib/runtime/event-publisher.ts';
import { observability } from '../../../lib/runtime/powertools.ts';
import { effectiveSettings, SettingsOverrideStore } from '../../../lib/settings/index.ts';
import { bankImportSettings } from '../../../lib/tenant/index.ts';
import { toCamt053 } from '../../support/bank/index.ts';
import { call, users } from '../../unit/app-api-ops/fixtures.ts';
import {
  connectorBuckets,
  drainEvents,
  putMailboxObject,
  quietPowertools,
  type TestResources,
  testResources,
} from '../helpers.ts';

quietPowertools();

const TENANT = 'acme';
const ADM = 'DEMO';
const KEY = 'settings-override-test-key';
const OWN_IBAN = makeDutchIban('ABNA', '0123456789');
/** The tenant file's bank-import entry: no suspense account. */
const TENANT_FILE = { accounts: { [OWN_IBAN]: { journal: 'ABN' } }, journal: 'ING' };

let res: TestResources;
let mailbox: string;
let overrides: SettingsOverrideStore;
let runs: RunStore;
let handler: ReturnType<typeof createBankImportHandler>;
let uploads = 0;

beforeAll(async () => {
  res = await testResources();
  ({ mailbox } = await connectorBuckets(res.clients.s3, 'settings'));
  const sim = new CashSimulator({ apiKeys: { [KEY]: [ADM] }, rateLimitPerMinute: 0 });
  const baseUrl = await sim.start();
  const mirror = new MirrorStore(res.clients.documents, res.mirrorTable);
  const client = new CashRestClient({
    baseUrl,
    apiKey: KEY,
    rateLimiter: new LocalRateLimiter({ limit: 10_000 }),
  });
  await syncMirror(ADM, (record, params) => client.exportRows(ADM, record, params ? [params] : []), mirror);
  await sim.stop();
  const documents = new DocumentStore(res.clients.documents, res.documentsTable);
  overrides = new SettingsOverrideStore(res.clients.documents, res.documentsTable);
  runs = new RunStore(res.clients.documents, res.documentsTable, ['bank-import']);
  const { archive } = await connectorBuckets(res.clients.s3, 'settings-archive');
  handler = createBankImportHandler({
    observability: observability('settings-override-test'),
    tenant: TENANT,
    s3: res.clients.s3,
    archiveBucket: archive,
    documents,
    importer: new BankStatementImporter({
      tenant: TENANT,
      documents,
      publisher: new EventPublisher(res.clients.sqs, res.queue.queueUrl, documents),
      memory: new DynamoMatchMemory(res.clients.documents, res.mirrorTable, TENANT),
      mirror,
    }),
    administrations: () => [ADM],
    // As functions/bank-import/index.ts reads them: the tenant file with the administration's overrides.
    settings: async (administration) =>
      bankImportSettings.parse(
        (await effectiveSettings('bank-import', administration, { settings: TENANT_FILE }, overrides))
          .settings,
      ),
    runs,
  });
});

async function importUnmatchedLine(): Promise<{ result: BankFileResult; events: JournalEntryBookEvent[] }> {
  uploads++;
  const xml = toCamt053(OWN_IBAN, [
    {
      importId: 'pending',
      bookingDate: '2026-03-10',
      amountCents: -1_000 - uploads,
      currency: 'EUR',
      counterpartyName: 'Onbekend',
      remittance: `iets heel anders ${uploads}`,
    },
  ]);
  const event = await putMailboxObject(res.clients.s3, mailbox, `${ADM}/bank/${uploads}-line.xml`, xml, {
    eventTime: '2026-03-15T10:00:00.000Z',
  });
  const answer = (await handler(event, lambdaContext('bank-import', 60_000))) as { files: BankFileResult[] };
  return { result: answer.files[0] as BankFileResult, events: await drainEvents<JournalEntryBookEvent>(res) };
}

describe('settings overrides read by the bank import at its next run', () => {
  it('books to the suspense account set in Instellingen, over the tenant file', async () => {
    // Prepare: the tenant file has no suspense account, so the line waits for review
    const before = await importUnmatchedLine();
    const routes = settingsRoutes({
      tenantEntries: () => ({ 'bank-import': { settings: TENANT_FILE, mappings: {} } }),
      overrides,
    });
    // Act: an operator sets one through the app's settings route
    const put = await call(routes, 'PUT', '/v1/app/administrations/{administration}/settings', {
      user: users.operator,
      params: { administration: ADM },
      body: { connectors: { 'bank-import': { settings: { suspenseAccount: '1900' } } } },
    });
    const after = await importUnmatchedLine();
    // Assess
    expect(before.result.summary?.counts.suspense).toBe(0);
    expect(put.status).toBe(200);
    expect(after.result.summary?.counts.suspense).toBe(1);
    expect(after.events[0]?.data.lines).toContainEqual(expect.objectContaining({ ledgerAccount: '1900' }));
  });

  it('refuses an override the connector schema refuses, and stores nothing of it', async () => {
    // Prepare
    const routes = settingsRoutes({
      tenantEntries: () => ({ 'bank-import': { settings: TENANT_FILE, mappings: {} } }),
      overrides,
    });
    // Act
    const put = await call(routes, 'PUT', '/v1/app/administrations/{administration}/settings', {
      user: users.operator,
      params: { administration: ADM },
      body: { connectors: { 'bank-import': { settings: { suspenseAccount: 'not a code' } } } },
    });
    // Assess
    expect(put.status).toBe(400);
    expect((put.json.errors as { path: string }[])[0]?.path).toBe(
      'connectors.bank-import.settings.suspenseAccount',
    );
    expect((await overrides.read(ADM))['bank-import']?.settings).toEqual({ suspenseAccount: '1900' });
  });

  it('recorded each import as a run of the administration', async () => {
    // Act
    const latest = await runs.latest('bank-import', ADM);
    const list = await runs.list({ connector: 'bank-import' }, { limit: 10 });
    // Assess
    expect(latest).toMatchObject({ trigger: 'upload', status: 'ok', counts: { files: 1, records: 1 } });
    expect(list.items.length).toBe(2);
  });
});
