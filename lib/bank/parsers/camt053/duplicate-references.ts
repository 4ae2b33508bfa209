import type { BankEntry } from '../../statement.ts';
import { quotedInput } from '../quoted-input.ts';

/** Which Ntry of its statement an entry was read from (1-based); the parts of one batch share it. */
export interface EntryOrigin {
  entry: BankEntry;
  ntry: number;
}

/**
 * The bank's reference (`AcctSvcrRef`) names one booking. Seen on two Ntry of one statement it means the
 * bank listed one booking twice, or gave two bookings one reference: either way booking both automatically
 * could pay or receive twice, and dropping one could lose one. So the statement is kept (its balance says
 * whether both moved money) and every entry with that reference is flagged: it goes to a person, never
 * booked automatically. The parts of one batch Ntry sharing its reference are one booking, not duplicates.
 */
export function flagDuplicateReferences(origins: readonly EntryOrigin[], where: string): void {
  const byReference = new Map<string, EntryOrigin[]>();
  for (const origin of origins) {
    const reference = origin.entry.bankReference;
    if (!reference) continue;
    const group = byReference.get(reference);
    if (group) group.push(origin);
    else byReference.set(reference, [origin]);
  }
  for (const [reference, group] of byReference) {
    const ntries = [...new Set(group.map((origin) => origin.ntry))];
    if (ntries.length < 2) continue;
    for (const origin of group) {
      const others = ntries.filter((ntry) => ntry !== origin.ntry).join(', ');
      const flag =
        `duplicate bank reference ${quotedInput(reference)}: also on Ntry ${others} of ${where}; ` +
        'possibly the same booking twice, not booked automatically';
      origin.entry.flags = [...(origin.entry.flags ?? []), flag];
    }
  }
}
