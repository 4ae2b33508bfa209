import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntryBookEvent } from '../../../events/index.ts';
import { createBankImportHandler } from '../../../functions/bank-import/bank-import-handler.ts';
import { createPartnerApiHandler } from '../../../functions/partner-api/partner-api-handler.ts';
import type { BankFileResult } from '../../../lib/bank/file-import/index.ts';
import { makeDutchIban } from '../../../lib/bank/matching/index.ts';
import type { BankEntry } from '../../../lib/bank/statement.ts';
import { BankStatementImporter, DynamoMatchMemory } from '../../../lib/bank/stores/index.ts';
import { LocalRateLimiter } from '../../../lib/cash/rate-limit/index.ts';
import { CashRestClient } from '../../../lib/cash/rest/cash-rest-client.ts';
import { CashSimulator } from '../../../lib/cash/simulator/index.ts';
import { DocumentStore } from '../../../lib/documents/index.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { type MirrorOpenItem, MirrorStore, syncMirror } from '../../../lib/mirror/index.ts';
import {
  ApiKeyStore,
  Authenticator,
  BankMatchLearner,
  BankRuleStore,
  CorrectionStore,
  type CreatedApiKey,
  DynamoNonceStore,
  DynamoRateLimiter,
  PartnerApi,
} from '../../../lib/partner-api/index.ts';
import { EventPublisher } from '../../../lib/runtime/event-publisher.ts';
import { observability } from '../../../lib/runtime/powertools.ts';
import { type BankImportSettings, bankImportSettings } from '../../../lib/tenant/index.ts';
import type { CashWriter } from '../../../lib/writer/index.ts';
import { toCamt053 } from '../../support/bank/index.ts';
import {
  apiKeysTable,
  connectorBuckets,
  drainEvents,
  putMailboxObject,
  quietPowertools,
  type TestResources,
  testCashWriter,
  testResources,
} from '../helpers.ts';

quietPowertools();

const TENANT = 'acme';
const ADM = 'DEMO';
const CASH_KEY = 'bank-learning-test-key';
/** Our own ABN AMRO account, booked in the demo administration's ABN journal. */
const OWN_IBAN = makeDutchIban('ABNA', '0123456789');

let res: TestResources;
let sim: CashSimulator;
let writer: CashWriter;
let cash: CashRestClient;
let documents: DocumentStore;
let mirror: MirrorStore;
let mailbox: string;
let settings: BankImportSettings;
let importHandler: ReturnType<typeof createBankImportHandler>;
let apiHandler: ReturnType<typeof createPartnerApiHandler>;
let bookkeeper: CreatedApiKey;
let uploads = 0;

type Answer = APIGatewayProxyStructuredResultV2 & {
  json: Record<string, unknown> & { errors?: Record<string, unknown>[] };
};

