import type { RelationUpsert } from '../../../events/index.ts';
import { RELATION } from '../records/catalog.ts';
import type { CashMappingContext, CashMappingIssue, CashMappingResult } from './mapping-types.ts';
import { RecordAssembler } from './record-assembler.ts';

function joined(parts: Array<string | undefined>, separator: string): string | undefined {
  const present = parts.map((p) => p?.trim()).filter((p): p is string => Boolean(p));
  return present.length ? present.join(separator) : undefined;
}

/** relation.upsert → one 0101 record (NAW). Street and number share F0105; postcode and city share F0107. */
export function mapRelation(relation: RelationUpsert, ctx: CashMappingContext): CashMappingResult {
  const issues: CashMappingIssue[] = [];
  const address = relation.address;
  const record = new RecordAssembler(RELATION, { amountNotation: ctx.settings.amountNotation }, issues)
    .set(
      '0101',
      relation.relationNumber ?? ctx.relationNumber,
      relation.relationNumber ? 'data.relationNumber' : 'context.relationNumber',
    )
    .set('0102', relation.searchName, 'data.searchName')
    .set('0103', relation.name, 'data.name')
    .set('0104', relation.contactPerson, 'data.contactPerson')
    .set('0105', joined([address?.street, address?.houseNumber], ' '), 'data.address.street')
    // Dutch convention: two spaces between postcode and city.
    .set('0107', joined([address?.postalCode, address?.city], '  '), 'data.address.city')
    .set('0130', address?.countryCode, 'data.address.countryCode')
    .set('0108', relation.phone, 'data.phone')
    .set('0110', relation.iban, 'data.iban')
    .set('0350', relation.bic, 'data.bic')
    .set('0116', relation.vatId, 'data.vatId')
    .set('0120', relation.email, 'data.email')
    .set('1479', relation.kvk, 'data.kvk')
    .set('0111', relation.paymentTermDays, 'data.paymentTermDays')
    .set('0174', relation.defaultLedgerAccount, 'data.defaultLedgerAccount');
  const built = record.build();
  return built ? { ok: true, records: [built], invoiceNumbers: [] } : { ok: false, issues };
}
