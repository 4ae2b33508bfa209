import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  administrationsFor,
  connectorNames,
  connectors,
  enabledConnectors,
  listTenants,
  loadTenantConfig,
  parseRuntimeConfig,
  parseTenantConfig,
  schedulesFor,
  TenantConfigError,
  toRuntimeConfig,
} from '../../../lib/tenant/index.ts';
import { tenantsDirectory } from '../../support/tenants.ts';

type Json = Record<string, unknown>;

function demoInput(): Json {
  return JSON.parse(readFileSync(join(tenantsDirectory, 'demo.json'), 'utf8')) as Json;
}

function fieldsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof TenantConfigError) return error.issues.map((issue) => issue.field);
    throw error;
  }
  throw new Error('expected a TenantConfigError');
}

const scratch = mkdtempSync(join(tmpdir(), 'cashlink-tenants-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('Tenant files in infra/tenants', () => {
  it.each(listTenants(tenantsDirectory))('%s.json is valid and named after its tenant', (tenant) => {
    // Act
    const config = loadTenantConfig(tenant, tenantsDirectory);

    // Assess
    expect(config.tenant).toBe(tenant);
    expect(config.administrations.length).toBeGreaterThan(0);
    expect(enabledConnectors(config)).toEqual(
      expect.arrayContaining(['cash-writer', 'cash-sync', 'partner-api']),
    );
  });

  it('demo runs every connector against the local CASH simulator', () => {
    // Act
    const config = loadTenantConfig('demo', tenantsDirectory);

    // Assess
    expect(enabledConnectors(config)).toEqual(connectorNames);
    expect(config.administrations.map((adm) => [adm.code, adm.cashEndpoint])).toEqual([
      ['DEMO', 'http://127.0.0.1:4599/api/4.0'],
    ]);
  });
});

