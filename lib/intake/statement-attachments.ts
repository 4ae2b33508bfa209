import { decodeStatementBytes, detectFormat } from '../bank/parsers/index.ts';
import type { StatementFormat } from '../bank/statement.ts';
import { extractEmail, looksLikeEmail } from '../invoices/email/extract-email.ts';
import { startsAsPdf } from '../invoices/file-start/index.ts';
import type { EmbeddedFile } from '../invoices/index.ts';
import { sha256Hex } from './content-hash.ts';

/** A bank statement file found in what arrived (the file itself or an e-mail attachment). */
export interface StatementAttachment {
  filename: string;
  mimeType: string;
  content: Uint8Array;
  sha256: string;
  format: StatementFormat;
}

/** What a mailbox file holds, sorted by where it has to go. */
export interface MailboxContentScan {
  /** The file is an e-mail (its attachments were looked at, not the message itself). */
  email: boolean;
  /** Statement files, by content: CAMT.053, MT940 or a bank CSV/TAB export, whatever their names. */
  statements: StatementAttachment[];
  /**
   * Files the invoice logic would look at (an XML or PDF that is not a statement, attached to the message
   * itself). With statements and none of these, the file needs no invoice processing at all.
   */
  invoiceCandidates: number;
  /** Why an e-mail could not be opened; the invoice logic then reports it as it always did. */
  unreadable?: string;
}

/** Forwarded mails are opened this deep (a bank mail forwarded by the bookkeeper, forwarded again). */
const MAX_EMAIL_DEPTH = 3;

/**
 * The statement format of a file by its content, or undefined. PDFs are never statements and are skipped
 * without decoding them as text.
 */
export function statementFormatOf(bytes: Uint8Array): StatementFormat | undefined {
  if (bytes.byteLength === 0 || startsAsPdf(bytes)) return undefined;
  try {
    return detectFormat(decodeStatementBytes(bytes).text);
  } catch {
    // Undecodable bytes are not a statement; the invoice logic says what they are not.
    return undefined;
  }
}

/** Whether the invoice logic would try this file as an invoice (XML by name or type, PDF by any sign). */
function isInvoiceCandidate(file: EmbeddedFile): boolean {
  return (
    /\.xml$/i.test(file.filename) ||
    /xml/i.test(file.mimeType) ||
    /pdf/i.test(file.mimeType) ||
    /\.pdf$/i.test(file.filename) ||
    startsAsPdf(file.content)
  );
}

function asStatement(file: EmbeddedFile): StatementAttachment | undefined {
  const format = statementFormatOf(file.content);
  if (!format) return undefined;
  return {
    filename: file.filename,
    mimeType: file.mimeType,
    content: file.content,
    sha256: sha256Hex(file.content),
    format,
  };
}

/** Attachments of a message with the depth they were found at, forwarded messages opened (up to MAX_EMAIL_DEPTH). */
async function attachmentsOf(
  bytes: Uint8Array,
  depth: number,
): Promise<{ file: EmbeddedFile; depth: number }[]> {
  const files: { file: EmbeddedFile; depth: number }[] = [];
  for (const attachment of (await extractEmail(bytes)).attachments) {
    const forwarded =
      depth < MAX_EMAIL_DEPTH &&
      (attachment.mimeType === 'message/rfc822' || /\.eml$/i.test(attachment.filename)) &&
      looksLikeEmail(attachment.content, attachment.filename, attachment.mimeType);
    if (!forwarded) {
      files.push({ file: attachment, depth });
      continue;
    }
    try {
      files.push(...(await attachmentsOf(attachment.content, depth + 1)));
    } catch {
      // An unreadable forwarded mail stays what it is: one attachment.
      files.push({ file: attachment, depth });
    }
  }
  return files;
}

/**
 * Sorts a mailbox file by content: an e-mail (`message/rfc822`, or anything that reads as one — mail
 * written by SES has no file extension) is opened and each attachment is looked at; any other file is
 * looked at itself. Statement files are recognised by content (never by name), the rest are counted as
 * invoice candidates when the invoice logic would try them. Never throws.
 */
export async function scanMailboxContent(
  bytes: Uint8Array,
  filename: string,
  mimeType?: string,
): Promise<MailboxContentScan> {
  const email = mimeType === 'message/rfc822' || looksLikeEmail(bytes, filename, mimeType);
  if (!email) {
    const statement = asStatement({
      filename,
      mimeType: mimeType ?? 'application/octet-stream',
      content: bytes,
    });
    return { email, statements: statement ? [statement] : [], invoiceCandidates: statement ? 0 : 1 };
  }
  let files: { file: EmbeddedFile; depth: number }[];
  try {
    files = await attachmentsOf(bytes, 1);
  } catch (error) {
    return {
      email,
      statements: [],
      invoiceCandidates: 0,
      unreadable: error instanceof Error ? error.message : String(error),
    };
  }
  const statements: StatementAttachment[] = [];
  let invoiceCandidates = 0;
  const seen = new Set<string>();
  for (const { file, depth } of files) {
    const statement = asStatement(file);
    if (!statement) {
      // The invoice logic opens only the message's own attachments, not forwarded messages.
      if (depth === 1 && isInvoiceCandidate(file)) invoiceCandidates++;
      continue;
    }
    // The same statement attached twice is handed over once.
    if (seen.has(statement.sha256)) continue;
    seen.add(statement.sha256);
    statements.push(statement);
  }
  return { email, statements, invoiceCandidates };
}