/** One request through the partner API's Lambda handler, as API Gateway (HTTP API, payload 2.0) delivers it. */
async function call(method: string, target: string, body?: unknown): Promise<Answer> {
  const [path = target, query = ''] = target.split('?');
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    ...(query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) } : {}),
    headers: { authorization: `Bearer ${bookkeeper.apiKey}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    isBase64Encoded: false,
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: `req-${uploads}-${Math.random().toString(16).slice(2)}`,
    },
  } as unknown as APIGatewayProxyEventV2;
  const answer = (await apiHandler(
    event,
    lambdaContext('partner-api', 29_000),
  )) as APIGatewayProxyStructuredResultV2;
  return { ...answer, json: answer.body ? (JSON.parse(answer.body) as Answer['json']) : {} };
}

/** Uploads a statement to `<ADM>/bank/` and runs the bank import on the S3 event for it. */
async function importStatement(name: string, entries: Partial<BankEntry>[]): Promise<BankFileResult> {
  uploads++;
  const xml = toCamt053(
    OWN_IBAN,
    entries.map((entry) => ({
      importId: 'pending',
      bookingDate: '2026-03-10',
      amountCents: 0,
      currency: 'EUR',
      ...entry,
    })),
  );
  const event = await putMailboxObject(res.clients.s3, mailbox, `${ADM}/bank/${uploads}-${name}`, xml, {
    eventTime: '2026-03-28T10:00:00.000Z',
  });
  const result = (await importHandler(event, lambdaContext('bank-import', 60_000))) as {
    files: BankFileResult[];
  };
  return result.files[0] as BankFileResult;
}

/** The CASH mirror of the demo administration refreshed from the simulator (as cash-sync does every 15 min). */
async function refreshMirror(): Promise<void> {
  const sync = await syncMirror(
    ADM,
    (record, params) => cash.exportRows(ADM, record, params ? [params] : []),
    mirror,
  );
  expect(sync.errors).toEqual([]);
}

/** A person's correction of the bank line a review document holds, through POST /v1/corrections. */
function correctReviewedLine(
  review: { result?: Record<string, unknown> } | undefined,
  correction: Record<string, unknown>,
): Promise<Answer> {
  return call('POST', '/v1/corrections', {
    kind: 'bank-match',
    administration: ADM,
    importId: ((review?.result?.entry ?? {}) as BankEntry).importId,
    decision: 'correct',
    ...correction,
  });
}

/** What the bank connector learned from a correction, by kind. */
const learnedKinds = (result: Record<string, unknown> | undefined): string[] =>
  ((result?.learned ?? []) as { kind: string }[]).map((fact) => fact.kind);

/** Why the matcher decided a line as it did, one reason per line. */
const reasonsOf = (document: { result?: Record<string, unknown> } | undefined): string =>
  ((document?.result?.reasons ?? []) as string[]).join('\n');

const openReceivables = async () =>
  (await mirror.read(ADM, 'openItems')).filter((item) => item.outstandingCents > 0);

beforeAll(async () => {
  res = await testResources();
  const buckets = await connectorBuckets(res.clients.s3, 'learning');
  mailbox = buckets.mailbox;
  sim = new CashSimulator({ apiKeys: { [CASH_KEY]: [ADM] }, rateLimitPerMinute: 0 });
  const baseUrl = await sim.start();
  cash = new CashRestClient({
    baseUrl,
    apiKey: CASH_KEY,
    rateLimiter: new LocalRateLimiter({ limit: 10_000 }),
  });
  mirror = new MirrorStore(res.clients.documents, res.mirrorTable);
  await refreshMirror();
  documents = new DocumentStore(res.clients.documents, res.documentsTable);
  const memory = new DynamoMatchMemory(res.clients.documents, res.mirrorTable, TENANT);
  const publisher = new EventPublisher(res.clients.sqs, res.queue.queueUrl, documents);
  settings = bankImportSettings.parse({ accounts: { [OWN_IBAN]: { journal: 'ABN' } } });
  importHandler = createBankImportHandler({
    observability: observability('bank-import-test'),
    tenant: TENANT,
    s3: res.clients.s3,
    archiveBucket: buckets.archive,
    documents,
    importer: new BankStatementImporter({ tenant: TENANT, documents, publisher, memory, mirror }),
    administrations: () => [ADM],
    settings: () => settings,
  });
  writer = testCashWriter(res, {
    tenant: TENANT,
    connections: { [ADM]: { baseUrl, apiKey: CASH_KEY, timeoutMs: 2_000, pollIntervalMs: 10 } },
    leaseMs: 500,
    minRemainingMs: 0,
  });

  // The partner API on the same tables: corrections teach the memory the import reads; rules are edited in it.
  const keysTable = await apiKeysTable(res);
  const keys = new ApiKeyStore(res.clients.documents, keysTable);
  bookkeeper = await keys.create({
    tenant: TENANT,
    partner: 'Boekhoudkantoor',
    administrations: [ADM],
    eventTypes: ['journal-entry.book'],
    scopes: ['bank-rules:write'],
    rateLimitPerMinute: 1_000,
  });
  const api = new PartnerApi({
    scope: { tenant: TENANT, administrations: [ADM] },
    authenticator: new Authenticator(keys, TENANT, new DynamoNonceStore(res.clients.documents, keysTable)),
    rateLimiter: new DynamoRateLimiter(res.clients.documents, res.documentsTable),
    documents,
    publisher,
    corrections: new CorrectionStore(res.clients.documents, res.documentsTable),
    learners: [new BankMatchLearner({ tenant: TENANT, documents, publisher, memory, mirror, settings })],
    bankRules: new BankRuleStore(memory, mirror),
  });
  apiHandler = createPartnerApiHandler({
    api: async () => api,
    observability: observability('partner-api-test'),
  });
});

afterAll(async () => {
  await sim?.stop();
});

describe('Self-learning bank matching through the partner API', () => {
  it('a correction of a review item through POST /v1/corrections makes the next line from that IBAN book automatically, saying why', async () => {
    // Prepare: an unknown payer pays part of an open invoice without naming it
    const item = (await openReceivables())[0] as MirrorOpenItem;
    const firstPart = Math.floor(item.outstandingCents / 2);
    const payer = makeDutchIban('RABO', '0307654321');
    const fromPayer = (bookingDate: string, amountCents: number) => ({
      bookingDate,
      amountCents,
      counterpartyIban: payer,
      counterpartyName: 'H. de Boer',
      remittance: 'termijnbetaling',
    });
    const first = await importStatement('first.xml', [fromPayer('2026-03-12', firstPart)]);
    expect(first.status).toBe('review');
    const reviewId = first.summary?.reviewIds[0] as string;
    const review = await documents.get(reviewId);
    expect(review?.result?.decision).not.toBe('auto');
    expect(await drainEvents(res)).toEqual([]);

    // Act: a person says it is a payment of that invoice by that relation
    const corrected = await correctReviewedLine(review, {
      relationNumber: item.relationNumber,
      invoiceNumbers: [item.invoiceNumber],
      correctedBy: 'boekhouder@example.nl',
    });
    const booked = await drainEvents<JournalEntryBookEvent>(res);
    // …CASH books it and the mirror shows what is still open
    expect((await writer.write(booked)).map((outcome) => outcome.outcome)).toEqual(['booked']);
    await refreshMirror();
    const rest = (await openReceivables()).find(
      (open) => open.relationNumber === item.relationNumber && open.invoiceNumber === item.invoiceNumber,
    );

    // Assess: learned, and booked under the review item's own id
    expect(corrected.statusCode).toBe(201);
    const [result] = (corrected.json.outcome as { results: Record<string, unknown>[] }).results;
    expect(result).toMatchObject({
      connector: 'bank-import',
      booking: { status: 'queued', eventId: reviewId },
    });
    expect(learnedKinds(result)).toContain('iban');
    expect(booked.map((event) => event.id)).toEqual([reviewId]);
    expect(rest?.outstandingCents).toBe(item.outstandingCents - firstPart);

    // Act: the same payer pays the rest two weeks later
    const next = await importStatement('next.xml', [
      fromPayer('2026-03-26', rest?.outstandingCents as number),
    ]);
    const nextEvents = await drainEvents<JournalEntryBookEvent>(res);

    // Assess: booked automatically to the relation and invoice, because the IBAN was confirmed
    expect(next.summary?.counts.auto).toBe(1);
    expect(nextEvents).toHaveLength(1);
    expect(nextEvents[0]?.data.lines).toContainEqual(
      expect.objectContaining({ relationNumber: item.relationNumber, invoiceNumber: item.invoiceNumber }),
    );
    const line = await documents.get(nextEvents[0]?.id as string);
    expect(line?.result?.decision).toBe('auto');
    expect(reasonsOf(line)).toContain(`IBAN ${payer} confirmed for relation ${item.relationNumber}`);
  });

  it('a rule created through the API (to a ledger account CASH has) books the next matching line there, and the reason names the rule', async () => {
    // Prepare: the bank's monthly costs, from the bank's own account
    const bank = makeDutchIban('ABNA', '0000000150');
    const created = await call('POST', `/v1/administrations/${ADM}/bank-rules`, {
      conditions: { counterpartyIban: bank, textContains: 'kosten', direction: 'out' },
      action: { ledgerAccount: '4900', description: 'bankkosten' },
    });
    const typo = await call('POST', `/v1/administrations/${ADM}/bank-rules`, {
      conditions: { counterpartyIban: bank, textContains: 'kosten', direction: 'out' },
      action: { ledgerAccount: '4990' },
    });
    expect(created.statusCode).toBe(201);
    expect(typo.statusCode).toBe(400);
    expect(typo.json.errors?.[0]).toMatchObject({
      path: 'action.ledgerAccount',
      rule: 'unknown-ledger-account',
      value: '4990',
    });
    const ruleId = created.json.id as string;

    // Act
    const result = await importStatement('costs.xml', [
      {
        bookingDate: '2026-03-31',
        amountCents: -1_895,
        counterpartyIban: bank,
        counterpartyName: 'ABN AMRO Bank N.V.',
        remittance: 'Kosten Zakelijk Pakket maart 2026',
      },
    ]);
    const events = await drainEvents<JournalEntryBookEvent>(res);
    const listed = await call('GET', `/v1/administrations/${ADM}/bank-rules`);

    // Assess: booked at once to 4900 against the ABN bank journal, and why
    expect(result.summary?.counts.auto).toBe(1);
    expect(events).toHaveLength(1);
    expect(events[0]?.data.journal).toBe('ABN');
    expect(events[0]?.data.lines).toContainEqual(
      expect.objectContaining({ ledgerAccount: '4900', amountCents: 1_895 }),
    );
    const line = await documents.get(events[0]?.id as string);
    expect(reasonsOf(line)).toContain(`rule ${ruleId}`);
    expect(reasonsOf(line)).toContain('ledger account 4900');
    expect(listed.json.rules).toContainEqual(expect.objectContaining({ id: ruleId, origin: 'user' }));
    expect(listed.headers?.etag).toBe(`"${listed.json.memoryVersion as number}"`);
  });

  it('a correction to a ledger account drafts a suggested rule; once accepted through the API it books the next such line itself', async () => {
    // Prepare: an insurer's premium nobody made a rule for
    const insurer = makeDutchIban('INGB', '0004455667');
    const premium = (bookingDate: string, remittance: string) => ({
      bookingDate,
      amountCents: -48_250,
      counterpartyIban: insurer,
      counterpartyName: 'Verzekeraar Noord N.V.',
      remittance,
    });
    const first = await importStatement('premium-1.xml', [premium('2026-03-05', 'Premie polis 88-1 maart')]);
    const review = await documents.get(first.summary?.reviewIds[0] as string);
    expect(review?.result?.decision).not.toBe('auto');

    // Act: a person books it to Verzekeringen; the matcher drafts a rule from the line
    const corrected = await correctReviewedLine(review, { ledgerAccount: '4500' });
    await drainEvents(res);
    const suggested = await call('GET', `/v1/administrations/${ADM}/bank-rules?origin=suggested`);
    const suggestion = (suggested.json.rules as Record<string, unknown>[]).find(
      (rule) => (rule.conditions as { counterpartyIban?: string }).counterpartyIban === insurer,
    );
    const accepted = await call(
      'POST',
      String((suggestion?.links as { accept?: string } | undefined)?.accept),
    );
    const second = await importStatement('premium-2.xml', [premium('2026-04-05', 'Premie polis 88-1 april')]);
    const events = await drainEvents<JournalEntryBookEvent>(res);

    // Assess: the suggestion shows where it came from; accepted, it acts as the person's own rule
    expect(corrected.statusCode).toBe(201);
    const [result] = (corrected.json.outcome as { results: Record<string, unknown>[] }).results;
    expect(learnedKinds(result)).toContain('rule-suggested');
    expect((suggested.json.rules as { origin: string }[]).every((rule) => rule.origin === 'suggested')).toBe(
      true,
    );
    expect(suggestion).toMatchObject({
      origin: 'suggested',
      confirmations: 1,
      action: { ledgerAccount: '4500' },
      draftedFrom: expect.stringContaining('Verzekeraar Noord'),
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json).toMatchObject({ id: suggestion?.id, origin: 'user' });
    expect(second.summary?.counts.auto).toBe(1);
    expect(events[0]?.data.lines).toContainEqual(
      expect.objectContaining({ ledgerAccount: '4500', amountCents: 48_250 }),
    );
    const line = await documents.get(events[0]?.id as string);
    expect(reasonsOf(line)).toContain(`rule ${suggestion?.id as string}`);
  });

  it('loses no update when people add rules, deny-list entries and corrections at the same moment', async () => {
    // Prepare
    const before = await call('GET', `/v1/administrations/${ADM}/bank-rules`);
    const texts = ['huur', 'energie', 'telefoon', 'brandstof'];
    const accounts = ['4100', '4110', '4210', '4310'];
    const leasing = makeDutchIban('RABO', '0301112223');
    // Act
    const answers = await Promise.all([
      ...texts.map((text, i) =>
        call('POST', `/v1/administrations/${ADM}/bank-rules`, {
          conditions: { textContains: text, direction: 'out' },
          action: { ledgerAccount: accounts[i] },
        }),
      ),
      call('POST', `/v1/administrations/${ADM}/bank-deny-list`, { namePatterns: ['Betaalhuis'] }),
      call('POST', '/v1/corrections', {
        kind: 'bank-match',
        administration: ADM,
        importId: 'concurrent-1',
        decision: 'correct',
        ledgerAccount: '4300',
        book: false,
        entry: {
          importId: 'concurrent-1',
          bookingDate: '2026-03-29',
          amountCents: -39_900,
          currency: 'EUR',
          counterpartyIban: leasing,
          counterpartyName: 'Lease Noord',
          remittance: 'Leasetermijn maart',
        },
      }),
    ]);
    const after = await call('GET', `/v1/administrations/${ADM}/bank-rules`);
    const denyList = await call('GET', `/v1/administrations/${ADM}/bank-deny-list`);
    // Assess: every change is in the memory, each on top of the one before
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201, 201, 201, 200, 201]);
    const rules = after.json.rules as { origin: string; conditions: Record<string, unknown> }[];
    for (const text of texts) {
      expect(rules).toContainEqual(
        expect.objectContaining({ origin: 'user', conditions: { textContains: text, direction: 'out' } }),
      );
    }
    expect(rules).toContainEqual(
      expect.objectContaining({
        origin: 'suggested',
        conditions: expect.objectContaining({ counterpartyIban: leasing }),
      }),
    );
    expect(denyList.json.namePatterns).toContain('Betaalhuis');
    expect(after.json.memoryVersion).toBe((before.json.memoryVersion as number) + 6);
  });

  it('a shared IBAN put on the deny-list through the API is no longer learned as one relation', async () => {
    // Prepare
    const provider = makeDutchIban('INGB', '0009876543');
    const item = (await openReceivables())[1] as MirrorOpenItem;
    const listed = await call('POST', `/v1/administrations/${ADM}/bank-deny-list`, { ibans: [provider] });
    const first = await importStatement('payout.xml', [
      {
        bookingDate: '2026-03-30',
        amountCents: 3_333,
        counterpartyIban: provider,
        counterpartyName: 'Betaalhuis Uitbetalingen',
        remittance: 'uitbetaling 30-03',
      },
    ]);
    const reviewId = first.summary?.reviewIds[0] as string;
    const review = await documents.get(reviewId);

    // Act
    const corrected = await correctReviewedLine(review, { relationNumber: item.relationNumber, book: false });

    // Assess
    expect(listed.statusCode).toBe(200);
    expect(listed.json.ibans).toEqual([provider]);
    expect(corrected.statusCode).toBe(201);
    const [result] = (corrected.json.outcome as { results: Record<string, unknown>[] }).results;
    expect(learnedKinds(result)).toContain('iban-refused');
    expect(learnedKinds(result)).not.toContain('iban');
  });
});
