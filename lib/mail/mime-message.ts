import { quoteText } from '../runtime/quoted-text.ts';
import { MailMessageError } from './mail-errors.ts';
import type { MailAddress, MailAttachment, OutgoingMail } from './outgoing-mail.ts';

/** What makes a message unique; given by the caller so the builder stays pure. */
export interface MimeEnvelope {
  date: Date;
  /** Without the angle brackets: `<random>@<sender's domain>`. */
  messageId: string;
  /** The multipart boundary; `=_` in it keeps it out of base64 and quoted-printable text. */
  boundary: string;
}

/** Longest line the builder writes (RFC 5322 asks ≤ 78; RFC 2045 caps encoded lines at 76). */
export const MIME_LINE_LIMIT = 76;
const CRLF = '\r\n';
/** UTF-8 bytes per RFC 2047 word: 36 bytes → 48 base64 characters, 60 with `=?UTF-8?B?…?=`. */
const WORD_BYTES = 36;
/** An address SES takes: ASCII local part and domain (an IDN domain in its xn-- form). */
const ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}$/;
const BOUNDARY = /^[A-Za-z0-9'()+_,./:=?-]{1,69}[A-Za-z0-9'()+_,./:=?-]$/;
const CONTENT_TYPE = /^[a-z]+\/[a-z0-9.+-]+$/i;
/** A display name that can stand as it is (atext and spaces, no encoded-word look-alike). */
const PLAIN_NAME = /^[A-Za-z0-9!#$%&'*+\-/^_`{|}~ ]+$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Controls (a CR or LF would start a header of its own) become spaces. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: controls are what is removed here.
const oneLine = (text: string) => text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

/** Code points of `text` in runs of at most `maxBytes` UTF-8 bytes (a character is never split). */
function utf8Runs(text: string, maxBytes: number): string[] {
  const runs: string[] = [];
  let run = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes && run) {
      runs.push(run);
      run = '';
      bytes = 0;
    }
    run += char;
    bytes += size;
  }
  if (run) runs.push(run);
  return runs;
}

/** RFC 2047 B-encoded words, each at most 60 characters. */
const encodedWords = (text: string) =>
  utf8Runs(text, WORD_BYTES).map((run) => `=?UTF-8?B?${Buffer.from(run, 'utf8').toString('base64')}?=`);

/** `Name: tokens` folded (CRLF + space) where a line would pass the limit; tokens are never split. */
function header(name: string, tokens: string[]): string {
  const lines: string[] = [];
  let line = `${name}:`;
  for (const token of tokens) {
    if (line.length + 1 + token.length > MIME_LINE_LIMIT && line.trim() !== `${name}:`) {
      lines.push(line);
      line = '';
    }
    line += ` ${token}`;
  }
  lines.push(line);
  return lines.join(CRLF);
}

/** Free text (Subject) as tokens: plain ASCII words, or encoded words when anything needs encoding. */
function textTokens(text: string): string[] {
  // Runs of spaces fold to one whichever way the text is written (plain words or RFC 2047 words).
  const clean = oneLine(text).replace(/ {2,}/g, ' ');
  const words = clean.split(/ +/).filter(Boolean);
  const plain =
    PRINTABLE_ASCII.test(clean) &&
    !clean.includes('=?') &&
    words.every((w) => w.length < MIME_LINE_LIMIT - 12);
  return plain ? words : encodedWords(clean);
}

function checkedAddress(address: MailAddress, path: string): string {
  const value = address.address?.trim() ?? '';
  if (!ADDRESS.test(value))
    throw new MailMessageError(
      path,
      'email-address',
      'not an e-mail address SES can send to',
      quoteText(value),
    );
  return value;
}

/** `Name <address>` as tokens: the name plain, quoted or encoded, whichever it needs. */
function addressTokens(address: MailAddress, path: string, last: boolean): string[] {
  const value = `<${checkedAddress(address, path)}>${last ? '' : ','}`;
  const name = oneLine(address.name ?? '');
  if (!name) return [value];
  if (PLAIN_NAME.test(name) && name.length < 60) return [...name.split(/ +/), value];
  if (PRINTABLE_ASCII.test(name) && !name.includes('=?') && name.length < 60)
    return [`"${name.replace(/["\\]/g, (c) => `\\${c}`)}"`, value];
  return [...encodedWords(name), value];
}

function addressList(name: string, addresses: MailAddress[], path: string): string {
  if (addresses.length === 0) throw new MailMessageError(path, 'required', 'at least one address');
  return header(
    name,
    addresses.flatMap((a, i) => addressTokens(a, `${path}.${i}`, i === addresses.length - 1)),
  );
}

