import { createHash } from 'node:crypto';
import { HttpProblem } from '../../partner-api/errors.ts';
import { jsonResponse, quoted } from '../../partner-api/http.ts';
import {
  MAX_RECEIPT_BYTES,
  MAX_RECEIPT_TEXT,
  parseReceiptText,
  RECEIPT_CONTENT_TYPES,
  type ReceiptOcr,
  receiptFileKind,
} from '../../receipts/index.ts';
import type { AppRoute } from '../app-route.ts';
import { answering, badRequest, jsonObjectBody, param } from '../relations/index.ts';
import type { ReceiptMailbox, ReceiptRecord, ReceiptRecords } from './receipt-stores.ts';

export interface ReceiptServices {
  mailbox: ReceiptMailbox;
  records: ReceiptRecords;
  /** Local OCR for photos; without it a photo still goes to review, without a proposal. */
  ocr?: ReceiptOcr;
  onOcrError?: (error: unknown) => void;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const EXTENSIONS = { jpeg: 'jpg', png: 'png', webp: 'webp', pdf: 'pdf' } as const;

/**
 * Bonnetje: a receipt photo or PDF (≤ 10 MB, JPEG/PNG/WebP/PDF by its first bytes) put into the mailbox
 * under `<adm>/purchase/`, where the invoice mailbox takes it in: a PDF goes the invoice flow, a photo to
 * the review queue (never booked without a person). A photo is read by local OCR first and the parsed
 * proposal (date, total, VAT, supplier) is kept beside the document (`DOC#<id>` / `RECEIPT`).
 * The document id is the mailbox's own: `doc_` and the SHA-256 of the bytes.
 */
export function receiptsRoutes(services: ReceiptServices): AppRoute[] {
  return [
    {
      method: 'POST',
      path: '/v1/app/administrations/{administration}/receipts',
      action: 'act',
      handle: (context) =>
        answering(async () => {
          const administration = param(context, 'administration');
          const body = jsonObjectBody(context);
          const { fileName, contentType, contentBase64 } = body;
          const problems = [];
          if (typeof fileName !== 'string' || fileName.trim() === '' || fileName.length > 200)
            problems.push({
              path: 'fileName',
              rule: 'file-name',
              message: 'a file name of 1-200 characters',
              value: quoted(String(fileName)),
            });
          if (typeof contentType !== 'string')
            problems.push({ path: 'contentType', rule: 'required', message: 'the MIME type of the file' });
          if (
            typeof contentBase64 !== 'string' ||
            contentBase64.length === 0 ||
            !BASE64.test(contentBase64) ||
            contentBase64.length % 4 !== 0
          )
            problems.push({
              path: 'contentBase64',
              rule: 'base64',
              message: 'the file as standard base64',
              value: quoted(String(contentBase64)),
            });
          if (problems.length > 0)
            throw badRequest('the receipt upload is incomplete; nothing was stored', problems);
          const bytes = Buffer.from(contentBase64 as string, 'base64');
          if (bytes.byteLength > MAX_RECEIPT_BYTES)
            throw new HttpProblem(413, 'Content Too Large', 'the receipt is too large', [
              {
                path: 'contentBase64',
                rule: 'max-size',
                message: `at most ${MAX_RECEIPT_BYTES} bytes, got ${bytes.byteLength}`,
                value: bytes.byteLength,
              },
            ]);
          const kind = receiptFileKind(bytes);
          if (!kind)
            throw new HttpProblem(415, 'Unsupported Media Type', 'the file is not a JPEG, PNG, WebP or PDF', [
              {
                path: 'contentBase64',
                rule: 'file-kind',
                message: 'the first bytes are not a JPEG, PNG, WebP or PDF signature',
                value: quoted(bytes.subarray(0, 8).toString('hex')),
              },
            ]);
          const actualType = RECEIPT_CONTENT_TYPES[kind];
          if ((contentType as string).toLowerCase() !== actualType)
            throw new HttpProblem(
              415,
              'Unsupported Media Type',
              'the declared type is not what the file is',
              [
                {
                  path: 'contentType',
                  rule: 'content-type-mismatch',
                  message: `the file is ${actualType}`,
                  value: quoted(contentType as string),
                },
              ],
            );

          const hash = createHash('sha256').update(bytes).digest('hex');
          const documentId = `doc_${hash}`;
          const day = context.now.toISOString().slice(0, 10).replace(/-/g, '');
          const mailboxKey = `${administration}/purchase/bonnetje-${day}-${hash.slice(0, 16)}.${EXTENSIONS[kind]}`;
          const uploadedAt = context.now.toISOString();
          // The file first: whatever OCR does, nothing uploaded is lost.
          await services.mailbox.put(mailboxKey, bytes, actualType, {
            'uploaded-by': encodeURIComponent(context.user.username).slice(0, 200),
            'original-name': encodeURIComponent(fileName as string).slice(0, 200),
          });
          const record: ReceiptRecord = {
            documentId,
            administration,
            uploadedBy: context.user.username,
            uploadedAt,
            mailboxKey,
          };
          if (kind !== 'pdf' && services.ocr) {
            try {
              const { text } = await services.ocr.recognise(bytes);
              record.text = text.slice(0, MAX_RECEIPT_TEXT);
              record.proposal = parseReceiptText(text);
            } catch (error) {
              services.onOcrError?.(error);
              record.ocrError = error instanceof Error ? error.message.slice(0, 200) : 'OCR failed';
            }
          }
          await services.records.put(record);
          const proposal = record.proposal && {
            ...(record.proposal.date ? { date: record.proposal.date } : {}),
            ...(record.proposal.totalCents !== undefined ? { totalCents: record.proposal.totalCents } : {}),
            ...(record.proposal.vatCents !== undefined ? { vatCents: record.proposal.vatCents } : {}),
            ...(record.proposal.supplier ? { supplier: record.proposal.supplier } : {}),
            confidence: record.proposal.confidence,
          };
          return jsonResponse(202, {
            documentId,
            ...(proposal ? { proposal } : {}),
            ...(record.ocrError ? { ocrError: record.ocrError } : {}),
          });
        }),
    },
  ];
}
