import { createHash } from 'node:crypto';
import type { ChangeEventType } from './change-event.ts';

/**
 * The deterministic id of a change event: the same record with the same content in the same administration
 * always gets the same id, so a re-emitted change (a sync that crashed after routing) is recognised.
 */
export function changeEventId(
  tenant: string,
  administration: string,
  type: ChangeEventType,
  key: string,
  contentHash: string,
): string {
  const digest = createHash('sha256')
    .update(`${tenant}\u0000${administration}\u0000${type}\u0000${key}\u0000${contentHash}`)
    .digest('hex');
  return `chg_${digest.slice(0, 32)}`;
}
