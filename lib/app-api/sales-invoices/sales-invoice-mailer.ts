import { randomBytes } from 'node:crypto';
import type { AppUser } from '../../identity/app-user.ts';
import {
  type MailAttachment,
  MailMessageError,
  MailSendError,
  type MailSender,
  type OutgoingMail,
} from '../../mail/index.ts';
import type { MirrorRelation } from '../../mirror/index.ts';
import { HttpProblem } from '../../partner-api/errors.ts';
import { quoteText } from '../../runtime/quoted-text.ts';
import {
  documentTitle,
  dutchDate,
  euros,
  type SalesInvoiceMailing,
  type SalesInvoiceRecord,
  type SalesInvoiceStore,
  salesInvoicePdf,
  salesInvoiceProblems,
  salesInvoiceTotals,
  writeSiUbl,
} from '../../sales-invoices/index.ts';
import type { SalesInvoiceMailRequest } from './sales-invoice-mail-request.ts';

/** How the app-api function sends: the SES sender and the stack's From address (`mailOutbound`). */
export interface SalesInvoiceMail {
  sender: MailSender;
  fromAddress: string;
}

export interface SalesInvoiceMailerServices {
  salesInvoices: SalesInvoiceStore;
  mirror: { read(administration: string, kind: 'relations'): Promise<MirrorRelation[]> };
  /** Absent when the tenant sends no mail (no `mailOutbound`): the route answers 503. */
  mail?: SalesInvoiceMail;
  /**
   * The invoice's document history (its booking event's record): every mailing is noted there, so the
   * Documenten page shows "e-mailed to …".
   */
  documentNotes: { addNote(id: string, note: string, now?: Date): Promise<boolean> };
  /** Told when the mailing was sent but its record could not be written (the mail is out all the same). */
  onMailRecordError?: (error: unknown, record: SalesInvoiceRecord) => void;
}

/** A sending older than this no longer holds the lock (a function that died while sending). */
const LOCK_STALE_MS = 5 * 60_000;

const conflict = (detail: string, path: string, rule: string, message: string, extra = {}) =>
  new HttpProblem(409, 'Conflict', detail, [{ path, rule, message }], {}, { extra });

/** The history line of a mailing: to whom, by whom, the sending service's id (`at` is the entry's own). */
export const mailingNote = (record: SalesInvoiceRecord, mailing: SalesInvoiceMailing) =>
  `${record.invoice.kind === 'credit-note' ? 'credit note' : 'invoice'} ${record.number} e-mailed to ${mailing.to} by ${mailing.by}${mailing.ubl ? ' (PDF and UBL)' : ' (PDF)'}, message id ${mailing.messageId}`;

/** The Dutch text of the mail when the person typed none. */
export function defaultMailText(record: SalesInvoiceRecord): { subject: string; body: string } {
  const invoice = record.invoice;
  const totals = salesInvoiceTotals(invoice);
  const title = documentTitle(invoice);
  const subject = `${title} van ${invoice.seller.name}`;
  const lines =
    invoice.kind === 'credit-note'
      ? [
          `In de bijlage vindt u creditnota ${invoice.number} van ${dutchDate(invoice.issueDate)}` +
            (invoice.billingReference ? ` voor factuur ${invoice.billingReference.number}` : '') +
            `, voor een bedrag van ${euros(totals.payableCents)}.`,
        ]
      : [
          `In de bijlage vindt u factuur ${invoice.number} van ${dutchDate(invoice.issueDate)} voor een bedrag van ${euros(totals.payableCents)}.`,
          `Wij verzoeken u dit bedrag vóór ${dutchDate(invoice.dueDate)} over te maken op ${invoice.seller.iban} onder vermelding van ${invoice.paymentReference ?? invoice.number}.`,
        ];
  const body = [
    'Geachte heer, mevrouw,',
    '',
    ...lines,
    'De factuur is bijgevoegd als PDF en als e-factuur (SI-UBL 2.0, XML) voor uw boekhouding.',
    '',
    'Met vriendelijke groet,',
    invoice.seller.name,
  ].join('\n');
  return { subject, body };
}

/**
 * E-mails an issued invoice or credit note with its PDF and SI-UBL 2.0 attached (the XML only when it can
 * be valid), From the stack's address in the seller's name, Reply-To the seller's own address. Once per
 * invoice unless asked `again`: a lock taken in the store first keeps a second click (or two people) from
 * sending twice; the mailing (to, when, by whom, MessageId) is appended to the invoice.
 */
export class SalesInvoiceMailer {
  constructor(private readonly services: SalesInvoiceMailerServices) {}

