import type { Relation } from '../api/index.ts';

/** The fields of the relation form, as typed. */
export interface RelationFields {
  name: string;
  email: string;
  phone: string;
  iban: string;
  vatId: string;
  kvk: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  countryCode: string;
  customer: boolean;
  supplier: boolean;
}

export const TEXT_FIELDS = [
  'name',
  'email',
  'phone',
  'iban',
  'vatId',
  'kvk',
  'street',
  'houseNumber',
  'postalCode',
  'city',
  'countryCode',
] as const;

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A relation from the CASH mirror (or none) as the form's fields; the mirror knows no roles: customer. */
export function fieldsFromRelation(relation: Relation | undefined): RelationFields {
  const address = (relation?.address ?? {}) as Record<string, unknown>;
  const roles = Array.isArray(relation?.roles) ? (relation.roles as unknown[]) : ['customer'];
  return {
    name: str(relation?.name),
    email: str(relation?.email),
    phone: str(relation?.phone),
    iban: str(relation?.iban),
    vatId: str(relation?.vatId),
    kvk: str(relation?.kvk),
    street: str(address.street),
    houseNumber: str(address.houseNumber),
    postalCode: str(address.postalCode),
    city: str(address.city),
    countryCode: str(address.countryCode) || str(relation?.countryCode),
    customer: roles.includes('customer'),
    supplier: roles.includes('supplier'),
  };
}

/**
 * The form as a `relation.upsert`'s data (empty fields left out, the address nested), or the fields that
 * stop it. The API checks the rest (IBAN, VAT id, KvK, CASH's lengths) and names the field.
 */
export function relationData(
  fields: RelationFields,
): { data: Record<string, unknown> } | { missing: string[] } {
  const missing: string[] = [];
  if (fields.name.trim() === '') missing.push('name');
  if (!fields.customer && !fields.supplier) missing.push('roles');
  if (missing.length > 0) return { missing };
  const data: Record<string, unknown> = { name: fields.name.trim() };
  for (const key of ['email', 'phone', 'iban', 'vatId', 'kvk'] as const) {
    const value = fields[key].trim();
    if (value !== '')
      data[key] = key === 'iban' || key === 'vatId' ? value.replace(/\s+/g, '').toUpperCase() : value;
  }
  const address: Record<string, string> = {};
  for (const key of ['street', 'houseNumber', 'postalCode', 'city', 'countryCode'] as const) {
    const value = fields[key].trim();
    if (value !== '') address[key] = key === 'countryCode' ? value.toUpperCase() : value;
  }
  if (Object.keys(address).length > 0) data.address = address;
  data.roles = [...(fields.customer ? ['customer'] : []), ...(fields.supplier ? ['supplier'] : [])];
  return { data };
}
