/** MT940 (and MT942) statements as Dutch and German banks write them; quirks in README.md here. */

export { type Balance, parseAccount, parseBalance } from './header-fields.ts';
export { parseMt940 } from './parse-mt940.ts';
export { parseStatementLine, type StatementLine, type StatementLineParse } from './statement-line.ts';
export { Mt940StatementReader } from './statement-reader.ts';
export {
  type Mt940Block,
  type Mt940Field,
  quoteLine,
  type SuspectLine,
  tokenizeMt940,
} from './tokenize-mt940.ts';
