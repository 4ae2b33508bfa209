import { describe, expect, it } from 'vitest';
import { eventId } from '../../../events/index.ts';
import {
  type CorrectionLearner,
  type CorrectionRecord,
  CorrectionRefusedError,
} from '../../../lib/partner-api/index.ts';
import { parse, request, TENANT } from './fixtures.ts';
import {
  BANK_LINE_ID,
  IMPORT_ID,
  INVOICE_ID,
  invoiceEventId,
  invoiceFile,
  OTHER_ADM_INVOICE_ID,
  PROPOSAL,
  REJECTED_DATA,
  REJECTED_ID,
  rejectedEvent,
  reviewApi,
} from './review-fixtures.ts';

class RecordingLearner implements CorrectionLearner {
  readonly taught: CorrectionRecord[] = [];
  constructor(private readonly refuse?: string) {}
  async learn(record: CorrectionRecord) {
    if (this.refuse) throw new CorrectionRefusedError('invoiceNumbers', this.refuse);
    this.taught.push(record);
    return { connector: 'test', kind: record.correction.kind };
  }
}

describe('GET /v1/app/review', () => {
  it('lists the waiting documents of the granted administrations, oldest first, with kind and reasons', async () => {
    // Prepare
    const { api } = reviewApi();
    // Act
    const response = await api.handle(request('GET', '/v1/app/review', { user: 'bookkeeper' }));
    // Assess
    expect(response.statusCode).toBe(200);
    const items = parse(response).items;
    expect(items.map((i: { id: string }) => i.id)).toEqual([INVOICE_ID, BANK_LINE_ID, REJECTED_ID]);
    expect(items[0]).toMatchObject({
      kind: 'invoice',
      administration: 'DEMO',
      connector: 'invoice-mailbox',
      status: 'review',
      reasons: ['the ledger account is a guess'],
      title: 'Factuur F-2026-014',
      amountCents: 12_100,
      currency: 'EUR',
      date: '2026-03-14',
      relationName: 'Kantoorhandel Jansen B.V.',
    });
    expect(items[1]).toMatchObject({
      kind: 'bank-line',
      amountCents: 12_100,
      relationName: 'Bakkerij De Korenaar',
    });
    expect(items[2]).toMatchObject({
      kind: 'event',
      status: 'rejected',
      reasons: ['ledger account 4800 is blocked'],
    });
  });

  it('shows an operator every administration, filters by kind and pages with an opaque cursor', async () => {
    // Prepare
    const { api } = reviewApi();
    // Act
    const first = await api.handle(
      request('GET', '/v1/app/review', { query: { kind: 'invoice', limit: '1' } }),
    );
    const cursor = parse(first).nextCursor as string;
    const second = await api.handle(
      request('GET', '/v1/app/review', { query: { kind: 'invoice', limit: '1', cursor } }),
    );
    // Assess
    expect(parse(first).items.map((i: { id: string }) => i.id)).toEqual([INVOICE_ID]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(parse(second).items.map((i: { id: string }) => i.id)).toEqual([OTHER_ADM_INVOICE_ID]);
    expect(parse(second).nextCursor).toBeUndefined();
  });

  it('answers 403 for an administration not granted and 400 for a wrong kind', async () => {
    // Prepare
    const { api } = reviewApi();
    // Act
    const denied = await api.handle(
      request('GET', '/v1/app/review', { user: 'bookkeeper', query: { administration: 'TWEE' } }),
    );
    const wrong = await api.handle(request('GET', '/v1/app/review', { query: { kind: 'receipt' } }));
    // Assess
    expect(denied.statusCode).toBe(403);
    expect(parse(denied).errors[0].rule).toBe('administration-not-granted');
    expect(wrong.statusCode).toBe(400);
    expect(parse(wrong).errors[0]).toMatchObject({ path: 'kind', rule: 'enum', value: 'receipt' });
  });

  it('gives a user without administrations of this tenant an empty queue', async () => {
    // Prepare
    const { api } = reviewApi();
    // Act
    const response = await api.handle(request('GET', '/v1/app/review', { user: 'outsider' }));
    // Assess
    expect(parse(response)).toEqual({ items: [] });
  });
});

describe('GET /v1/app/review/{id}', () => {
  it('shows an invoice with its proposal, errors and the link to its original', async () => {
    // Prepare
    const { api } = reviewApi();
    // Act
    const response = await api.handle(request('GET', `/v1/app/review/${INVOICE_ID}`, { user: 'reader' }));
    // Assess
    expect(response.statusCode).toBe(200);
    const detail = parse(response);
    expect(detail.item.kind).toBe('invoice');
    expect(detail.proposal).toEqual(PROPOSAL);
    expect(detail.errors).toEqual([]);
    expect(detail.original).toEqual({
      href: `/v1/app/documents/${INVOICE_ID}/original`,
      contentType: 'application/xml',
      name: 'f-2026-014.xml',
    });
    expect(detail.document.summary.title).toBe('Factuur F-2026-014');
    expect(detail.document).not.toHaveProperty('plan');
  });

  it('gives an invoice without a proposal its starting point, drafted on the server from what was read', async () => {
    // Prepare: the invoice flow could not convert the kronor, so it proposed nothing
    const foreign = invoiceFile({ proposal: undefined });
    foreign.result = { ...foreign.result, currency: 'SEK' };
    const { api } = reviewApi({ records: [foreign] });
    // Act
    const detail = parse(
      await api.handle(request('GET', `/v1/app/review/${INVOICE_ID}`, { user: 'reader' })),
    );
    // Assess
    expect(detail).not.toHaveProperty('proposal');
    expect(detail.startingPoint).toEqual({
      proposal: {
        date: '2026-03-14',
        description: 'Factuur F-2026-014 Kantoorhandel Jansen B.V.',
        reference: 'F-2026-014',
        lines: [
          { invoiceNumber: 'F-2026-014', text: 'Fact F-2026-014 Kantoorha' },
          { invoiceNumber: 'F-2026-014', text: 'Fact F-2026-014 Kantoorha' },
        ],
      },
      foreignCurrency: 'SEK',
    });
  });

  it('gives no starting point where there is a proposal, nor to a bank line', async () => {
    // Prepare
    const { api } = reviewApi();
    // Act
    const invoice = parse(await api.handle(request('GET', `/v1/app/review/${INVOICE_ID}`)));
    const bank = parse(await api.handle(request('GET', `/v1/app/review/${BANK_LINE_ID}`)));
    // Assess
    expect(invoice).not.toHaveProperty('startingPoint');
    expect(bank).not.toHaveProperty('startingPoint');
  });

  it('shows a bank line with its candidates and a rejected event with the JSON Schema of its data', async () => {
    // Prepare
    const { api } = reviewApi();
    // Act
    const bank = parse(await api.handle(request('GET', `/v1/app/review/${BANK_LINE_ID}`)));
    const event = parse(await api.handle(request('GET', `/v1/app/review/${REJECTED_ID}`)));
    // Assess
    expect(bank.candidates).toEqual([{ relationNumber: '1077', invoiceNumber: '20261077', score: 0.8 }]);
    expect(event.eventSchema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['journal', 'lines']),
    });
    expect(event.errors[0]).toMatchObject({ rule: 'F0201' });
  });

  it('answers 404 alike for an unknown id, a malformed one and one of an administration not granted', async () => {
    // Prepare
    const { api } = reviewApi();
    // Act
    const answers = await Promise.all(
      [`doc_${'f'.repeat(64)}`, 'not-an-id', OTHER_ADM_INVOICE_ID].map((id) =>
        api.handle(request('GET', `/v1/app/review/${id}`, { user: 'bookkeeper' })),
      ),
    );
    // Assess
    expect(answers.map((a) => a.statusCode)).toEqual([404, 404, 404]);
    expect(answers.map((a) => parse(a).errors[0].rule)).toEqual([
      'unknown-document',
      'unknown-document',
      'unknown-document',
    ]);
  });
});

