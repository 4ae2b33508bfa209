import { createHash } from 'node:crypto';

/** One attachment of a test mail. */
export interface MailAttachment {
  /** The file name; without one the part is an attachment without a name. */
  filename?: string;
  /** `application/octet-stream` unless given; `message/rfc822` embeds the content as it is (a forwarded mail). */
  contentType?: string;
  content: Uint8Array | string;
}

export interface MimeMailOptions {
  from?: string;
  to?: string;
  subject?: string;
  /** The text part before the attachments. */
  text?: string;
  /** Trace headers a receiving server puts above the message (`Return-Path`, `Received`, verdicts). */
  trace?: readonly string[];
  attachments?: readonly MailAttachment[];
}

/** The headers Amazon SES puts above a message it writes into the mailbox bucket. */
export const SES_TRACE_HEADERS = [
  'Return-Path: <afschriften@bank.example>',
  'Received: from mail.bank.example (mail.bank.example [192.0.2.1]) by inbound-smtp.eu-west-1.amazonaws.com',
  'X-SES-Spam-Verdict: PASS',
  'X-SES-Virus-Verdict: PASS',
] as const;

const bytesOf = (content: Uint8Array | string) =>
  typeof content === 'string' ? new TextEncoder().encode(content) : content;

/** Base64 in lines of 76 characters, as MIME wants it. */
const base64Lines = (content: Uint8Array) =>
  (
    Buffer.from(content)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');

/**
 * A raw multipart/mixed message (.eml) with a text part and base64 attachments. The boundary comes from the
 * attachments, so the same mail gives the same bytes and a forwarded mail inside it has a boundary of its own.
 */
export function mimeMail(options: MimeMailOptions = {}): Uint8Array {
  const attachments = options.attachments ?? [];
  const hash = createHash('sha256');
  for (const attachment of attachments) hash.update(bytesOf(attachment.content));
  const boundary = `=_cashlink-test-${hash.digest('hex').slice(0, 16)}`;
  const lines = [
    ...(options.trace ?? []),
    `From: ${options.from ?? 'Leverancier <facturen@example.nl>'}`,
    `To: ${options.to ?? 'inbox@example.nl'}`,
    `Subject: ${options.subject ?? 'Factuur'}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.text ?? 'Zie bijlage.',
  ];
  for (const attachment of attachments) {
    const type = attachment.contentType ?? 'application/octet-stream';
    const content = bytesOf(attachment.content);
    lines.push(`--${boundary}`);
    if (type === 'message/rfc822') {
      lines.push(
        'Content-Type: message/rfc822',
        `Content-Disposition: attachment; filename="${attachment.filename ?? 'forwarded.eml'}"`,
        '',
        new TextDecoder('latin1').decode(content),
      );
      continue;
    }
    const name = attachment.filename ? `; name="${attachment.filename}"` : '';
    const filename = attachment.filename ? `; filename="${attachment.filename}"` : '';
    lines.push(
      `Content-Type: ${type}${name}`,
      `Content-Disposition: attachment${filename}`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(content),
    );
  }
  lines.push(`--${boundary}--`, '');
  return new TextEncoder().encode(lines.join('\r\n'));
}

/** A bank's mail with statement files as SES writes it into the mailbox bucket: trace headers first. */
export function bankMail(
  attachments: readonly MailAttachment[],
  headers: { to?: string; subject?: string } = {},
): Uint8Array {
  return mimeMail({
    trace: SES_TRACE_HEADERS,
    from: 'Bank <afschriften@bank.example>',
    to: headers.to ?? 'demo@inbox.demo.example',
    subject: headers.subject ?? 'Uw dagafschrift',
    text: 'Bijgaand uw afschrift.',
    attachments,
  });
}
