import { readFileAtMost } from '../../../runtime/bounded-read.ts';
import { DEFAULT_BANK_INPUT_LIMITS } from '../input-limits.ts';
import { type ParseResult, parseStatementFile } from '../parse-statement-file.ts';

/** One statement file as read and parsed; a file that cannot be read says why instead. */
export type ParsedFile =
  | { file: string; readable: true; result: ParseResult }
  | { file: string; readable: false; error: string };

/** Reads and parses one file on the calling thread; a file over the size limit is not read. Never throws. */
export async function readAndParseStatementFile(file: string): Promise<ParsedFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFileAtMost(file, DEFAULT_BANK_INPUT_LIMITS.maxFileBytes);
  } catch (error) {
    return { file, readable: false, error: error instanceof Error ? error.message : String(error) };
  }
  return { file, readable: true, result: parseStatementFile(bytes, file) };
}