describe('POST /v1/app/review/{id}/book', () => {
  it('publishes a journal-entry.book of the invoice connector whose id derives from the file, and the file moves on', async () => {
    // Prepare
    const { api, documents } = reviewApi();
    // Act
    const response = await api.handle(
      request('POST', `/v1/app/review/${INVOICE_ID}/book`, {
        user: 'bookkeeper',
        body: { booking: PROPOSAL },
      }),
    );
    // Assess
    expect(response.statusCode).toBe(202);
    const expectedId = eventId(
      TENANT,
      'invoice-mailbox',
      'purchase:purchase|380|rel:2001|F2026014',
      'journal-entry.book',
    );
    expect(parse(response)).toEqual({ documentId: INVOICE_ID, eventId: expectedId, status: 'queued' });
    expect(documents.published).toHaveLength(1);
    expect(documents.published[0]).toMatchObject({
      id: expectedId,
      type: 'journal-entry.book',
      administration: 'DEMO',
      source: { connector: 'invoice-mailbox', document: { key: 'originals/DEMO/2026-03/f-2026-014.xml' } },
      data: PROPOSAL,
    });
    expect(documents.records.get(INVOICE_ID)).toMatchObject({ status: 'queued', eventIds: [expectedId] });
    expect(documents.links).toEqual([
      { eventId: expectedId, documentId: INVOICE_ID, relationKey: 'rel:2001' },
    ]);
    // The proposal was taken as it was: nothing to learn.
    expect(documents.corrections).toEqual([]);
  });

  it('records a changed ledger account as an invoice-ledger correction the connector learns', async () => {
    // Prepare
    const learner = new RecordingLearner();
    const { api, documents } = reviewApi({ learners: [learner] });
    const booking = {
      ...PROPOSAL,
      lines: PROPOSAL.lines.map((l) =>
        l.ledgerAccount === '4000' ? { ...l, ledgerAccount: '4310', costCentre: 'K1' } : l,
      ),
    };
    // Act
    const response = await api.handle(
      request('POST', `/v1/app/review/${INVOICE_ID}/book`, { user: 'bookkeeper', body: { booking } }),
    );
    // Assess
    expect(response.statusCode).toBe(202);
    expect(parse(response).correction).toEqual({ status: 'applied' });
    expect(documents.corrections).toHaveLength(1);
    expect(documents.corrections[0]).toMatchObject({
      tenant: TENANT,
      administration: 'DEMO',
      documentId: INVOICE_ID,
      relationKey: 'rel:2001',
      recordedBy: { apiKeyId: 'user:u-bk', partner: 'web-app:boekhouder@acme.nl' },
      correction: {
        kind: 'invoice-ledger',
        ledgerAccount: '4310',
        costCentre: 'K1',
        correctedBy: 'boekhouder@acme.nl',
      },
      outcome: { status: 'applied' },
    });
    expect(learner.taught).toHaveLength(1);
  });

  it('learns nothing when learn is false', async () => {
    // Prepare
    const learner = new RecordingLearner();
    const { api, documents } = reviewApi({ learners: [learner] });
    const booking = {
      ...PROPOSAL,
      lines: PROPOSAL.lines.map((l) => (l.ledgerAccount === '4000' ? { ...l, ledgerAccount: '4310' } : l)),
    };
    // Act
    const response = await api.handle(
      request('POST', `/v1/app/review/${INVOICE_ID}/book`, { body: { booking, learn: false } }),
    );
    // Assess
    expect(response.statusCode).toBe(202);
    expect(documents.corrections).toEqual([]);
    expect(learner.taught).toEqual([]);
  });

  it('answers a second click from the record and sends nothing twice', async () => {
    // Prepare
    const { api, documents } = reviewApi();
    const book = () =>
      api.handle(request('POST', `/v1/app/review/${INVOICE_ID}/book`, { body: { booking: PROPOSAL } }));
    // Act
    await book();
    const again = await book();
    // Assess
    expect(again.statusCode).toBe(200);
    expect(parse(again)).toEqual({ documentId: INVOICE_ID, eventId: invoiceEventId(), status: 'queued' });
    expect(documents.published).toHaveLength(1);
  });

  it('answers 400 naming the field for an unbalanced booking, and sends nothing', async () => {
    // Prepare
    const { api, documents } = reviewApi();
    const booking = { ...PROPOSAL, lines: [PROPOSAL.lines[0], { ledgerAccount: '4000', amountCents: 1 }] };
    // Act
    const response = await api.handle(
      request('POST', `/v1/app/review/${INVOICE_ID}/book`, { body: { booking } }),
    );
    // Assess
    expect(response.statusCode).toBe(400);
    expect(parse(response).errors).toEqual([
      expect.objectContaining({ path: 'booking.lines', rule: 'balanced' }),
    ]);
    expect(documents.published).toEqual([]);
    expect(documents.records.get(INVOICE_ID)?.status).toBe('review');
  });

  it.each([
    ['a bank line', BANK_LINE_ID, 'review-kind'],
    ['a rejected event', REJECTED_ID, 'review-kind'],
  ])('answers 409 for %s', async (_what, id, rule) => {
    // Prepare
    const { api } = reviewApi();
    // Act
    const response = await api.handle(
      request('POST', `/v1/app/review/${id}/book`, { body: { booking: PROPOSAL } }),
    );
    // Assess
    expect(response.statusCode).toBe(409);
    expect(parse(response).errors[0].rule).toBe(rule);
  });

  it('answers 409 document-status for an invoice no longer waiting', async () => {
    // Prepare
    const { api } = reviewApi({ records: [invoiceFile({ status: 'booked', eventIds: [] })] });
    // Act
    const response = await api.handle(
      request('POST', `/v1/app/review/${INVOICE_ID}/book`, { body: { booking: PROPOSAL } }),
    );
    // Assess
    expect(response.statusCode).toBe(409);
    expect(parse(response).errors[0]).toMatchObject({ rule: 'document-status', value: 'booked' });
  });

  it('is refused to a read-only user (403 role) and 404 for an administration not granted', async () => {
    // Prepare
    const { api } = reviewApi();
    // Act
    const reader = await api.handle(
      request('POST', `/v1/app/review/${INVOICE_ID}/book`, { user: 'reader', body: { booking: PROPOSAL } }),
    );
    const other = await api.handle(
      request('POST', `/v1/app/review/${OTHER_ADM_INVOICE_ID}/book`, {
        user: 'bookkeeper',
        body: { booking: PROPOSAL },
      }),
    );
    // Assess
    expect(reader.statusCode).toBe(403);
    expect(parse(reader).errors[0].rule).toBe('role');
    expect(other.statusCode).toBe(404);
  });
});

