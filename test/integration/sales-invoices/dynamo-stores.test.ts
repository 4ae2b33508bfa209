import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoReceiptRecords } from '../../../lib/app-api/receipts/index.ts';
import { DocumentStore } from '../../../lib/documents/index.ts';
import {
  DynamoHoursStore,
  DynamoSalesInvoiceStore,
  type HourEntry,
  HoursNotBillableError,
  type SalesInvoiceRecord,
} from '../../../lib/sales-invoices/index.ts';
import { invoice } from '../../unit/sales-invoices/fixtures.ts';
import { type TestResources, testResources } from '../helpers.ts';

let res: TestResources;
beforeAll(async () => {
  res = await testResources();
});

const hour = (id: string): HourEntry => ({
  id,
  administration: 'DEMO',
  date: id.slice(0, 10),
  relationNumber: '10001',
  description: 'Advies',
  minutes: 60,
  hourlyRateCents: 9000,
  createdAt: '2026-10-31T10:00:00Z',
  createdBy: 'boekhouder@demo.cashlink.local',
});

describe('Class: DynamoHoursStore', () => {
  it('lists per administration, claims all or none, and keeps billed hours', async () => {
    // Prepare
    const store = new DynamoHoursStore(res.clients.documents, res.documentsTable);
    const [a, b, c] = ['2026-10-01-aaaaaaaaaaaa', '2026-10-02-bbbbbbbbbbbb', '2026-10-03-cccccccccccc'];
    for (const id of [a, b, c]) await store.add(hour(id));
    await store.add({ ...hour('2026-10-04-dddddddddddd'), administration: 'OTHER' });

    // Act
    await store.claim('DEMO', [a], 'si_0000000000000001');
    const refused = await store.claim('DEMO', [b, a], 'si_0000000000000002').catch((e: unknown) => e);
    const listed = await store.list('DEMO');

    // Assess
    expect(refused).toBeInstanceOf(HoursNotBillableError);
    expect((refused as HoursNotBillableError).hourIds).toEqual([a]);
    expect(listed.map((h) => [h.id, h.invoiceId])).toEqual([
      [a, 'si_0000000000000001'],
      [b, undefined],
      [c, undefined],
    ]);
    expect(await store.remove('DEMO', a)).toBe('billed');
    expect(await store.remove('DEMO', c)).toBe('removed');
    expect(await store.remove('DEMO', c)).toBe('not-found');
  });
});

describe('Class: DynamoHoursStore, releaseCredited', () => {
  it('clears invoiceId and remembers the credit note, only for hours still on that invoice', async () => {
    // Prepare
    const store = new DynamoHoursStore(res.clients.documents, res.documentsTable);
    const [a, b, c] = ['2026-11-01-aaaaaaaaaaaa', '2026-11-02-bbbbbbbbbbbb', '2026-11-03-cccccccccccc'];
    for (const id of [a, b, c]) await store.add({ ...hour(id), administration: 'CRED' });
    await store.claim('CRED', [a, b], 'si_00000000000000a1');
    await store.claim('CRED', [c], 'si_00000000000000a2');

    // Act
    await store.releaseCredited('CRED', [a, c], 'si_00000000000000a1', 'si_00000000000000c1');
    const listed = await store.list('CRED');

    // Assess
    expect(listed.map((h) => [h.id, h.invoiceId, h.creditedBy])).toEqual([
      [a, undefined, [{ invoiceId: 'si_00000000000000a1', creditNoteId: 'si_00000000000000c1' }]],
      [b, 'si_00000000000000a1', undefined],
      [c, 'si_00000000000000a2', undefined],
    ]);
    expect(await store.remove('CRED', a)).toBe('removed');
  });
});

describe('Class: DocumentStore, addNote', () => {
  it('appends a note under the current status without changing the document', async () => {
    // Prepare
    const documents = new DocumentStore(res.clients.documents, res.documentsTable);
    const id = 'evt_notes0000000000000000000000001';
    await documents.transition(
      id,
      'booked',
      { tenant: 'acme', administration: 'DEMO', type: 'journal-entry.book' },
      'booked',
    );
    const before = await documents.get(id);

    // Act
    const noted = await documents.addNote(
      id,
      'invoice 2026-0001 e-mailed to a@b.nl',
      new Date('2026-11-01T09:00:00Z'),
    );
    const missing = await documents.addNote('evt_notes0000000000000000000000404', 'x');
    const after = await documents.get(id);

    // Assess
    expect(noted).toBe(true);
    expect(missing).toBe(false);
    expect(after?.status).toBe('booked');
    expect(after?.updatedAt).toBe(before?.updatedAt);
    expect(after?.history.at(-1)).toEqual({
      status: 'booked',
      at: '2026-11-01T09:00:00.000Z',
      note: 'invoice 2026-0001 e-mailed to a@b.nl',
    });
    expect(await documents.get('evt_notes0000000000000000000000404')).toBeUndefined();
  });
});

describe('Class: DynamoSalesInvoiceStore', () => {
  it('numbers invoices per administration and year without gaps, also when issued at the same time', async () => {
    // Prepare
    const store = new DynamoSalesInvoiceStore(res.clients.documents, res.documentsTable);
    const draft = (n: number) => ({
      id: `si_${String(n).padStart(16, '0')}`,
      administration: 'DEMO',
      invoice: invoice(),
      hourIds: [],
      createdAt: '2026-10-31T10:00:00Z',
      createdBy: 'boekhouder@demo.cashlink.local',
    });
    const issue = (n: number) =>
      store.issue(
        draft(n),
        2026,
        (number): SalesInvoiceRecord => ({ ...draft(n), number, invoice: invoice({ number }) }),
      );

    // Act
    const records = await Promise.all([1, 2, 3, 4, 5].map(issue));
    const again = await issue(3);
    await store.setEvent('DEMO', draft(1).id, { eventId: 'evt_1', eventType: 'journal-entry.book' });

    // Assess
    expect(records.map((r) => r.number).sort()).toEqual([
      '2026-0001',
      '2026-0002',
      '2026-0003',
      '2026-0004',
      '2026-0005',
    ]);
    expect(again.number).toBe(records[2]?.number);
    expect(await store.get('DEMO', draft(1).id)).toMatchObject({
      eventId: 'evt_1',
      invoice: { number: records[0]?.number },
    });
    expect(await store.get('OTHER', draft(1).id)).toBeUndefined();
  });
});

describe('Class: DynamoReceiptRecords', () => {
  it('keeps the OCR proposal beside the document without touching its status record', async () => {
    // Prepare
    const records = new DynamoReceiptRecords(res.clients.documents, res.documentsTable);
    const record = {
      documentId: 'doc_abc',
      administration: 'DEMO',
      proposal: { totalCents: 1150, vatLines: [], confidence: 0.4 },
      uploadedBy: 'u',
      uploadedAt: '2026-10-31T10:00:00Z',
      mailboxKey: 'DEMO/purchase/bonnetje.png',
    };

    // Act
    await records.put(record);

    // Assess
    expect(await records.get('doc_abc')).toEqual(record);
    expect(await records.get('doc_other')).toBeUndefined();
  });
});
