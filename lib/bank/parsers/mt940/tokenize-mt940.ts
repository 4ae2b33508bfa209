import { truncateText, visibleControls } from '../../../runtime/quoted-text.ts';

/**
 * Splits MT940 text into message blocks and tag fields, tolerant of what banks really write (see README.md
 * in this folder for the quirks and where they come from).
 */

/** The tags of an MT940 (and MT942) message; any other `:xx:` at a line start is continuation text. */
const KNOWN_TAGS = new Set([
  '13',
  '13D',
  '20',
  '21',
  '25',
  '25P',
  '28',
  '28C',
  '34F',
  '60F',
  '60M',
  '61',
  '62F',
  '62M',
  '64',
  '65',
  '86',
  '90C',
  '90D',
  // German banks' non-SWIFT field (`:NS:`): its own subfields, never part of the :86: before it.
  'NS',
]);

/** Tags that open a statement's header. */
export const STATEMENT_HEAD_TAGS = new Set(['25', '25P', '28', '28C', '60F', '60M']);

export interface Mt940Field {
  /** Upper case: `:60f:` is read as `60F`. */
  tag: string;
  /** The content after the tag, then every following line up to the next tag (line `lineNumber + i`). */
  lines: string[];
  lineNumber: number;
  /** Continuation lines that look like a mangled statement line or balance (`:6l:2401…`, `:62 F:C…`). */
  suspectLines?: SuspectLine[];
}

/** A line that looks like a tag but is none (`:2O:`, `:6l:`), before the first field of a block. */
export interface SuspectLine {
  lineNumber: number;
  text: string;
}

export interface Mt940Block {
  header: string[];
  fields: Mt940Field[];
  /** Header lines shaped like a tag that is not one: the remains of a lost or mangled tag. */
  suspectLines: SuspectLine[];
}

const TAG_LINE = /^\s*:(\d{2}[A-Za-z]?|NS):(.*)$/;
/** A trailer that always ends a message: `-}`, `-}{5:…}`, `-XXX`. */
const TRAILER = /^\s*-\s*(?:\}.*|XXX)\s*$/;
/** A lone `-`: the end of a message, or (Rabobank) a line of `:86:` text. */
const LONE_DASH = /^\s*-\s*$/;
const ENVELOPE = /^\{1:[^}]*\}(?:\{[^4][^}]*\})*(?:\{4:)?/;
/** Looks like a tag but is not a known one; `:940:`/`:942:` are Rabobank's header lines. */
const TAG_SHAPED = /^\s*:[0-9A-Za-z]{1,4}:/;
const RABOBANK_HEADER = /^\s*:94[02]:\s*$/;
/**
 * A tag-like start (not a known tag) followed by what only `:61:` or a balance holds, or a whole statement
 * line that lost its tag (`2401050105D10,00NTRF…`).
 */
const MANGLED_TAG =
  /^\s*(?::[^:\s]{1,4}\s?[^:\s]?:\s*(?:\d{6}(?:\d{4}| {4})?R?[CD][A-Z]?\d|[CD]\d{6}[A-Z]{3}\d)|\d{6}(?:\d{4})?R?[CD][A-Z]?\d+[,.]\d*[NSF][A-Z0-9]{3})/;
/**
 * C0 control characters (Ctrl-Z end-of-file marks, NULs) are never MT940 content; TAB and LF stay. CR is
 * removed here too, after CRLF/CR have become LF.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** `text`, trimmed and cut to `max` characters, for quoting in an error. */
export function quoteLine(text: string, max = 60): string {
  return truncateText(visibleControls(text.trim()), max);
}

function tagOf(line: string): string | undefined {
  const match = TAG_LINE.exec(line);
  const tag = match?.[1]?.toUpperCase();
  return tag !== undefined && KNOWN_TAGS.has(tag) ? tag : undefined;
}

/**
 * Whether a tag line is really the rest of a time wrapped at the line width inside `:86:` text: ING's
 * `…05/31/2017 00` + `:00:00/`, German `…T16` + `:26:37 Fo…`. Then the line before is a full-width line
 * ending in the hour, the "tag" is the minutes and its content starts with the seconds.
 */
function isWrappedTime(field: Mt940Field | undefined, line: string): boolean {
  if (field?.tag !== '86') return false;
  const previous = field.lines[field.lines.length - 1] ?? '';
  return (
    previous.trimEnd().length >= 60 && /\d$/.test(previous.trimEnd()) && /^:[0-5]\d:\d\d(?!\d)/.test(line)
  );
}

/**
 * Whether a lone `-` at `index` ends the message. It does unless the next tag continues the statement
 * (`:61:`, `:86:`, a closing balance): Rabobank writes `-` as a line of `:86:` text, and some exports put
 * `-` between lines of one statement without starting a new message.
 */
function loneDashEndsMessage(lines: readonly string[], index: number): boolean {
  for (let next = index + 1; next < lines.length; next++) {
    const line = lines[next] ?? '';
    if (ENVELOPE.test(line) || TRAILER.test(line) || LONE_DASH.test(line)) return true;
    const tag = tagOf(line);
    if (tag !== undefined) return tag === '20' || STATEMENT_HEAD_TAGS.has(tag);
  }
  return true;
}

/**
 * Splits the text into message blocks and fields. Envelopes `{1:…}{2:…}{4:`, trailers `-}`, `-}{5:…}`,
 * `-XXX` and a lone `-` that is followed by a new statement end blocks; ABN/bunq/ING preamble lines and
 * Rabobank `:940:` lines are block headers; other lines continue the previous field.
 */
export function tokenizeMt940(text: string): Mt940Block[] {
  const lines = text.replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '').split('\n');
  const blocks: Mt940Block[] = [];
  let block: Mt940Block = { header: [], fields: [], suspectLines: [] };
  let field: Mt940Field | undefined;
  const finish = () => {
    if (block.fields.length || block.header.length || block.suspectLines.length) blocks.push(block);
    block = { header: [], fields: [], suspectLines: [] };
    field = undefined;
  };
  lines.forEach((rawLine, index) => {
    let line = rawLine;
    const envelope = ENVELOPE.exec(line);
    if (envelope) {
      if (block.fields.length) finish();
      block.header.push(envelope[0]);
      line = line.slice(envelope[0].length);
      if (line.trim() === '') return;
    }
    if (TRAILER.test(line) || (LONE_DASH.test(line) && loneDashEndsMessage(lines, index))) {
      finish();
      return;
    }
    const tag = isWrappedTime(field, line) ? undefined : tagOf(line);
    if (tag !== undefined) {
      field = { tag, lines: [TAG_LINE.exec(line)?.[2] ?? ''], lineNumber: index + 1 };
      block.fields.push(field);
      return;
    }
    if (field) {
      // A lone `-` that does not end the message is text in `:86:` and a mere separator elsewhere; a
      // mangled tag is no text. Both keep their place so line numbers stay right.
      if (MANGLED_TAG.test(line)) {
        field.suspectLines ??= [];
        field.suspectLines.push({ lineNumber: index + 1, text: line });
        field.lines.push('');
      } else field.lines.push(LONE_DASH.test(line) && field.tag !== '86' ? '' : line);
    } else if (line.trim() !== '') {
      if (TAG_SHAPED.test(line) && !RABOBANK_HEADER.test(line))
        block.suspectLines.push({ lineNumber: index + 1, text: line });
      else block.header.push(line.trim());
    }
  });
  finish();
  return blocks;
}
