/**
 * RFC 4180 reader that keeps positions: quoted fields, doubled quotes, separators and line breaks inside
 * quotes. Every record knows the physical line it starts on (quoted line breaks and blank lines do not shift
 * the numbers in error messages), and what RFC 4180 forbids is reported with line and column instead of
 * being read some way: a quote that is never closed (it would swallow every row after it) and text after a
 * closing quote.
 */
export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  cells: string[];
  /** Whether each cell was quoted. */
  quoted: boolean[];
}

export type CsvProblemRule = 'unterminated-quote' | 'text-after-quote' | 'field-too-long';

export interface CsvProblem {
  rule: CsvProblemRule;
  /** Line and 1-based character column where the problem starts. */
  line: number;
  column: number;
  /** The record (by its first line) and 0-based field the problem is in. */
  recordLine: number;
  field: number;
  /** For a quote left open that a later quote closed: the last line it swallowed. */
  swallowedTo?: number;
  /** For a field too long: the limit it passed. */
  maxFieldChars?: number;
}

export interface CsvRead {
  /** Records with at least one non-blank cell. */
  records: CsvRecord[];
  problems: CsvProblem[];
}

/** Longer fields are reported and cut, so a huge quoted field costs no more memory than the limit. */
const DEFAULT_MAX_FIELD_CHARS = 8 * 1024;

export function readCsvRecords(
  text: string,
  separator: string,
  maxFieldChars = DEFAULT_MAX_FIELD_CHARS,
): CsvRead {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let cells: string[] = [];
  let quotedCells: boolean[] = [];
  let field = '';
  let fieldQuoted = false;
  let inQuotes = false;
  let line = 1;
  let lineStart = 0;
  let recordLine = 1;
  let quoteLine = 1;
  let quoteColumn = 1;
  let afterQuoteReported = false;
  let tooLongReported = false;
  const endField = () => {
    cells.push(field);
    quotedCells.push(fieldQuoted);
    field = '';
    fieldQuoted = false;
    afterQuoteReported = false;
    tooLongReported = false;
  };
  const endRecord = () => {
    endField();
    if (cells.some((cell) => cell.trim() !== ''))
      records.push({ line: recordLine, cells, quoted: quotedCells });
    cells = [];
    quotedCells = [];
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (field.length > maxFieldChars) {
      if (!tooLongReported) {
        problems.push({
          rule: 'field-too-long',
          line,
          column: i - lineStart + 1,
          recordLine,
          field: cells.length,
          maxFieldChars,
        });
        tooLongReported = true;
      }
      // Read on (quotes, separators and line breaks still count) but keep no more of the field.
      field = field.slice(0, maxFieldChars);
    }
    if (inQuotes) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (char === '\n') {
          line++;
          lineStart = i + 1;
        }
        field += char;
      }
    } else if (char === '"' && field.trim() === '' && !fieldQuoted) {
      // Spaces before an opening quote are padding, not content.
      field = '';
      inQuotes = true;
      fieldQuoted = true;
      quoteLine = line;
      quoteColumn = i - lineStart + 1;
    } else if (char === separator) {
      endField();
    } else if (char === '\n') {
      endRecord();
      line++;
      lineStart = i + 1;
      recordLine = line;
    } else {
      if (fieldQuoted && !afterQuoteReported && char !== ' ' && char !== '\t') {
        // A quoted field over several lines that a quote opening another field "closes": a quote left open
        // that swallowed the lines in between.
        const swallowed = quoteLine < line;
        problems.push({
          rule: swallowed ? 'unterminated-quote' : 'text-after-quote',
          line: swallowed ? quoteLine : line,
          column: swallowed ? quoteColumn : i - lineStart + 1,
          recordLine,
          field: cells.length,
          ...(swallowed ? { swallowedTo: line } : {}),
        });
        afterQuoteReported = true;
      }
      if (!(fieldQuoted && (char === ' ' || char === '\t') && !afterQuoteReported)) field += char;
    }
  }
  if (inQuotes) {
    problems.push({
      rule: 'unterminated-quote',
      line: quoteLine,
      column: quoteColumn,
      recordLine,
      field: cells.length,
    });
  }
  if (field !== '' || cells.length) endRecord();
  return { records, problems };
}

/** The cells of every non-blank record (positions and problems left out). */
export function readDelimited(text: string, separator: string): string[][] {
  return readCsvRecords(text, separator).records.map((record) => record.cells);
}

/** The separator of a header line: the one of `;`, `,`, TAB that occurs most outside quotes. */
export function guessSeparator(headerLine: string): string {
  const unquoted = headerLine.replace(/"[^"]*"/g, '');
  const counts = [';', ',', '\t'].map((sep) => ({ sep, count: unquoted.split(sep).length - 1 }));
  counts.sort((a, b) => b.count - a.count);
  return counts[0]?.sep ?? ',';
}

/** An Excel `sep=;` first line names the separator (and is not a header). */
export function separatorHint(line: string): string | undefined {
  const match = /^"?sep=(.)"?\s*$/i.exec(line);
  if (!match) return undefined;
  return match[1] === '\\' ? undefined : match[1];
}
