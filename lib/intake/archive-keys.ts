/** A file name safe as the last segment of an S3 key: no separators or control characters, bounded length. */
export function safeFilename(filename: string): string {
  // Control characters and path separators would change where the object lands or how it lists.
  const replaced = [...filename].map((c) =>
    c.charCodeAt(0) < 0x20 || c === '\u007f' || c === '/' || c === '\\' ? '_' : c,
  );
  const cleaned = replaced.join('').replace(/^\.+/, '_').trim();
  if (!cleaned) return 'file';
  if (cleaned.length <= 150) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return `${cleaned.slice(0, 150 - extension.length)}${extension}`;
}

/** `yyyy/mm` of the moment the file arrived (the S3 event time), UTC. */
export function yearMonth(at: string | Date): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  const valid = Number.isNaN(date.getTime()) ? new Date(0) : date;
  return `${valid.getUTCFullYear()}/${String(valid.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Where the original is archived unchanged: `originals/<ADM>/<yyyy>/<mm>/<sha256>/<filename>`. */
export function originalKey(
  administration: string,
  receivedAt: string | Date,
  sha256: string,
  filename: string,
) {
  return `originals/${administration}/${yearMonth(receivedAt)}/${sha256}/${safeFilename(filename)}`;
}

/** Extracted files sit beside their original: `<original folder>/attachments/<sha256>/<filename>`. */
export function attachmentKey(originalFolder: string, sha256: string, filename: string): string {
  return `${originalFolder}/attachments/${sha256}/${safeFilename(filename)}`;
}
