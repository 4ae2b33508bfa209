import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settingsRoutes } from '../../../lib/app-api/settings/index.ts';
import type { ConnectorOverride, StoredOverride } from '../../../lib/settings/index.ts';
import { effectiveSettings } from '../../../lib/settings/index.ts';
import { call, rules } from './fixtures.ts';

class MemoryOverrides {
  readonly stored = new Map<string, Record<string, StoredOverride>>();
  async read(administration: string) {
    return structuredClone(this.stored.get(administration) ?? {});
  }
  async write(administration: string, connector: string, override: ConnectorOverride, by: string, now: Date) {
    const current = this.stored.get(administration) ?? {};
    current[connector] = { ...override, updatedBy: by, updatedAt: now.toISOString() };
    this.stored.set(administration, current);
  }
}

const entries = {
  'bank-import': { settings: { journal: 'ING' }, mappings: {} },
  'invoice-mailbox': { settings: { 'journals.purchase': 'INK' }, mappings: { vatCodes: { '21': '1' } } },
  'cash-writer': { settings: { maxConcurrency: 2 }, mappings: {} },
};

function setup() {
  const overrides = new MemoryOverrides();
  const routes = settingsRoutes({ tenantEntries: () => structuredClone(entries), overrides });
  const put = (body: unknown) =>
    call(routes, 'PUT', '/v1/app/administrations/{administration}/settings', {
      params: { administration: 'DEMO' },
      body,
    });
  const get = () =>
    call(routes, 'GET', '/v1/app/administrations/{administration}/settings', {
      params: { administration: 'DEMO' },
    });
  return { overrides, put, get };
}

