import { createHash } from 'node:crypto';

/** The hex SHA-256 of a file's bytes: its document id (`doc_<sha256>`) and its archive folder. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
