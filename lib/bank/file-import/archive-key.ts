/** Archive key of an original: `originals/<ADM>/<yyyy>/<mm>/<sha256>/<filename>`. */
export function archiveKey(administration: string, at: Date, sha256: string, filename: string): string {
  const year = String(at.getUTCFullYear());
  const month = String(at.getUTCMonth() + 1).padStart(2, '0');
  return `originals/${administration}/${year}/${month}/${sha256}/${filename}`;
}
