import type { Direction } from '../invoices/index.ts';

/** Headers naming who the message was for, the delivery headers first (they are the envelope recipient). */
const RECIPIENT_HEADERS = ['x-original-to', 'delivered-to', 'envelope-to', 'x-forwarded-to', 'to', 'cc'];
const SALES = /(^|[-+._])(sales|verkoop|verkoopfacturen|debiteuren)($|[-+._])/;
const PURCHASE = /(^|[-+._])(purchase|inkoop|inkoopfacturen|crediteuren|facturen|invoices?)($|[-+._])/;

/** The header block of a raw message (up to the first empty line), unfolded, by lowercase name. */
export function emailHeaders(bytes: Uint8Array, maxBytes = 64 * 1024): Map<string, string[]> {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.byteLength, maxBytes)));
  const end = head.search(/\r?\n\r?\n/);
  const block = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string[]>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return headers;
}

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
