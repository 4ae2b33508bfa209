import { z } from 'zod';
import { CountryCode, Iban, RelationNumber } from './fields.ts';

export const RelationRole = z.enum(['customer', 'supplier']);

export const RelationUpsert = z
  .object({
    relationNumber: RelationNumber.optional().describe(
      'relatienummer (rubriek 0101); absent = new relation, assign a number',
    ),
    name: z.string().min(1).max(35).describe('naam (rubriek 0103)'),
    searchName: z.string().max(10).optional().describe('zoeknaam (rubriek 0102)'),
    contactPerson: z.string().max(35).optional().describe('t.a.v. (rubriek 0104)'),
    address: z
      .object({
        street: z.string().max(60).optional(),
        houseNumber: z.string().max(10).optional(),
        postalCode: z.string().max(10).optional(),
        city: z.string().max(35).optional(),
        countryCode: CountryCode.optional(),
      })
      .optional(),
    phone: z.string().max(20).optional(),
    email: z.email().max(80).optional(),
    iban: Iban.optional(),
    bic: z
      .string()
      .regex(/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'not a BIC')
      .optional(),
    vatId: z
      .string()
      .regex(/^[A-Z]{2}[A-Z0-9+*.]{2,13}$/, 'VAT id: country prefix and 2-13 characters')
      .optional(),
    kvk: z
      .string()
      .regex(/^\d{8}$/, 'KvK number: 8 digits')
      .optional(),
    roles: z.array(RelationRole).min(1).max(2),
    paymentTermDays: z.number().int().min(0).max(365).optional(),
    defaultLedgerAccount: z
      .string()
      .regex(/^[A-Z0-9]{1,6}$/)
      .optional(),
  })
  .describe('NAW of a debiteur and/or crediteur');
export type RelationUpsert = z.infer<typeof RelationUpsert>;
