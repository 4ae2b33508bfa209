import type { BankStatement } from '../../statement.ts';
import { bankFromText } from '../bank-codes.ts';
import { Mt940StatementReader } from './statement-reader.ts';
import { type Mt940Block, quoteLine, STATEMENT_HEAD_TAGS, tokenizeMt940 } from './tokenize-mt940.ts';

/**
 * A block that is a whole statement without `:20:` (ABN AMRO's "dagafschrift" downloads): it has an
 * account and an opening balance, and nothing in its header looks like a mangled tag.
 */
function isStatementWithoutReference(block: Mt940Block): boolean {
  const tags = new Set(block.fields.map((field) => field.tag));
  return (
    !tags.has('20') &&
    tags.has('25') &&
    (tags.has('60F') || tags.has('60M')) &&
    block.suspectLines.length === 0 &&
    STATEMENT_HEAD_TAGS.has(block.fields[0]?.tag ?? '')
  );
}

/**
 * Parses all statements of an MT940 file. A `:20:` starts a statement, and so does a block that is a
 * whole statement without one; lines that cannot be read become errors naming line, tag, value and rule.
 * Tags before the first statement are file errors. Later tags outside a statement are errors of the
 * statement they belong to, so it is not booked with lines missing: a block whose header tags come without
 * `:20:` (a lost or mangled `:20:`) is read but never booked; lines after a block end with no new statement
 * continue the statement before it while it has no closing balance; entries after it become a statement of
 * their own that is never booked.
 */
export function parseMt940(text: string): { statements: BankStatement[]; errors: string[] } {
  const reader = new Mt940StatementReader();
  const blocks = tokenizeMt940(text);
  const fileBank = bankFromText(blocks.flatMap((block) => block.header).join('\n'));
  for (const block of blocks) {
    const blockBank = bankFromText(block.header.join('\n')) ?? fileBank ?? 'generic';
    const withoutReference = isStatementWithoutReference(block);
    let pendingSuspects = block.suspectLines;
    const reportSuspects = () => {
      for (const suspect of pendingSuspects) {
        reader.unreadable(
          suspect.lineNumber,
          suspect.text,
          `line ${suspect.lineNumber} "${quoteLine(suspect.text, 40)}": not an MT940 tag`,
        );
      }
      pendingSuspects = [];
    };
    for (const [index, field] of block.fields.entries()) {
      const content = (field.lines[0] ?? '').trim();
      const firstOfBlock = index === 0;
      // A header tag after a closing balance starts the next statement even without a block end.
      const startsStatement = STATEMENT_HEAD_TAGS.has(field.tag) && (firstOfBlock || reader.closed);
      if (field.tag === '20') {
        reader.startStatement(blockBank, content);
      } else if (withoutReference && (firstOfBlock || (reader.closed && field.tag === '25'))) {
        reader.startStatement(blockBank);
      } else if (!reader.current) {
        reportSuspects();
        reader.unreadable(
          field.lineNumber,
          `:${field.tag}:${content}`,
          `line ${field.lineNumber} :${field.tag}: outside a statement (no :20: before it)`,
        );
        continue;
      } else if (startsStatement) {
        // A statement whose :20: is lost: read it, so its lines are seen, but never book it.
        reader
          .startStatement(blockBank)
          .errors.push(
            `line ${field.lineNumber} :${field.tag}: "${quoteLine(content, 40)}": statement has no transaction reference :20: before it`,
          );
      }
      if (firstOfBlock) reportSuspects();
      reader.read(field);
    }
    if (pendingSuspects.length) reportSuspects();
  }
  reader.finish();
  return { statements: reader.statements, errors: reader.fileErrors };
}
