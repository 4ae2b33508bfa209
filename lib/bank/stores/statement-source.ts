import { extractEmail, looksLikeEmail } from '../../invoices/email/extract-email.ts';
import { parseStatementFile } from '../parsers/index.ts';
import type { BankStatement } from '../statement.ts';

export interface StatementSourceResult {
  /** The statement format, or `email` when the statements came as attachments of a message. */
  format: string;
  encoding: string;
  statements: BankStatement[];
  /** File-level problems, each naming the file or attachment. */
  errors: string[];
  /** Attachments read from an e-mail. */
  attachments: string[];
}

/**
 * Reads an uploaded file: a statement file itself, or an e-mail (forwarded bank mail, `.eml`) whose
 * attachments are statement files. Never throws: an unreadable e-mail or attachment comes back in `errors`.
 */
export async function readStatementSource(
  bytes: Uint8Array,
  filename: string,
): Promise<StatementSourceResult> {
  if (!looksLikeEmail(bytes, filename)) {
    const parsed = parseStatementFile(bytes, filename);
    return { ...parsed, attachments: [] };
  }
  let attachments: Awaited<ReturnType<typeof extractEmail>>['attachments'];
  try {
    attachments = (await extractEmail(bytes)).attachments;
  } catch (error) {
    return {
      format: 'email',
      encoding: 'utf-8',
      statements: [],
      errors: [error instanceof Error ? error.message : String(error)],
      attachments: [],
    };
  }
  const result: StatementSourceResult = {
    format: 'email',
    encoding: 'utf-8',
    statements: [],
    errors: [],
    attachments: attachments.map((a) => a.filename),
  };
  for (const attachment of attachments) {
    const parsed = parseStatementFile(attachment.content, attachment.filename);
    result.statements.push(...parsed.statements);
    result.errors.push(...parsed.errors.map((error) => `${attachment.filename}: ${error}`));
  }
  if (attachments.length === 0)
    result.errors.push('e-mail has no attachments: expected a bank statement file');
  return result;
}