/** Text as quoted-printable UTF-8 (RFC 2045 6.7): CRLF line ends, soft breaks within 76 characters. */
export function quotedPrintable(text: string): string {
  return text
    .replace(/\r\n|\r/g, '\n')
    .split('\n')
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      const out: string[] = [];
      let current = '';
      bytes.forEach((byte, i) => {
        const last = i === bytes.length - 1;
        const literal =
          (byte >= 33 && byte <= 126 && byte !== 61 && !(byte === 46 && i === 0)) ||
          ((byte === 32 || byte === 9) && !last);
        const token = literal
          ? String.fromCharCode(byte)
          : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
        if (current.length + token.length > MIME_LINE_LIMIT - 1) {
          out.push(`${current}=`);
          current = '';
        }
        current += token;
      });
      out.push(current);
      return out.join(CRLF);
    })
    .join(CRLF);
}

/** Bytes as base64 in lines of 76 characters. */
export function base64Lines(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += MIME_LINE_LIMIT) lines.push(text.slice(i, i + MIME_LINE_LIMIT));
  return lines.join(CRLF);
}

/** A file name parameter: quoted ASCII, or RFC 2231 percent-encoded UTF-8 in continuations. */
function fileNameParameter(parameter: string, fileName: string): string {
  if (/^[A-Za-z0-9._ ()+-]{1,60}$/.test(fileName)) return `${parameter}="${fileName}"`;
  const encoded = Array.from(Buffer.from(fileName, 'utf8'))
    .map((b) =>
      /[A-Za-z0-9._-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
  const chunks: string[] = [''];
  for (const token of encoded.match(/%[0-9A-F]{2}|[^%]/g) ?? []) {
    if ((chunks.at(-1) as string).length + token.length > 45) chunks.push('');
    chunks[chunks.length - 1] += token;
  }
  return chunks.map((chunk, i) => `${parameter}*${i}*=${i === 0 ? "UTF-8''" : ''}${chunk}`).join(`;${CRLF} `);
}

function attachmentPart(attachment: MailAttachment, index: number): string {
  const path = `attachments.${index}`;
  if (!CONTENT_TYPE.test(attachment.contentType))
    throw new MailMessageError(
      `${path}.contentType`,
      'content-type',
      'a MIME type such as application/pdf',
      quoteText(attachment.contentType),
    );
  const fileName = oneLine(attachment.fileName);
  if (!fileName || fileName.length > 200)
    throw new MailMessageError(`${path}.fileName`, 'file-name', '1-200 characters', quoteText(fileName));
  const asciiName = fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  return [
    `Content-Type: ${attachment.contentType.toLowerCase()};${CRLF} name="${asciiName.slice(0, 60)}"`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment;${CRLF} ${fileNameParameter('filename', fileName)}`,
    '',
    base64Lines(attachment.content),
  ].join(CRLF);
}

/** RFC 5322 date: `Wed, 02 Dec 2026 07:43:43 +0000`. */
export const mailDate = (date: Date) => date.toUTCString().replace(/GMT$/, '+0000');

/**
 * The message as RFC 5322 / MIME text, 7-bit clean, every line within 76 characters: headers with
 * RFC 2047 words for names and subjects beyond ASCII, a quoted-printable UTF-8 text part and each
 * attachment in base64 (`multipart/mixed`). Pure: date, id and boundary come from `envelope`. Throws
 * MailMessageError naming the field of an address, type or name it cannot write.
 */
export function buildMimeMessage(mail: OutgoingMail, envelope: MimeEnvelope): string {
  if (!BOUNDARY.test(envelope.boundary) || !envelope.boundary.includes('=_'))
    throw new MailMessageError('boundary', 'mime-boundary', 'RFC 2046 characters with =_', envelope.boundary);
  if (!/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+$/.test(envelope.messageId))
    throw new MailMessageError('messageId', 'message-id', 'id@domain', quoteText(envelope.messageId));
  const headers = [
    addressList('From', [mail.from], 'from'),
    addressList('To', mail.to, 'to'),
    ...(mail.replyTo?.length ? [addressList('Reply-To', mail.replyTo, 'replyTo')] : []),
    header('Subject', textTokens(mail.subject)),
    `Date: ${mailDate(envelope.date)}`,
    `Message-ID: <${envelope.messageId}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed;${CRLF} boundary="${envelope.boundary}"`,
  ];
  const text = [
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(mail.text),
  ].join(CRLF);
  const parts = [text, ...mail.attachments.map(attachmentPart)];
  return [
    ...headers,
    '',
    'This is a multi-part message in MIME format.',
    ...parts.map((part) => `--${envelope.boundary}${CRLF}${part}`),
    `--${envelope.boundary}--`,
    '',
  ].join(CRLF);
}
