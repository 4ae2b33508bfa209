/**
 * File names of attachments come from senders (MIME parts, PDF embedded files, UBL `@filename`) and end up
 * in storage keys and in CASH rubriek 1540. They are reduced to a plain base name at extraction.
 */

export const MAX_ATTACHMENT_NAME_LENGTH = 200;

/** C0, DEL, C1, and the bidi embeddings/overrides/isolates that make `evil‮fdp.exe` read as `evilexe.pdf`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const SEPARATORS = /[/\\]/;
/** Characters Windows and most stores refuse in a name (besides separators and controls). */
const RESERVED_CHARACTERS = /[<>:"|?*]/g;
/** CON, PRN, AUX, NUL, COM1–9, LPT1–9 are devices on Windows, also with an extension. */
const RESERVED_WINDOWS_NAME = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\.|$)/i;
const EXTENSION = /\.([A-Za-z0-9]{1,10})$/;

/** The extension (without dot, lower case) a fallback name keeps, from the name or else the mime type. */
function extensionOf(name: string, mimeType: string | undefined): string {
  const fromName = EXTENSION.exec(name)?.[1];
  if (fromName) return fromName.toLowerCase();
  const subtype = mimeType?.split(';')[0]?.split('/')[1]?.trim().toLowerCase();
  if (subtype === 'pdf' || subtype === 'xml' || subtype === 'png' || subtype === 'csv') return subtype;
  if (subtype === 'jpeg') return 'jpg';
  return 'bin';
}

/** Shortens a name to `max` UTF-16 units (as the event schema counts), keeping its extension and pairs whole. */
function capLength(name: string, max: number): string {
  if (name.length <= max) return name;
  const extension = EXTENSION.exec(name)?.[0] ?? '';
  let stem = '';
  for (const char of name.slice(0, name.length - extension.length)) {
    if (stem.length + char.length > max - extension.length) break;
    stem += char;
  }
  return `${stem.replace(/[. ]+$/, '')}${extension}`;
}

/**
 * A safe base name for an attachment: the last path segment, without control/bidi characters, `..`,
 * characters Windows refuses, leading dots or spaces, trailing dots or spaces, reserved device names; at
 * most 200 characters with the extension kept. A name with nothing left becomes `attachment.<ext>`.
 * Idempotent: a sanitised name comes back unchanged.
 */
export function sanitizeAttachmentName(raw: string | undefined, mimeType?: string): string {
  // Line breaks and tabs separated words: they become spaces, other controls go.
  const withoutControls = (raw ?? '')
    .replace(/[\t\n\v\f\r]+/g, ' ')
    .replace(CONTROL, '')
    .normalize('NFC');
  const base = withoutControls.split(SEPARATORS).at(-1) ?? '';
  let name = base
    .replace(RESERVED_CHARACTERS, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/\s+/g, ' ')
    .replace(/^[. ]+/, '')
    .replace(/[. ]+$/, '');
  if (RESERVED_WINDOWS_NAME.test(name)) name = `_${name}`;
  name = capLength(name, MAX_ATTACHMENT_NAME_LENGTH);
  // A name left as just an extension-less stub of dots or spaces is no name.
  if (name === '' || !/[^. ]/.test(name)) return `attachment.${extensionOf(withoutControls, mimeType)}`;
  return name;
}
