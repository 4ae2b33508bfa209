import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTenantConfig, parseTenantConfig, TenantConfigError } from '../../../lib/tenant/index.ts';
import { tenantsDirectory } from '../../support/tenants.ts';

type Json = Record<string, unknown>;

/** The demo tenant file with its administration's `relationNumbering` replaced (or removed). */
function withNumbering(numbering: unknown): Json {
  const input = JSON.parse(readFileSync(join(tenantsDirectory, 'demo.json'), 'utf8')) as Json;
  const [administration] = input.administrations as Json[];
  if (numbering === undefined) delete (administration as Json).relationNumbering;
  else (administration as Json).relationNumbering = numbering;
  return input;
}

function issuesOf(input: Json): ReadonlyArray<{ field: string; message: string }> {
  try {
    parseTenantConfig(input);
  } catch (error) {
    if (error instanceof TenantConfigError) return error.issues;
    throw error;
  }
  return [];
}

const FIELD = 'administrations[0].relationNumbering';

describe('relationNumbering in the tenant file', () => {
  it('is optional: without it new relations keep the highest-plus-one numbering', () => {
    // Act
    const config = parseTenantConfig(withNumbering(undefined));
    // Assess
    expect(config.administrations[0]?.relationNumbering).toBeUndefined();
  });

  it('reads the demo ranges and fills the defaults', () => {
    // Act
    const config = loadTenantConfig('demo', tenantsDirectory);
    // Assess
    expect(config.administrations[0]?.relationNumbering).toEqual({
      customer: { from: 100_000, to: 199_999 },
      supplier: { from: 200_000, to: 299_999 },
      bothRoles: 'customer',
    });
  });

  it('runs an open-ended range up to the 6-digit limit of CASH relation numbers', () => {
    // Act
    const config = parseTenantConfig(
      withNumbering({
        customer: { from: 10_000, to: 19_999 },
        supplier: { from: 70_000 },
        bothRoles: 'supplier',
      }),
    );
    // Assess
    expect(config.administrations[0]?.relationNumbering?.supplier).toEqual({ from: 70_000, to: 999_999 });
    expect(config.administrations[0]?.relationNumbering?.bothRoles).toBe('supplier');
  });

  it.each([
    {
      case: 'a role without a range',
      numbering: { customer: { from: 10_000, to: 19_999 } },
      field: `${FIELD}.supplier`,
    },
    {
      case: 'overlapping ranges',
      numbering: { customer: { from: 10_000, to: 29_999 }, supplier: { from: 20_000, to: 39_999 } },
      field: `${FIELD}.supplier`,
      message: 'overlaps',
    },
    {
      case: 'a number of 7 digits',
      numbering: { customer: { from: 10_000, to: 1_000_000 }, supplier: { from: 70_000 } },
      field: `${FIELD}.customer.to`,
      message: '6 digits',
    },
    {
      case: 'a range that ends before it starts',
      numbering: { customer: { from: 19_999, to: 10_000 }, supplier: { from: 70_000 } },
      field: `${FIELD}.customer.to`,
    },
    {
      case: 'relation number 0',
      numbering: { customer: { from: 0, to: 9 }, supplier: { from: 70_000 } },
      field: `${FIELD}.customer.from`,
    },
    {
      case: 'an unknown role for both-role relations',
      numbering: { customer: { from: 1, to: 9 }, supplier: { from: 70_000 }, bothRoles: 'staff' },
      field: `${FIELD}.bothRoles`,
    },
    {
      case: 'an unknown field',
      numbering: { customer: { from: 1, to: 9 }, supplier: { from: 70_000 }, prospect: { from: 50 } },
      field: `${FIELD}.prospect`,
    },
  ])('refuses $case, naming the field', ({ numbering, field, message }) => {
    // Act
    const issues = issuesOf(withNumbering(numbering));
    // Assess
    expect(issues.map((i) => i.field)).toContain(field);
    if (message) expect(issues.find((i) => i.field === field)?.message).toContain(message);
  });

  it('accepts any two disjoint ranges and refuses any two that share a number', () => {
    const range = fc
      .tuple(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 1, max: 999_999 }))
      .map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) }));
    fc.assert(
      fc.property(range, range, (customer, supplier) => {
        // Act
        const issues = issuesOf(withNumbering({ customer, supplier }));
        // Assess
        const overlap = customer.from <= supplier.to && supplier.from <= customer.to;
        expect(issues.length > 0).toBe(overlap);
      }),
      { numRuns: 200 },
    );
  });
});
