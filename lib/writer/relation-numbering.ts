import { z } from 'zod';

/** CASH keeps relatienummers (rubriek 0101) as N6: 1 up to 999999. */
export const MAX_RELATION_NUMBER = 999_999;

export type RelationRole = 'customer' | 'supplier';

/** A block of relatienummers, both ends included. */
export const RelationNumberRange = z
  .object({
    from: z.number().int().min(1).max(MAX_RELATION_NUMBER),
    to: z
      .number()
      .int()
      .min(1)
      .max(MAX_RELATION_NUMBER, 'CASH relation numbers have at most 6 digits')
      .default(MAX_RELATION_NUMBER)
      .describe('last number of the range; 999999 (the N6 limit) when omitted'),
  })
  .strict()
  .refine((range) => range.from <= range.to, { message: 'from must not be above to', path: ['to'] });
export type RelationNumberRange = z.infer<typeof RelationNumberRange>;

/**
 * Separate number ranges for debiteuren and crediteuren, as Dutch administrations usually keep them
 * (e.g. customers 10000–19999, suppliers 70000–79999). Both roles need a range: a role left to the
 * old "highest number + 1" would run into the other role's range.
 */
export const RelationNumbering = z
  .object({
    customer: RelationNumberRange.describe('range for new debiteuren'),
    supplier: RelationNumberRange.describe('range for new crediteuren'),
    bothRoles: z
      .enum(['customer', 'supplier'])
      .default('customer')
      .describe('range for a new relation that is both customer and supplier'),
  })
  .strict()
  .superRefine((numbering, ctx) => {
    const { customer, supplier } = numbering;
    if (customer.from <= supplier.to && supplier.from <= customer.to) {
      ctx.addIssue({
        code: 'custom',
        path: ['supplier'],
        message: `supplier range ${describeRange(supplier)} overlaps customer range ${describeRange(customer)}`,
      });
    }
  });
export type RelationNumbering = z.infer<typeof RelationNumbering>;
export type RelationNumberingInput = z.input<typeof RelationNumbering>;

/** The range a new relation with these roles is numbered in. */
export function relationRangeFor(
  numbering: RelationNumbering,
  roles: readonly RelationRole[],
): { role: RelationRole; from: number; to: number } {
  const role: RelationRole =
    roles.includes('customer') && roles.includes('supplier')
      ? numbering.bothRoles
      : roles.includes('supplier')
        ? 'supplier'
        : 'customer';
  return { role, ...numbering[role] };
}

export function describeRange(range: { from: number; to: number }): string {
  return `${range.from}-${range.to}`;
}
