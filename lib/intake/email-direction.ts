import type { Direction } from '../invoices/index.ts';
import { emailHeaders } from './email-headers.ts';

/** Headers naming who the message was for, the delivery headers first (they are the envelope recipient). */
const RECIPIENT_HEADERS = ['x-original-to', 'delivered-to', 'envelope-to', 'x-forwarded-to', 'to', 'cc'];
const SALES = /(^|[-+._])(sales|verkoop|verkoopfacturen|debiteuren)($|[-+._])/;
const PURCHASE = /(^|[-+._])(purchase|inkoop|inkoopfacturen|crediteuren|facturen|invoices?)($|[-+._])/;

/** Local parts of the addresses in a header value (`"Naam" <a@b.nl>, c@d.nl` → `a`, `c`). */
function localParts(value: string): string[] {
  return [...value.matchAll(/([^\s<>",;:()]+)@[^\s<>",;()]+/g)].map((m) => (m[1] ?? '').toLowerCase());
}

/**
 * Purchase or sales for an e-mail that arrived on the administration's single address (`<adm>/inbox-email/`):
 * decided by the recipient address — `<adm>-sales@`, `<adm>+verkoop@`, `verkoop@` … mean sales, the
 * purchase words mean purchase — delivery headers before To/Cc. Nothing recognisable: purchase (most mail
 * to a bookkeeping address is a supplier's invoice). Bank statements never depend on this: the intake
 * recognises them by content and hands them to the bank import before the direction is asked.
 */
export function emailDirection(bytes: Uint8Array, administration: string): Direction {
  const headers = emailHeaders(bytes);
  const adm = administration.toLowerCase();
  for (const name of RECIPIENT_HEADERS) {
    for (const value of headers.get(name) ?? []) {
      for (const local of localParts(value)) {
        // Words are looked for beside the administration code, or in the whole local part.
        const rest = local.startsWith(adm) ? local.slice(adm.length) : local;
        if (SALES.test(rest)) return 'sales';
        if (PURCHASE.test(rest)) return 'purchase';
      }
    }
  }
  return 'purchase';
}