describe('POST /v1/app/review/{id}/match', () => {
  it('confirms the proposed open item as the bank-match correction of POST /v1/corrections', async () => {
    // Prepare
    const learner = new RecordingLearner();
    const { api, documents } = reviewApi({ learners: [learner] });
    // Act
    const response = await api.handle(
      request('POST', `/v1/app/review/${BANK_LINE_ID}/match`, {
        user: 'bookkeeper',
        body: { decision: { openItem: { relationNumber: '1077', invoiceNumber: '20261077' } } },
      }),
    );
    // Assess
    expect(response.statusCode).toBe(202);
    expect(parse(response)).toMatchObject({ documentId: BANK_LINE_ID, correction: { status: 'applied' } });
    expect(learner.taught[0]?.correction).toEqual({
      kind: 'bank-match',
      administration: 'DEMO',
      importId: IMPORT_ID,
      decision: 'confirm',
      relationNumber: '1077',
      invoiceNumbers: ['20261077'],
      correctedBy: 'boekhouder@acme.nl',
    });
    expect(documents.corrections[0]).toMatchObject({
      documentId: BANK_LINE_ID,
      outcome: { status: 'applied' },
    });
  });

  it('books on a ledger account as a correction', async () => {
    // Prepare
    const learner = new RecordingLearner();
    const { api } = reviewApi({ learners: [learner] });
    // Act
    const response = await api.handle(
      request('POST', `/v1/app/review/${BANK_LINE_ID}/match`, {
        body: { decision: { ledgerAccount: '4500', vatCode: '2' } },
      }),
    );
    // Assess
    expect(response.statusCode).toBe(202);
    expect(learner.taught[0]?.correction).toMatchObject({
      decision: 'correct',
      ledgerAccount: '4500',
      vatCode: '2',
    });
  });

  it('answers 400 correction-refused when the connector refuses, and still keeps the decision', async () => {
    // Prepare
    const { api, documents } = reviewApi({
      learners: [new RecordingLearner('invoice 20261077 is not open')],
    });
    // Act
    const response = await api.handle(
      request('POST', `/v1/app/review/${BANK_LINE_ID}/match`, {
        body: { decision: { openItem: { relationNumber: '1077', invoiceNumber: '20261077' } } },
      }),
    );
    // Assess
    expect(response.statusCode).toBe(400);
    expect(parse(response).errors[0]).toMatchObject({
      path: 'decision.invoiceNumbers',
      rule: 'correction-refused',
    });
    expect(documents.corrections[0]?.outcome).toMatchObject({ status: 'refused' });
  });

  it('answers 400 for a decision that is neither an open item nor a ledger account', async () => {
    // Prepare
    const { api } = reviewApi();
    // Act
    const response = await api.handle(
      request('POST', `/v1/app/review/${BANK_LINE_ID}/match`, {
        body: { decision: { relationNumber: 'abc' } },
      }),
    );
    // Assess
    expect(response.statusCode).toBe(400);
    expect(parse(response).errors[0].path).toMatch(/^decision/);
  });

  it('answers 409 for an invoice', async () => {
    // Prepare
    const { api } = reviewApi();
    // Act
    const response = await api.handle(
      request('POST', `/v1/app/review/${INVOICE_ID}/match`, {
        body: { decision: { ledgerAccount: '4500' } },
      }),
    );
    // Assess
    expect(response.statusCode).toBe(409);
  });
});

