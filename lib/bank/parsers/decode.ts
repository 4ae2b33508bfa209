/**
 * Turns the raw bytes of a bank file into text. Banks export UTF-8 or ISO-8859-1/Windows-1252 without
 * saying which, so: strict UTF-8 first, and Windows-1252 (a superset of latin-1 for printable bytes) when
 * the bytes are not valid UTF-8. Strips a BOM and normalises CRLF/CR to LF.
 */
import { isAscii } from 'node:buffer';

export type TextEncodingName = 'utf-8' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

export function decodeStatementBytes(bytes: Uint8Array): DecodedText {
  let text: string;
  let encoding: TextEncodingName = 'utf-8';
  try {
    // Most statements are plain ASCII, which reads the same in both encodings: a one-byte copy then, and
    // V8 keeps it as a one-byte string (half the memory, faster scanning).
    text = isAscii(bytes)
      ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
      : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
    encoding = 'windows-1252';
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Most files use LF only: skip the copy then.
  return { text: text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text, encoding };
}
