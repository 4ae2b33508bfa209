import type { DocumentRecord } from '../../documents/index.ts';

/** Where a document's original is kept, when it has one. */
export interface OriginalLocation {
  bucket: string;
  key: string;
}

/** What the browser is told of an original: where to download it, its type and its name. */
export interface OriginalLink {
  href: string;
  contentType: string;
  name: string;
}

const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  xml: 'application/xml',
  eml: 'message/rfc822',
  txt: 'text/plain',
  csv: 'text/csv',
  sta: 'text/plain',
  mt940: 'text/plain',
  json: 'application/json',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
  webp: 'image/webp',
  zip: 'application/zip',
};

export function originalLocation(record: DocumentRecord): OriginalLocation | undefined {
  const document = record.source.document;
  return document?.bucket && document.key ? { bucket: document.bucket, key: document.key } : undefined;
}

/** The file name of an object key: its last segment, or `document` when it has none. */
export function originalName(key: string): string {
  const last = key.split('/').filter(Boolean).pop() ?? '';
  return last === '' ? 'document' : last.slice(0, 200);
}

/** The media type of a file by its extension; unknown ones are `application/octet-stream`. */
export function contentTypeOf(name: string): string {
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase();
  return (extension && TYPES[extension]) || 'application/octet-stream';
}

export function originalLink(record: DocumentRecord): OriginalLink | undefined {
  const location = originalLocation(record);
  if (!location) return undefined;
  const name = originalName(location.key);
  return {
    href: `/v1/app/documents/${record.id}/original`,
    contentType: contentTypeOf(name),
    name,
  };
}

/**
 * `Content-Disposition: attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266 / 8187); quotes,
 * backslashes and control characters never reach the header.
 */
export function attachmentDisposition(raw: string): string {
  // A lone surrogate cannot be percent-encoded; it becomes U+FFFD.
  const name = wellFormed(raw);
  const ascii = name
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\]/g, '_')
    .trim();
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii || 'document'}"; filename*=UTF-8''${encoded}`;
}

/** The text with each lone surrogate replaced by U+FFFD (String.prototype.toWellFormed, ES2024). */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
