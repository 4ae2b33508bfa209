import { createHash } from 'node:crypto';

/** Where a tenant's administration keeps its invoice memory in the mirror table (`pk`/`sk`). */
export interface InvoiceStoreScope {
  tenant: string;
  administration: string;
}

/** DynamoDB keys hold at most 2048 bytes; long keys keep a readable head and a hash of the whole. */
function bounded(value: string): string {
  return value.length <= 400
    ? value
    : `${value.slice(0, 300)}~${createHash('sha256').update(value).digest('hex')}`;
}

/** Learned ledger account / cost centre for one relation: `INVOICE-LEDGER#<tenant>#<adm>#<relationKey>`. */
export function ledgerKey(scope: InvoiceStoreScope, relationKey: string): { pk: string; sk: string } {
  return {
    pk: bounded(`INVOICE-LEDGER#${scope.tenant}#${scope.administration}#${relationKey}`),
    sk: 'CHOICE',
  };
}

/** The first document seen for a dedup key: `INVOICE-SEEN#<tenant>#<adm>#<key>`. */
export function seenKey(scope: InvoiceStoreScope, dedupKey: string): { pk: string; sk: string } {
  return { pk: bounded(`INVOICE-SEEN#${scope.tenant}#${scope.administration}#${dedupKey}`), sk: 'FIRST' };
}
