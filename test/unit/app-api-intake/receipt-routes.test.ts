import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ReceiptRecord, receiptsRoutes } from '../../../lib/app-api/receipts/index.ts';
import { ReceiptOcrError } from '../../../lib/receipts/index.ts';
import { call, USERS } from './harness.ts';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]);
const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');
const URL = '/v1/app/administrations/DEMO/receipts';

function setup(recognise: (image: Uint8Array) => Promise<{ text: string; confidence: number }>) {
  const stored: Array<{ key: string; bytes: Uint8Array; contentType: string }> = [];
  const records = new Map<string, ReceiptRecord>();
  const routes = receiptsRoutes({
    mailbox: { put: async (key, bytes, contentType) => void stored.push({ key, bytes, contentType }) },
    records: { put: async (r) => void records.set(r.documentId, r), get: async (id) => records.get(id) },
    ocr: { recognise },
  });
  return { routes, stored, records };
}

const upload = (bytes: Buffer, contentType: string) => ({
  fileName: 'bon.png',
  contentType,
  contentBase64: bytes.toString('base64'),
});

describe('Function: receiptsRoutes', () => {
  it('stores a photo in the purchase mailbox and answers the OCR proposal under the mailbox document id', async () => {
    // Prepare
    const { routes, stored, records } = setup(async () => ({
      text: 'Bakkerij Jansen\n31-10-2026\nTOTAAL 11,50\nBTW 9% 0,95',
      confidence: 0.8,
    }));

    // Act
    const answer = await call(routes, USERS.bookkeeper, 'POST', URL, upload(PNG, 'image/png'));

    // Assess
    const documentId = `doc_${createHash('sha256').update(PNG).digest('hex')}`;
    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({
      documentId,
      proposal: {
        date: '2026-10-31',
        totalCents: 1150,
        vatCents: 95,
        supplier: 'Bakkerij Jansen',
        confidence: 0.9,
      },
    });
    expect(stored[0]?.key).toMatch(/^DEMO\/purchase\/bonnetje-20261031-[0-9a-f]{16}\.png$/);
    expect(records.get(documentId)).toMatchObject({
      administration: 'DEMO',
      uploadedBy: USERS.bookkeeper.username,
    });
  });

  it('keeps the file when OCR fails, and says why there is no proposal', async () => {
    // Prepare
    const { routes, stored } = setup(async () => {
      throw new ReceiptOcrError('OCR took longer than 20000 ms');
    });

    // Act
    const answer = await call(routes, USERS.bookkeeper, 'POST', URL, upload(PNG, 'image/png'));

    // Assess
    expect(answer.status).toBe(202);
    expect(answer.json.ocrError).toMatch(/longer/);
    expect(stored).toHaveLength(1);
  });

  it('sends a PDF to the invoice flow without OCR', async () => {
    // Prepare
    const { routes, stored } = setup(async () => {
      throw new Error('OCR must not run on a PDF');
    });

    // Act
    const answer = await call(routes, USERS.bookkeeper, 'POST', URL, upload(PDF, 'application/pdf'));

    // Assess
    expect(answer.status).toBe(202);
    expect(answer.json.proposal).toBeUndefined();
    expect(stored[0]?.key).toMatch(/\.pdf$/);
  });

  it.each([
    ['a file that is no image or PDF', upload(Buffer.from('GIF89a....'), 'image/gif'), 415, 'file-kind'],
    ['a PNG declared as JPEG', upload(PNG, 'image/jpeg'), 415, 'content-type-mismatch'],
    ['broken base64', { fileName: 'a.png', contentType: 'image/png', contentBase64: 'abc$' }, 400, 'base64'],
    ['no file name', { contentType: 'image/png', contentBase64: PNG.toString('base64') }, 400, 'file-name'],
  ])('refuses %s, storing nothing', async (_name, body, status, rule) => {
    // Prepare
    const { routes, stored } = setup(async () => ({ text: '', confidence: 0 }));

    // Act
    const answer = await call(routes, USERS.bookkeeper, 'POST', URL, body);

    // Assess
    expect(answer.status).toBe(status);
    expect(answer.json.errors[0].rule).toBe(rule);
    expect(stored).toEqual([]);
  });

  it('refuses a read-only user', async () => {
    // Act
    const answer = await call(
      setup(async () => ({ text: '', confidence: 0 })).routes,
      USERS.reader,
      'POST',
      URL,
      upload(PNG, 'image/png'),
    );

    // Assess
    expect(answer.status).toBe(403);
  });
});