describe('Function: parseTenantConfig', () => {
  const cases: { rule: string; change: (input: Json) => void; field: string }[] = [
    { rule: 'tenant name format', change: (i) => (i.tenant = 'Demo BV'), field: 'tenant' },
    { rule: 'unknown top-level field', change: (i) => (i.owner = 'x'), field: 'owner' },
    { rule: 'no administrations', change: (i) => (i.administrations = []), field: 'administrations' },
    {
      rule: 'endpoint protocol',
      change: (i) => (adm(i, 0).cashEndpoint = 'ftp://cash.example/api'),
      field: 'administrations[0].cashEndpoint',
    },
    {
      rule: 'administration code',
      change: (i) => (adm(i, 0).code = 'DE MO'),
      field: 'administrations[0].code',
    },
    {
      rule: 'secret name',
      change: (i) => (adm(i, 0).apiKeySecretName = 'key with spaces'),
      field: 'administrations[0].apiKeySecretName',
    },
    {
      rule: 'duplicate administration',
      change: (i) => (i.administrations as Json[]).push({ ...adm(i, 0), code: 'demo' }),
      field: 'administrations[1].code',
    },
    { rule: 'unknown connector', change: (i) => (conn(i).shopify = {}), field: 'connectors.shopify' },
    {
      rule: 'core connector disabled',
      change: (i) => (conn(i)['cash-writer'] = { enabled: false }),
      field: 'connectors.cash-writer.enabled',
    },
    {
      rule: 'writer concurrency below Lambda minimum',
      change: (i) => (conn(i)['cash-writer'] = { settings: { maxConcurrency: 1 } }),
      field: 'connectors.cash-writer.settings.maxConcurrency',
    },
    {
      rule: 'unknown writer setting',
      change: (i) => (conn(i)['cash-writer'] = { settings: { batchSize: 20 } }),
      field: 'connectors.cash-writer.settings.batchSize',
    },
    {
      rule: 'silence window beyond 7 days',
      change: (i) => (conn(i)['bank-import'] = { enabled: true, settings: { silentAfterHours: 200 } }),
      field: 'connectors.bank-import.settings.silentAfterHours',
    },
    {
      rule: 'unknown administration on a connector',
      change: (i) => (conn(i)['bank-import'] = { enabled: true, administrations: ['NOPE'] }),
      field: 'connectors.bank-import.administrations[0]',
    },
    {
      rule: 'schedules on a connector without schedules',
      change: (i) =>
        (conn(i)['invoice-mailbox'] = {
          enabled: true,
          schedules: [{ name: 'x', expression: 'rate(1 hour)' }],
        }),
      field: 'connectors.invoice-mailbox.schedules',
    },
    {
      rule: 'schedule expression',
      change: (i) => (conn(i)['cash-sync'] = { schedules: [{ name: 'x', expression: 'every 15 minutes' }] }),
      field: 'connectors.cash-sync.schedules[0].expression',
    },
    {
      rule: 'duplicate schedule name',
      change: (i) =>
        (conn(i)['cash-sync'] = {
          schedules: [
            { name: 'x', expression: 'rate(1 hour)' },
            { name: 'x', expression: 'rate(2 hours)' },
          ],
        }),
      field: 'connectors.cash-sync.schedules[1].name',
    },
    {
      rule: 'mapping value type',
      change: (i) => (conn(i)['invoice-mailbox'] = { mappings: { vatCodes: { '21': 2 } } }),
      field: 'connectors.invoice-mailbox.mappings.vatCodes.21',
    },
    {
      rule: 'mail domain',
      change: (i) => ((i.mailInbound as Json).domain = 'Not A Domain'),
      field: 'mailInbound.domain',
    },
    {
      rule: 'mail layout',
      change: (i) => ((i.mailInbound as Json).layout = 'per-user'),
      field: 'mailInbound.layout',
    },
    {
      rule: 'account id',
      change: (i) => ((i.deployment as Json).account = '1234'),
      field: 'deployment.account',
    },
    {
      rule: 'log retention',
      change: (i) => ((i.deployment as Json).logRetentionDays = 10),
      field: 'deployment.logRetentionDays',
    },
    {
      rule: 'alarm e-mail',
      change: (i) => ((i.deployment as Json).alarmEmail = 'ops'),
      field: 'deployment.alarmEmail',
    },
    {
      rule: 'no gateway authorizer: the partner API checks its API keys itself',
      change: (i) => (i.partnerApi = { authorization: { type: 'iam' } }),
      field: 'partnerApi.authorization.type',
    },
  ];

  it.each(cases)('names the field when $rule is broken: $field', ({ change, field }) => {
    // Prepare
    const input = demoInput();
    change(input);

    // Act
    const fields = fieldsOf(() => parseTenantConfig(input, 'demo.json'));

    // Assess
    expect(fields).toContain(field);
  });

  it('lists every issue with its field in the message', () => {
    // Prepare
    const input = demoInput();
    adm(input, 0).cashEndpoint = 'nope';
    input.tenant = 'X';

    // Act
    const error = (() => {
      try {
        parseTenantConfig(input, 'demo.json');
      } catch (caught) {
        return caught as TenantConfigError;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(TenantConfigError);
    expect(error?.name).toBe('TenantConfigError');
    expect(error?.message).toContain('demo.json');
    expect(error?.message).toContain('administrations[0].cashEndpoint: must be an http(s) URL');
    expect(error?.message).toMatch(/tenant: /);
    expect(error?.cause).toBeDefined();
  });

  it('fills defaults: partner API with API keys, 90 days of logs, termination protection', () => {
    // Prepare
    const input = { tenant: 'minimal', displayName: 'Minimal', administrations: [adm(demoInput(), 0)] };

    // Act
    const config = parseTenantConfig(input);

    // Assess
    expect(config.partnerApi).toEqual({
      authorization: { type: 'api-key' },
      throttle: { rateLimit: 25, burstLimit: 50 },
    });
    expect(config.deployment).toEqual({ logRetentionDays: 90, terminationProtection: true });
    expect(enabledConnectors(config)).toEqual(connectorNames.filter((name) => connectors[name].core));
    expect(schedulesFor(config, 'cash-sync').map((s) => s.expression)).toEqual(['cron(0/15 * * * ? *)']);
  });

  it('scopes a connector to a subset of administrations', () => {
    // Act
    const config = loadTenantConfig('example-bv', tenantsDirectory);

    // Assess
    expect(administrationsFor(config, 'bank-import').map((a) => a.code)).toEqual(['EXBV']);
    expect(administrationsFor(config, 'invoice-mailbox').map((a) => a.code)).toEqual(['EXBV', 'EXHOLD']);
  });

  it('gives the runtime everything but the deployment settings', () => {
    // Prepare
    const config = loadTenantConfig('example-bv', tenantsDirectory);

    // Act
    const runtime = toRuntimeConfig(config);

    // Assess
    expect(runtime).not.toHaveProperty('deployment');
    expect(JSON.stringify(runtime)).not.toContain('123456789012');
    expect(runtime.administrations[0]?.apiKeySecretName).toBe('cashlink/example-bv/EXBV/cash-api-key');
  });

  it.each(listTenants(tenantsDirectory))(
    '%s: the runtime reads back exactly what the stack passes in TENANT_CONFIG',
    (tenant) => {
      // Prepare
      const runtime = toRuntimeConfig(loadTenantConfig(tenant, tenantsDirectory));

      // Act
      const readBack = parseRuntimeConfig(JSON.stringify(runtime));

      // Assess
      expect(readBack).toEqual(runtime);
    },
  );

  it('refuses a TENANT_CONFIG that is not JSON, naming the variable', () => {
    // Act & Assess
    expect(() => parseRuntimeConfig('{"tenant":')).toThrow(/TENANT_CONFIG/);
    expect(() => parseRuntimeConfig('{"tenant":')).toThrow(TenantConfigError);
  });

  it('rejects administration codes outside the CASH format, naming the field (property)', () => {
    // Prepare
    const badCode = fc.string({ maxLength: 30 }).filter((s) => !/^[A-Za-z0-9_-]{1,20}$/.test(s));

    // Act & Assess
    fc.assert(
      fc.property(badCode, (code) => {
        const input = demoInput();
        adm(input, 0).code = code;
        expect(fieldsOf(() => parseTenantConfig(input))).toContain('administrations[0].code');
      }),
    );
  });

  it('never fails with anything but a TenantConfigError naming fields, whatever the input (fuzz)', () => {
    // Prepare
    const arbitraryInput = fc.oneof(
      fc.jsonValue(),
      fc.record({
        tenant: fc.string(),
        administrations: fc.array(fc.dictionary(fc.string(), fc.jsonValue())),
      }),
    );

    // Act & Assess
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        try {
          parseTenantConfig(input);
        } catch (error) {
          expect(error).toBeInstanceOf(TenantConfigError);
          for (const issue of (error as TenantConfigError).issues)
            expect(issue.field.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});

describe('Function: loadTenantConfig', () => {
  it.each([
    { tenant: 'missing', content: undefined, field: '(file)', message: 'cannot be read' },
    { tenant: 'broken', content: '{ "tenant": ', field: '(file)', message: 'not valid JSON' },
    { tenant: 'renamed', content: JSON.stringify(demoInput()), field: 'tenant', message: 'renamed.json' },
    { tenant: 'Bad_Name', content: '{}', field: 'tenant', message: 'not a valid tenant name' },
  ])('refuses a file named $tenant: $field $message', ({ tenant, content, field, message }) => {
    // Prepare
    if (content !== undefined) writeFileSync(join(scratch, `${tenant}.json`), content);

    // Act
    const error = (() => {
      try {
        loadTenantConfig(tenant, scratch);
      } catch (caught) {
        return caught as TenantConfigError;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(TenantConfigError);
    expect(error?.issues[0]?.field).toBe(field);
    expect(error?.message).toContain(message);
  });
});

function adm(input: Json, index: number): Json {
  return (input.administrations as Json[])[index] as Json;
}

function conn(input: Json): Json {
  input.connectors ??= {};
  return input.connectors as Json;
}
