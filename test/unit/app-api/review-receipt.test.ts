import { describe, expect, it } from 'vitest';
import type { ReceiptRecord } from '../../../lib/app-api/receipts/index.ts';
import { reviewRoutes } from '../../../lib/app-api/review/index.ts';
import type { ReceiptProposal } from '../../../lib/receipts/index.ts';
import { hex, parse, request, router } from './fixtures.ts';
import { BANK_LINE_ID, invoiceFile, reviewApi } from './review-fixtures.ts';

const PHOTO_ID = `doc_${hex(5, 64)}`;
const PROPOSAL: ReceiptProposal = {
  date: '2026-03-28',
  totalCents: 2_420,
  vatCents: 420,
  vatLines: [{ rateHundredths: 2100, vatCents: 420, baseCents: 2_000 }],
  supplier: 'Bouwmarkt Gamma',
  confidence: 0.9,
};

function receipt(overrides: Partial<ReceiptRecord> = {}): ReceiptRecord {
  return {
    documentId: PHOTO_ID,
    administration: 'DEMO',
    proposal: PROPOSAL,
    text: 'GAMMA … TOTAAL 24,20',
    uploadedBy: 'boekhouder@acme.nl',
    uploadedAt: '2026-03-28T12:00:00.000Z',
    mailboxKey: 'DEMO/purchase/bonnetje-20260328-0505050505050505.jpg',
    ...overrides,
  };
}

function setup(records: ReceiptRecord[], withStore = true) {
  const photo = invoiceFile({
    id: PHOTO_ID,
    source: {
      connector: 'invoice-mailbox',
      externalId: 'DEMO/purchase/bonnetje-20260328-0505050505050505.jpg',
      document: { bucket: 'mailbox-bucket', key: 'DEMO/purchase/bonnetje-20260328-0505050505050505.jpg' },
    },
    result: { direction: 'purchase', reviewReasons: ['a photo of a receipt or invoice'] },
    proposal: undefined,
  });
  const { services } = reviewApi({ records: [photo, { ...photo, id: BANK_LINE_ID, kind: 'event' }] });
  const asked: string[] = [];
  const receiptRecords = {
    async get(documentId: string) {
      asked.push(documentId);
      return records.find((r) => r.documentId === documentId);
    },
  };
  const api = router(reviewRoutes({ ...services, ...(withStore ? { receiptRecords } : {}) }));
  const detail = async (id = PHOTO_ID) =>
    api.handle(request('GET', `/v1/app/review/${id}`, { user: 'reader' }));
  return { detail, asked };
}

describe('GET /v1/app/review/{id} of a Bonnetje photo', () => {
  it('includes the OCR proposal kept beside the document', async () => {
    // Prepare
    const { detail } = setup([receipt()]);
    // Act
    const response = await detail();
    // Assess
    expect(response.statusCode).toBe(200);
    const body = parse(response);
    expect(body.item.kind).toBe('invoice');
    expect(body.receiptProposal).toEqual(PROPOSAL);
    expect(body.proposal).toBeUndefined();
  });

  it.each([
    ['no receipt record', [], true],
    ['OCR failed (no proposal)', [receipt({ proposal: undefined, ocrError: 'OCR took too long' })], true],
    ['a record of another administration', [receipt({ administration: 'TWEE' })], true],
    ['no receipt store wired', [receipt()], false],
  ] as const)('leaves receiptProposal out with %s', async (_what, records, withStore) => {
    // Prepare
    const { detail } = setup([...records], withStore);
    // Act
    const response = await detail();
    // Assess
    expect(response.statusCode).toBe(200);
    expect(parse(response).receiptProposal).toBeUndefined();
  });

  it('does not look for a receipt behind a document that is not an invoice', async () => {
    // Prepare
    const { detail, asked } = setup([receipt({ documentId: BANK_LINE_ID })]);
    // Act
    const response = await detail(BANK_LINE_ID);
    // Assess
    expect(response.statusCode).toBe(200);
    expect(parse(response).receiptProposal).toBeUndefined();
    expect(asked).toEqual([]);
  });
});