describe('POST /v1/app/review/{id}/resend', () => {
  it('sends the same data again under the same id', async () => {
    // Prepare
    const { api, documents } = reviewApi();
    // Act
    const response = await api.handle(
      request('POST', `/v1/app/review/${REJECTED_ID}/resend`, { body: { data: REJECTED_DATA } }),
    );
    // Assess
    expect(response.statusCode).toBe(202);
    expect(parse(response)).toEqual({ documentId: REJECTED_ID, status: 'queued' });
    expect(documents.published.map((e) => e.id)).toEqual([REJECTED_ID]);
    expect(documents.published[0]?.source).toEqual({ connector: 'partner-api', externalId: 'memo-42' });
  });

  it('answers 409 changed-needs-version for changed data without newVersion, and sends nothing', async () => {
    // Prepare
    const { api, documents } = reviewApi();
    const data = {
      ...REJECTED_DATA,
      lines: REJECTED_DATA.lines.map((l) =>
        l.ledgerAccount === '4800' ? { ...l, ledgerAccount: '4810' } : l,
      ),
    };
    // Act
    const response = await api.handle(
      request('POST', `/v1/app/review/${REJECTED_ID}/resend`, { body: { data } }),
    );
    // Assess
    expect(response.statusCode).toBe(409);
    expect(parse(response).errors[0]).toMatchObject({ path: 'newVersion', rule: 'changed-needs-version' });
    expect(documents.published).toEqual([]);
  });

  it('sends changed data with newVersion as a new event under <old>#v<newVersion>', async () => {
    // Prepare
    const { api, documents } = reviewApi();
    const data = {
      ...REJECTED_DATA,
      lines: REJECTED_DATA.lines.map((l) =>
        l.ledgerAccount === '4800' ? { ...l, ledgerAccount: '4810' } : l,
      ),
    };
    // Act
    const response = await api.handle(
      request('POST', `/v1/app/review/${REJECTED_ID}/resend`, { body: { data, newVersion: '2' } }),
    );
    // Assess
    const newId = eventId(TENANT, 'partner-api', 'memo-42#v2', 'journal-entry.book');
    expect(response.statusCode).toBe(202);
    expect(parse(response)).toEqual({
      documentId: newId,
      status: 'queued',
      previousId: REJECTED_ID,
      externalId: 'memo-42#v2',
    });
    expect(documents.published[0]).toMatchObject({ id: newId, source: { externalId: 'memo-42#v2' }, data });
    expect(documents.records.get(REJECTED_ID)?.status).toBe('rejected');
  });

  it('answers 400 naming data.* for invalid data', async () => {
    // Prepare
    const { api } = reviewApi();
    const data = { ...REJECTED_DATA, date: '2026-02-30' };
    // Act
    const response = await api.handle(
      request('POST', `/v1/app/review/${REJECTED_ID}/resend`, { body: { data, newVersion: '3' } }),
    );
    // Assess
    expect(response.statusCode).toBe(400);
    expect(parse(response).errors[0].path).toBe('data.date');
  });

  it('answers 409 for an event that is not rejected or failed', async () => {
    // Prepare
    const { api } = reviewApi({ records: [rejectedEvent({ status: 'booked' })] });
    // Act
    const response = await api.handle(
      request('POST', `/v1/app/review/${REJECTED_ID}/resend`, { body: { data: REJECTED_DATA } }),
    );
    // Assess
    expect(response.statusCode).toBe(409);
    expect(parse(response).errors[0].rule).toBe('document-status');
  });
});
