/**
 * S3 event keys are URL-encoded with `+` for spaces. A malformed %-sequence keeps the raw key, so the file's
 * document can name it instead of the whole batch failing on it.
 */
export function decodeS3Key(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}
