/**
 * Turns the raw bytes of a bank file into text. Banks export UTF-8 or ISO-8859-1/Windows-1252 without
 * saying which, so: strict UTF-8 first, and Windows-1252 (a superset of latin-1 for printable bytes) when
 * the bytes are not valid UTF-8. UTF-16 (spreadsheet "Unicode text" exports, some XML) is recognised by its
 * BOM or by the NUL bytes of its first characters. Strips a BOM and normalises CRLF/CR to LF.
 *
 * A file with both valid UTF-8 sequences and bytes that are not UTF-8 mixes two encodings: no single
 * reading of it is right, so `mixedEncoding` says where each kind first occurs and the parser blocks it.
 */
import { isAscii } from 'node:buffer';

export type TextEncodingName = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** A position in the decoded text: 1-based line and character column. */
export interface TextPosition {
  line: number;
  column: number;
}

export interface MixedEncoding {
  /** Where the first multi-byte UTF-8 character is. */
  utf8: TextPosition;
  /** Where the first byte is that is not UTF-8 (read as Windows-1252). */
  latin1: TextPosition;
}

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  mixedEncoding?: MixedEncoding;
}

/** UTF-16 from a BOM, or from NULs in the high bytes of the first two (ASCII) characters. */
function utf16Of(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length < 2 || bytes.length % 2 !== 0) return undefined;
  const [b0, b1] = [bytes[0], bytes[1]];
  if (b0 === 0xff && b1 === 0xfe) return 'utf-16le';
  if (b0 === 0xfe && b1 === 0xff) return 'utf-16be';
  if (bytes.length < 4) return undefined;
  if (b0 !== 0 && b1 === 0 && bytes[2] !== 0 && bytes[3] === 0) return 'utf-16le';
  if (b0 === 0 && b1 !== 0 && bytes[2] === 0 && bytes[3] !== 0) return 'utf-16be';
  return undefined;
}

/** The length of a well-formed UTF-8 multi-byte sequence at `at` (0 when there is none). */
function utf8SequenceAt(bytes: Uint8Array, at: number): number {
  const lead = bytes[at] ?? 0;
  const length =
    lead >= 0xc2 && lead <= 0xdf
      ? 2
      : lead >= 0xe0 && lead <= 0xef
        ? 3
        : lead >= 0xf0 && lead <= 0xf4
          ? 4
          : 0;
  if (length === 0 || at + length > bytes.length) return 0;
  for (let next = at + 1; next < at + length; next++) {
    const byte = bytes[next] ?? 0;
    if (byte < 0x80 || byte > 0xbf) return 0;
  }
  return length;
}

/** Line and column (in decoded Windows-1252 characters: one per byte) of a byte offset. */
function positionOf(bytes: Uint8Array, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset; index++) {
    if (bytes[index] === 0x0a) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Where a file that is not valid UTF-8 still has UTF-8 characters (undefined when it has none). */
function mixedEncodingOf(bytes: Uint8Array): MixedEncoding | undefined {
  let utf8: number | undefined;
  let other: number | undefined;
  for (let index = 0; index < bytes.length && (utf8 === undefined || other === undefined); index++) {
    if ((bytes[index] ?? 0) < 0x80) continue;
    const length = utf8SequenceAt(bytes, index);
    if (length > 0) {
      utf8 ??= index;
      index += length - 1;
    } else other ??= index;
  }
  if (utf8 === undefined || other === undefined) return undefined;
  return { utf8: positionOf(bytes, utf8), latin1: positionOf(bytes, other) };
}

export function decodeStatementBytes(input: Uint8Array): DecodedText {
  // A UTF-8 BOM says nothing about the rest (spreadsheets put it before latin-1 text too): drop it first.
  const bytes = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf ? input.subarray(3) : input;
  let text: string;
  let encoding: TextEncodingName = 'utf-8';
  let mixedEncoding: MixedEncoding | undefined;
  const utf16 = utf16Of(bytes);
  try {
    // Most statements are plain ASCII, which reads the same in both encodings: a one-byte copy then, and
    // V8 keeps it as a one-byte string (half the memory, faster scanning).
    if (utf16) {
      encoding = utf16;
      text = new TextDecoder(utf16).decode(bytes);
    } else {
      text = isAscii(bytes)
        ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
        : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
    encoding = 'windows-1252';
    mixedEncoding = mixedEncodingOf(bytes);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Most files use LF only: skip the copy then.
  const decoded: DecodedText = { text: text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text, encoding };
  if (mixedEncoding) decoded.mixedEncoding = mixedEncoding;
  return decoded;
}
