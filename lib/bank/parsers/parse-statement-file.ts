import { assignImportIds } from '../import-id.ts';
import type { BankStatement, StatementFormat } from '../statement.ts';
import { parseCamt053 } from './camt053/parse-camt053.ts';
import { parseBankCsv } from './csv/parse-bank-csv.ts';
import { decodeStatementBytes, type TextEncodingName } from './decode.ts';
import { detectFormat } from './detect.ts';
import {
  type BankInputLimits,
  bankInputLimits,
  fileSizeError,
  longLineError,
  longXmlPartError,
} from './input-limits.ts';
import { parseMt940 } from './mt940/index.ts';

export interface ParseResult {
  file?: string;
  /** `unknown` when the content matched no supported format. */
  format: StatementFormat | 'unknown';
  encoding: TextEncodingName;
  statements: BankStatement[];
  /** File-level problems (unreadable content, lines outside any statement). */
  errors: string[];
}

/**
 * Parses one bank file (CAMT.053, MT940 or a bank CSV/TAB export): decodes, detects the format by
 * content, parses every statement, checks balances and assigns import ids. Pure and synchronous; never
 * throws - anything unreadable comes back in `errors`. A file over `limits` is refused before it is parsed.
 */
export function parseStatementFile(
  bytes: Uint8Array,
  filename?: string,
  limits: Partial<BankInputLimits> = {},
): ParseResult {
  const caps = bankInputLimits(limits);
  let encoding: TextEncodingName = 'utf-8';
  const result = (
    format: ParseResult['format'],
    statements: BankStatement[],
    errors: string[],
  ): ParseResult => {
    const parsed: ParseResult = { format, encoding, statements, errors };
    if (filename !== undefined) parsed.file = filename;
    return parsed;
  };
  const tooLarge = fileSizeError(bytes, caps);
  if (tooLarge) return result('unknown', [], [tooLarge]);
  try {
    const decoded = decodeStatementBytes(bytes);
    encoding = decoded.encoding;
    const text = decoded.text;
    if (text.trim() === '') return result('unknown', [], ['file is empty']);
    const format = detectFormat(text);
    if (!format) {
      return result(
        'unknown',
        [],
        ['format not recognised: expected camt.053 XML, MT940 or a Dutch bank CSV/TAB export'],
      );
    }
    const tooLong =
      format === 'camt053' ? longXmlPartError(text, caps) : longLineError(text, caps.maxLineChars);
    if (tooLong) return result(format, [], [tooLong]);
    const parsed =
      format === 'camt053'
        ? parseCamt053(text)
        : format === 'mt940'
          ? parseMt940(text)
          : parseBankCsv(text, caps.maxFieldChars);
    if (format === 'mt940' && parsed.statements.length === 0 && parsed.errors.length === 0) {
      parsed.errors.push('mt940: no statement found (no :20: tag)');
    }
    if (decoded.mixedEncoding) {
      // Either reading garbles part of the text (names, references): every statement of the file is blocked.
      const { utf8, latin1 } = decoded.mixedEncoding;
      const error =
        `encoding: line ${utf8.line} column ${utf8.column} is UTF-8 but line ${latin1.line} column ` +
        `${latin1.column} is latin-1: the file mixes two encodings, no reading of it is right`;
      for (const statement of parsed.statements) statement.errors.push(error);
      if (parsed.statements.length === 0) parsed.errors.push(error);
    }
    assignImportIds(parsed.statements);
    return result(format, parsed.statements, parsed.errors);
  } catch (error) {
    // A parser bug must not take the batch down: report it as this file's error.
    return result(
      'unknown',
      [],
      [`internal parser error: ${error instanceof Error ? error.message : String(error)}`],
    );
  }
}
