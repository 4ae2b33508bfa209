import { quoteText } from '../../runtime/quoted-text.ts';
import type { BankEntry } from '../statement.ts';

/**
 * Where in its statement an entry was read from: the camt.053 `Ntry 3`, the CSV `line 7`. The parts of one
 * batch Ntry share it.
 */
export interface EntryOrigin {
  entry: BankEntry;
  position: string;
}

/**
 * The bank's reference (camt `AcctSvcrRef`, Rabobank `Volgnr`, Knab `Referentie`) names one booking. Seen at
 * two places of one statement it means the bank listed one booking twice, or gave two bookings one
 * reference: booking both automatically could pay or receive twice, dropping one could lose one. So the
 * statement is kept (its balance says whether both moved money) and every entry with that reference is
 * flagged: it goes to a person, never booked automatically. Batch parts of one Ntry sharing its reference are
 * one booking, not duplicates.
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
    // Nearly every reference is seen once: no position list to build then.
    if (group.length < 2) continue;
    const positions = [...new Set(group.map((origin) => origin.position))];
    if (positions.length < 2) continue;
    for (const origin of group) {
      const all = positions.filter((position) => position !== origin.position);
      // A bank that repeats one reference everywhere must not make every flag list every entry.
      const others =
        all.length > 5 ? `${all.slice(0, 5).join(', ')} and ${all.length - 5} more` : all.join(', ');
      const flag =
        `duplicate bank reference ${quoteText(reference)}: also on ${others} of ${where}; ` +
        'possibly the same booking twice, not booked automatically';
      origin.entry.flags = [...(origin.entry.flags ?? []), flag];
    }
  }
}