  async send(
    user: AppUser,
    record: SalesInvoiceRecord,
    request: SalesInvoiceMailRequest,
    now: Date,
  ): Promise<SalesInvoiceMailing> {
    const mail = this.services.mail;
    if (!mail)
      throw new HttpProblem(503, 'Service Unavailable', 'this installation sends no e-mail', [
        {
          path: 'mailOutbound',
          rule: 'mail-not-configured',
          message: 'set mailOutbound (a verified SES identity) in the tenant file',
        },
      ]);
    const sent = record.mailings ?? [];
    const last = sent.at(-1);
    if (last && !request.again)
      throw conflict(
        `${documentTitle(record.invoice)} was e-mailed to ${last.to} at ${last.at}`,
        'again',
        'already-sent',
        'send again with again: true',
        { lastMailing: last },
      );
    const to = request.to ?? (await this.recipientOf(record));
    if (!to)
      throw new HttpProblem(400, 'Bad Request', 'no recipient', [
        {
          path: 'to',
          rule: 'required',
          message: 'the relation has no e-mail address in CASH: type one',
        },
      ]);
    const text = defaultMailText(record);
    const problems = salesInvoiceProblems(record.invoice);
    const base = `${record.invoice.kind === 'credit-note' ? 'creditnota' : 'factuur'}-${record.number}`;
    const attachments: MailAttachment[] = [
      {
        fileName: `${base}.pdf`,
        contentType: 'application/pdf',
        content: await salesInvoicePdf(record.invoice),
      },
      ...(problems.length === 0
        ? [
            {
              fileName: `${base}.xml`,
              contentType: 'application/xml',
              content: new TextEncoder().encode(writeSiUbl(record.invoice)),
            },
          ]
        : []),
    ];
    const seller = record.invoice.seller;
    const outgoing: OutgoingMail = {
      from: { address: mail.fromAddress, name: seller.name },
      to: [{ address: to }],
      ...(seller.email ? { replyTo: [{ address: seller.email, name: seller.name }] } : {}),
      subject: request.subject ?? text.subject,
      text: request.body ?? text.body,
      attachments,
    };

    const token = randomBytes(8).toString('hex');
    const locked = await this.services.salesInvoices.beginMailing(
      record.administration,
      record.id,
      { token, at: now.toISOString() },
      sent.length,
      new Date(now.getTime() - LOCK_STALE_MS).toISOString(),
    );
    if (!locked)
      throw conflict(
        'the invoice is being sent, or was sent a moment ago',
        'again',
        'sending',
        'reload the invoice to see whether it went',
      );
    let messageId: string;
    try {
      messageId = (await mail.sender.send(outgoing)).messageId;
    } catch (error) {
      await this.services.salesInvoices
        .endMailing(record.administration, record.id, token)
        .catch(() => undefined);
      throw this.problemOf(error);
    }
    const mailing: SalesInvoiceMailing = {
      to,
      at: now.toISOString(),
      by: user.username,
      subject: outgoing.subject,
      messageId,
      ubl: attachments.length > 1,
    };
    try {
      await this.services.salesInvoices.endMailing(record.administration, record.id, token, mailing);
    } catch (error) {
      this.services.onMailRecordError?.(error, record);
    }
    if (record.eventId)
      await this.services.documentNotes
        .addNote(record.eventId, mailingNote(record, mailing), now)
        .catch((error: unknown) => this.services.onMailRecordError?.(error, record));
    return mailing;
  }

  /** Where the mail goes unless the person types another address: the relation's e-mail in CASH. */
  async recipientOf(record: SalesInvoiceRecord): Promise<string | undefined> {
    const number = record.invoice.buyer.relationNumber;
    const relation = number
      ? (await this.services.mirror.read(record.administration, 'relations')).find(
          (r) => r.relationNumber === number,
        )
      : undefined;
    return relation?.email?.trim() || record.invoice.buyer.email;
  }

  private problemOf(error: unknown): HttpProblem {
    if (error instanceof MailMessageError)
      return new HttpProblem(
        400,
        'Bad Request',
        'the message cannot be written',
        [
          {
            path: error.path,
            rule: error.rule,
            message: error.message,
            ...(error.value ? { value: error.value } : {}),
          },
        ],
        {},
        { cause: error },
      );
    if (!(error instanceof MailSendError)) throw error;
    const detail = { path: 'to', rule: error.code, message: quoteText(error.message, 200) };
    if (error.failure === 'rejected')
      return new HttpProblem(
        422,
        'Unprocessable Content',
        'the mail service refused the message',
        [detail],
        {},
        { cause: error },
      );
    if (error.failure === 'sender-not-verified')
      return new HttpProblem(
        409,
        'Conflict',
        'the sender address is not verified for sending',
        [{ ...detail, path: 'mailOutbound.identity' }],
        {},
        { cause: error },
      );
    return new HttpProblem(
      503,
      'Service Unavailable',
      'the mail service is not taking mail right now; try again later',
      [detail],
      { 'retry-after': '60' },
      { cause: error },
    );
  }
}
