import type { DocumentRecord } from '../../documents/index.ts';
import { HttpProblem } from '../../partner-api/errors.ts';
import { type HttpResponse, jsonResponse } from '../../partner-api/http.ts';
import { quoteText } from '../../runtime/quoted-text.ts';
import {
  type SalesInvoiceRecord,
  salesInvoicePdf,
  salesInvoiceProblems,
  salesInvoiceTotals,
  writeSiUbl,
} from '../../sales-invoices/index.ts';
import type { AppRoute, AppRouteContext } from '../app-route.ts';
import { zodProblems } from '../hours/zod-problems.ts';
import { answering, badRequest, jsonObjectBody, param } from '../relations/index.ts';
import { CreditNoteIssuer, CreditNoteRequest } from './credit-note-issuer.ts';
import { SalesInvoiceIssuer, type SalesInvoiceServices } from './sales-invoice-issuer.ts';
import { SalesInvoiceMailRequest } from './sales-invoice-mail-request.ts';
import { SalesInvoiceMailer } from './sales-invoice-mailer.ts';
import { SalesInvoiceRequest } from './sales-invoice-request.ts';

/** A file answer: the body is base64 and the handler passes `isBase64Encoded` on to API Gateway. */
export type BinaryHttpResponse = HttpResponse & { isBase64Encoded: true };

const BASE = '/v1/app/administrations/{administration}/sales-invoices';
const ID = /^si_[0-9a-f]{16}$/;

function fileResponse(bytes: Uint8Array, contentType: string, name: string): BinaryHttpResponse {
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: Buffer.from(bytes).toString('base64'),
    isBase64Encoded: true,
  };
}

/** The record as the app shows it: without the mail lock, with its last mailing and totals. */
function view(record: SalesInvoiceRecord) {
  const { mailLock: _lock, ...shown } = record;
  const last = record.mailings?.at(-1);
  return {
    ...shown,
    totals: salesInvoiceTotals(record.invoice),
    ...(last ? { lastMailedTo: last.to, lastMailedAt: last.at } : {}),
  };
}

/** How the booking in CASH went (the booking event's document): its status and, when it failed, why. */
function bookingOf(document: DocumentRecord | undefined) {
  if (!document) return { bookingStatus: 'unknown' };
  const reasons = [...(document.errors ?? []).map((e) => e.message), ...(document.reasons ?? [])].slice(0, 3);
  return {
    bookingStatus: document.status,
    ...(['rejected', 'failed', 'review'].includes(document.status) && reasons.length > 0
      ? { bookingProblem: reasons.map((r) => quoteText(r, 200)).join('; ') }
      : {}),
  };
}

/** The file names of a record's downloads and attachments: `factuur-2026-0001` or `creditnota-2026-0002`. */
const fileBase = (record: SalesInvoiceRecord) =>
  `${record.invoice.kind === 'credit-note' ? 'creditnota' : 'factuur'}-${record.number}`;

/** The UBL of an invoice, or 409 naming what keeps it from being valid SI-UBL 2.0 (e.g. a consumer without KvK). */
export function ublOf(record: SalesInvoiceRecord): string {
  const problems = salesInvoiceProblems(record.invoice);
  if (problems.length > 0)
    throw new HttpProblem(
      409,
      'Conflict',
      'this invoice cannot be valid SI-UBL 2.0; the PDF can be sent',
      problems,
    );
  return writeSiUbl(record.invoice);
}

/**
 * Uren en facturen: an invoice from hours and lines (201 `{ id, eventId, number }` plus totals and, when
 * the UBL cannot be valid, `ublProblems`), its PDF and its SI-UBL 2.0.
 */
