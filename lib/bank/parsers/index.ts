/** Bank statement parsing: CAMT.053, MT940 (Dutch bank dialects) and bank CSV/TAB exports. */

export { assignImportIds, computeImportId, type ImportIdFacts, importIdKey } from '../import-id.ts';
export { type AmountParse, formatCents, parseAmountToCents, parseLooseAmountToCents } from './amount.ts';
export { applyBalanceCheck } from './balance.ts';
export { bankFromBic, bankFromIban, bankFromText as detectBank } from './bank-codes.ts';
export { camtVersion, parseCamt053 } from './camt053/parse-camt053.ts';
export { type CsvLayout, detectCsvLayout, parseBankCsv } from './csv/parse-bank-csv.ts';
export { type DecodedText, decodeStatementBytes, type TextEncodingName } from './decode.ts';
export { detectFormat } from './detect.ts';
export { type EntryDetails, parseEntryDetails } from './entry-details.ts';
export { type BankInputLimits, bankInputLimits, DEFAULT_BANK_INPUT_LIMITS } from './input-limits.ts';
export { parseMt940, parseStatementLine, type StatementLine } from './mt940/index.ts';
export { type ParseResult, parseStatementFile } from './parse-statement-file.ts';
export {
  findStructuredReference,
  isValidBetalingskenmerk,
  isValidIban,
  isValidRfReference,
} from './references.ts';
