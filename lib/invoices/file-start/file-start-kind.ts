/** What a file is, decided by how it starts; names, MIME types and text further in do not count. */
export type FileStartKind = 'pdf' | 'xml' | 'other';

/** The PDF spec lets a reader find the `%PDF-` header within the first 1024 bytes (junk before it is allowed). */
const PDF_HEADER_WINDOW = 1024;
const PDF_HEADER = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const isXmlSpace = (b: number | undefined) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

function startsWith(bytes: Uint8Array, at: number, prefix: readonly number[]): boolean {
  if (at + prefix.length > bytes.byteLength) return false;
  return prefix.every((b, i) => bytes[at + i] === b);
}

/** UTF-16 (either order, with or without BOM) whose first character after BOM and whitespace is `<`. */
function startsAsUtf16Xml(bytes: Uint8Array): boolean {
  let at = bytes[0] === 0xff && bytes[1] === 0xfe ? 2 : bytes[0] === 0xfe && bytes[1] === 0xff ? 2 : 0;
  const littleEndian = at === 2 ? bytes[0] === 0xff : bytes[1] === 0x00;
  for (; at + 1 < bytes.byteLength; at += 2) {
    const [lo, hi] = littleEndian ? [bytes[at], bytes[at + 1]] : [bytes[at + 1], bytes[at]];
    if (hi !== 0x00) return false;
    if (isXmlSpace(lo)) continue;
    return lo === 0x3c;
  }
  return false;
}

/** After an optional UTF-8 BOM and whitespace the first character is `<` (`<?xml`, a comment or the root). */
function startsAsXml(bytes: Uint8Array): boolean {
  let at = startsWith(bytes, 0, UTF8_BOM) ? UTF8_BOM.length : 0;
  while (at < bytes.byteLength && isXmlSpace(bytes[at])) at++;
  if (bytes[at] === 0x3c) return true;
  return at === 0 && startsAsUtf16Xml(bytes);
}

function hasPdfHeader(bytes: Uint8Array): boolean {
  const last = Math.min(bytes.byteLength, PDF_HEADER_WINDOW) - PDF_HEADER.length;
  for (let at = 0; at <= last; at++) if (startsWith(bytes, at, PDF_HEADER)) return true;
  return false;
}

/**
 * Decides by the file's first bytes: a file that starts as XML is XML even when its text contains `%PDF-`;
 * otherwise `%PDF-` within the first 1024 bytes makes it a PDF.
 */
export function fileStartKind(bytes: Uint8Array): FileStartKind {
  if (startsAsXml(bytes)) return 'xml';
  if (hasPdfHeader(bytes)) return 'pdf';
  return 'other';
}

export const startsAsPdf = (bytes: Uint8Array): boolean => fileStartKind(bytes) === 'pdf';

/** Image formats a phone camera or scanner makes, by their signatures (JPEG SOI, PNG, RIFF….WEBP). */
export type ImageKind = 'jpeg' | 'png' | 'webp';

/** The image format the bytes start as, or undefined. */
export function startsAsImage(bytes: Uint8Array): ImageKind | undefined {
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, 0, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, 8, [0x57, 0x45, 0x42, 0x50]))
    return 'webp';
  return undefined;
}