export function salesInvoicesRoutes(services: SalesInvoiceServices): AppRoute[] {
  const issuer = new SalesInvoiceIssuer(services);
  const creditor = new CreditNoteIssuer(services);
  const mailer = new SalesInvoiceMailer(services);
  const recordOf = async (context: AppRouteContext) => {
    const id = param(context, 'id');
    if (!ID.test(id))
      throw badRequest('not an invoice id', [
        { path: 'id', rule: 'invoice-id', message: 'an id this API gave', value: id.slice(0, 80) },
      ]);
    const record = await services.salesInvoices.get(param(context, 'administration'), id);
    if (!record)
      throw new HttpProblem(404, 'Not Found', `no invoice ${id}`, [
        { path: 'id', rule: 'not-found', message: 'no such invoice', value: id },
      ]);
    return record;
  };
  return [
    {
      method: 'POST',
      path: BASE,
      action: 'act',
      handle: (context) =>
        answering(async () => {
          const body = jsonObjectBody(context);
          const parsed = SalesInvoiceRequest.safeParse(body);
          if (!parsed.success)
            throw badRequest(
              'the invoice request is invalid; nothing was stored',
              zodProblems(parsed.error, body),
            );
          const record = await issuer.issue(
            context.user,
            param(context, 'administration'),
            parsed.data,
            context.now,
          );
          const problems = salesInvoiceProblems(record.invoice);
          return jsonResponse(201, {
            id: record.id,
            eventId: record.eventId,
            number: record.number,
            totals: salesInvoiceTotals(record.invoice),
            ...(problems.length > 0 ? { ublProblems: problems } : {}),
          });
        }),
    },
    {
      method: 'GET',
      path: BASE,
      action: 'read',
      handle: (context) =>
        answering(async () => {
          const raw = context.request.query?.limit;
          const limit = raw === undefined ? 50 : Number(raw);
          if (!Number.isInteger(limit) || limit < 1 || limit > 100)
            throw badRequest('limit is 1-100', [
              { path: 'limit', rule: 'limit', message: '1-100', value: String(raw).slice(0, 20) },
            ]);
          const cursor = context.request.query?.cursor;
          const page = await services.salesInvoices.list(param(context, 'administration'), {
            limit,
            ...(cursor ? { cursor } : {}),
          });
          const documents = await services.documents.getMany(
            page.items.flatMap((record) => (record.eventId ? [record.eventId] : [])),
          );
          return jsonResponse(200, {
            ...page,
            items: page.items.map((record) => ({
              ...view(record),
              ...bookingOf(record.eventId ? documents.get(record.eventId) : undefined),
            })),
          });
        }),
    },
    {
      method: 'GET',
      path: `${BASE}/{id}`,
      action: 'read',
      handle: (context) =>
        answering(async () => {
          const record = await recordOf(context);
          const recipient = await mailer.recipientOf(record);
          const document = record.eventId ? await services.documents.get(record.eventId) : undefined;
          return jsonResponse(200, {
            ...view(record),
            ...bookingOf(document),
            ...(recipient ? { recipient } : {}),
          });
        }),
    },
    {
      method: 'POST',
      path: `${BASE}/{id}/email`,
      action: 'act',
      handle: (context) =>
        answering(async () => {
          const record = await recordOf(context);
          const body = jsonObjectBody(context);
          const parsed = SalesInvoiceMailRequest.safeParse(body);
          if (!parsed.success)
            throw badRequest(
              'the mail request is invalid; nothing was sent',
              zodProblems(parsed.error, body),
            );
          const mailing = await mailer.send(context.user, record, parsed.data, context.now);
          const after = await services.salesInvoices.get(record.administration, record.id);
          return jsonResponse(200, { mailing, mailings: after?.mailings ?? [mailing] });
        }),
    },
    {
      method: 'POST',
      path: `${BASE}/{id}/credit-note`,
      action: 'act',
      handle: (context) =>
        answering(async () => {
          const original = await recordOf(context);
          const body = jsonObjectBody(context);
          const parsed = CreditNoteRequest.safeParse(body);
          if (!parsed.success)
            throw badRequest(
              'the credit note request is invalid; nothing was stored',
              zodProblems(parsed.error, body),
            );
          const record = await creditor.credit(context.user, original, parsed.data, context.now);
          const problems = salesInvoiceProblems(record.invoice);
          return jsonResponse(201, {
            id: record.id,
            eventId: record.eventId,
            number: record.number,
            kind: 'credit-note',
            totals: salesInvoiceTotals(record.invoice),
            ...(problems.length > 0 ? { ublProblems: problems } : {}),
          });
        }),
    },
    {
      method: 'GET',
      path: `${BASE}/{id}/pdf`,
      action: 'read',
      handle: (context) =>
        answering(async () => {
          const record = await recordOf(context);
          return fileResponse(
            await salesInvoicePdf(record.invoice),
            'application/pdf',
            `${fileBase(record)}.pdf`,
          );
        }),
    },
    {
      method: 'GET',
      path: `${BASE}/{id}/ubl`,
      action: 'read',
      handle: (context) =>
        answering(async () => {
          const record = await recordOf(context);
          return fileResponse(
            new TextEncoder().encode(ublOf(record)),
            'application/xml',
            `${fileBase(record)}.xml`,
          );
        }),
    },
  ];
}
