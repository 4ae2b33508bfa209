import { describe, expect, it } from 'vitest';
import { parseTenantConfig, servedAdministrationCodes, toRuntimeConfig } from '../../../lib/tenant/index.ts';

/** A tenant with two administrations and the bank import as given. */
function tenantWith(bankImport: Record<string, unknown> | undefined) {
  return parseTenantConfig({
    tenant: 'acme',
    displayName: 'Acme',
    administrations: [
      { code: 'ONE', name: 'One', cashEndpoint: 'https://cash.example/api/4.0', apiKeySecretName: 'one' },
      { code: 'TWO', name: 'Two', cashEndpoint: 'https://cash.example/api/4.0', apiKeySecretName: 'two' },
    ],
    connectors: bankImport ? { 'bank-import': bankImport } : {},
  });
}

describe('servedAdministrationCodes', () => {
  it.each([
    ['not listed', undefined, []],
    ['disabled', { enabled: false }, []],
    ['enabled for all', { enabled: true }, ['ONE', 'TWO']],
    ['enabled for a subset', { enabled: true, administrations: ['TWO'] }, ['TWO']],
  ])('bank import %s → %j', (_case, entry, expected) => {
    // Prepare: the functions see TENANT_CONFIG, the tenant file without its deployment settings
    const config = toRuntimeConfig(tenantWith(entry));

    // Act
    const served = servedAdministrationCodes(config, 'bank-import');

    // Assess
    expect(served).toEqual(expected);
  });

  it('serves every administration for a core connector, which is always enabled', () => {
    // Act & Assess
    expect(servedAdministrationCodes(tenantWith(undefined), 'cash-writer')).toEqual(['ONE', 'TWO']);
  });
});