describe('app settings', () => {
  it('answers the effective settings with each connector schema', async () => {
    // Prepare
    const { get } = setup();
    // Act
    const { status, json } = await get();
    // Assess
    expect(status).toBe(200);
    const connectors = json.connectors as Record<string, { settings: unknown; overridable: boolean }>;
    expect(connectors['bank-import']).toMatchObject({ settings: { journal: 'ING' }, overridable: true });
    expect(connectors['cash-writer']?.overridable).toBe(false);
    expect((json.schema as Record<string, { type?: string }>)['bank-import']?.type).toBe('object');
  });

  it('stores an override over the tenant file: settings by key, mappings by entry', async () => {
    // Prepare
    const { put, overrides } = setup();
    // Act
    const answer = await put({
      connectors: {
        'invoice-mailbox': {
          settings: { 'journals.purchase': 'INK2' },
          mappings: { vatCodes: { '9': '2' } },
        },
      },
    });
    // Assess
    expect(answer.status).toBe(200);
    expect((answer.json.connectors as Record<string, unknown>)['invoice-mailbox']).toMatchObject({
      settings: { 'journals.purchase': 'INK2' },
      mappings: { vatCodes: { '21': '1', '9': '2' } },
      override: { updatedBy: 'beheer@demo.cashlink.local' },
    });
    const effective = await effectiveSettings(
      'invoice-mailbox',
      'DEMO',
      entries['invoice-mailbox'],
      overrides,
    );
    expect(effective.settings).toEqual({ 'journals.purchase': 'INK2' });
  });

  it.each([
    [
      'a value the schema refuses',
      { 'bank-import': { settings: { suspenseAccount: 'lower case' } } },
      'connectors.bank-import.settings.suspenseAccount',
    ],
    [
      'a key kept in the tenant file',
      { 'bank-import': { settings: { bunq: [] } } },
      'connectors.bank-import.settings.bunq',
    ],
    [
      'a connector read from the tenant file only',
      { 'cash-writer': { settings: { maxConcurrency: 5 } } },
      'connectors.cash-writer',
    ],
    ['a connector not serving the administration', { 'cash-sync': { settings: {} } }, 'connectors.cash-sync'],
    [
      'a mapping that is not text',
      { 'invoice-mailbox': { mappings: { vatCodes: { '21': 1 } } } },
      'connectors.invoice-mailbox.mappings.vatCodes.21',
    ],
  ])('refuses %s, naming the path, and stores nothing', async (_name, connectors, path) => {
    // Prepare
    const { put, overrides } = setup();
    // Act
    const answer = await put({
      connectors: {
        ...connectors,
        'bank-import': connectors['bank-import' as never] ?? { settings: { journal: 'RABO' } },
      },
    });
    // Assess
    expect(answer.status).toBe(400);
    expect((answer.json.errors as { path: string }[]).map((e) => e.path)).toContain(path);
    expect(overrides.stored.size).toBe(0);
  });

  it('falls back to the tenant file when a stored override no longer passes the schema, and logs it', async () => {
    // Prepare
    const overrides = new MemoryOverrides();
    await overrides.write(
      'DEMO',
      'bank-import',
      { settings: { journal: 'nope!' }, mappings: {} },
      'x',
      new Date(),
    );
    const logged: string[] = [];
    // Act
    const effective = await effectiveSettings(
      'bank-import',
      'DEMO',
      entries['bank-import'],
      overrides,
      (_l, message) => logged.push(message),
    );
    // Assess
    expect(effective.settings).toEqual({ journal: 'ING' });
    expect(logged).toEqual(['settings override not valid; using the tenant file']);
  });

  it('answers the tenant file beside the merged values, the fixed keys and the mappings schema with its choices', async () => {
    // Prepare
    const { put, get } = setup();
    await put({ connectors: { 'bank-import': { settings: { journal: 'RABO' } } } });
    // Act
    const { json } = await get();
    // Assess
    const bank = (json.connectors as Record<string, Record<string, unknown>>)['bank-import'];
    expect(bank).toMatchObject({
      settings: { journal: 'RABO' },
      tenant: { settings: { journal: 'ING' } },
      fixedKeys: ['bunq'],
      override: { settings: { journal: 'RABO' }, updatedBy: 'beheer@demo.cashlink.local' },
    });
    const schema = (json.schema as Record<string, { properties: Record<string, Record<string, unknown>> }>)[
      'bank-import'
    ];
    expect(schema?.properties.suspenseAccount?.['x-choice']).toBe('ledgerAccounts');
    expect(schema?.properties.journal?.['x-choice']).toBe('journals');
    const invoice = (json.schema as Record<string, { properties: Record<string, Record<string, unknown>> }>)[
      'invoice-mailbox'
    ];
    expect(invoice?.properties['journals.purchase']).toMatchObject({
      default: 'INK',
      'x-choice': 'journals',
    });
    expect(invoice?.properties.allowNewRelations).toMatchObject({ type: 'boolean', default: false });
    expect(invoice?.properties.vatRules?.type).toBe('string');
    const mappings = json.mappingsSchema as { properties: Record<string, { additionalProperties: unknown }> };
    expect(mappings.properties.vatCodes?.additionalProperties).toEqual({
      type: 'string',
      'x-choice': 'vatCodes',
    });
  });

  it('takes a tenant-file value away with null, for the setting and the mapping entry', async () => {
    // Prepare
    const { put, overrides } = setup();
    // Act
    const answer = await put({
      connectors: {
        'invoice-mailbox': {
          settings: { 'journals.purchase': null },
          mappings: { vatCodes: { '21': null } },
        },
      },
    });
    // Assess
    expect(answer.status).toBe(200);
    const view = (answer.json.connectors as Record<string, Record<string, unknown>>)['invoice-mailbox'];
    expect(view?.settings).toEqual({});
    expect(view?.mappings).toEqual({ vatCodes: {} });
    const effective = await effectiveSettings(
      'invoice-mailbox',
      'DEMO',
      entries['invoice-mailbox'],
      overrides,
    );
    expect(effective).toEqual({ settings: {}, mappings: { vatCodes: {} } });
  });

  it.each([
    [
      'a pattern',
      { 'bank-import': { settings: { suspenseAccount: 'lower case' } } },
      {
        path: 'connectors.bank-import.settings.suspenseAccount',
        rule: 'invalid_format',
        value: 'lower case',
      },
    ],
    [
      'a maximum',
      { 'bank-import': { settings: { silentAfterHours: 500 } } },
      { path: 'connectors.bank-import.settings.silentAfterHours', rule: 'too_big', value: '500' },
    ],
    [
      'a nested field',
      { 'bank-import': { settings: { tolerance: { maxCents: -1 } } } },
      { path: 'connectors.bank-import.settings.tolerance.maxCents', rule: 'too_small', value: '-1' },
    ],
    [
      'a key kept in the tenant file',
      { 'bank-import': { settings: { bunq: [] } } },
      { path: 'connectors.bank-import.settings.bunq', rule: 'not-overridable', value: '[]' },
    ],
    [
      'an invoice setting the invoice connector does not know',
      { 'invoice-mailbox': { settings: { unknownThing: 'INK' } } },
      { path: 'connectors.invoice-mailbox.settings.unknownThing', rule: 'invoice-settings', value: 'INK' },
    ],
    [
      'an invoice setting of the wrong length',
      { 'invoice-mailbox': { settings: { 'controlAccounts.purchase': 'toolong1' } } },
      {
        path: 'connectors.invoice-mailbox.settings.controlAccounts.purchase',
        rule: 'invoice-settings',
        value: 'toolong1',
      },
    ],
  ])('names the field, rule and value of %s in the problem', async (_name, connectors, expected) => {
    // Prepare
    const { put } = setup();
    // Act
    const answer = await put({ connectors });
    // Assess
    expect(answer.status).toBe(400);
    expect(answer.json.errors).toContainEqual(expect.objectContaining(expected));
  });

  it('quotes any refused value cut to 80 characters, and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 300 }), async (text) => {
        // Prepare
        const { put, overrides } = setup();
        const value = `x${text}`;
        // Act
        const answer = await put({ connectors: { 'bank-import': { settings: { journal: value } } } });
        // Assess
        expect(answer.status).toBe(400);
        const [issue] = answer.json.errors as { path: string; value: string }[];
        expect(issue?.path).toBe('connectors.bank-import.settings.journal');
        expect(Array.from(issue?.value ?? '').length).toBeLessThanOrEqual(80);
        expect(value.startsWith(issue?.value.replace(/…$/, '') ?? '-')).toBe(true);
        expect(overrides.stored.size).toBe(0);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a body that is not the settings shape', async () => {
    // Prepare
    const { put } = setup();
    // Act
    const answer = await put({ bank: {} });
    // Assess
    expect(answer.status).toBe(400);
    expect(rules(answer.json)).toContain('unrecognized_keys');
  });
});
