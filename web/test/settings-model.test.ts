import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonSchema, SettingsValues } from '../src/api/index.ts';
import { formPath, validateValue } from '../src/schema/index.ts';
import { overrideOf, overridePaths, resetField } from '../src/settings/settings-override.ts';

/** What the API does with an override (lib/settings mergeOverride): over the tenant file, null takes away. */
function merged(tenant: SettingsValues, override: ReturnType<typeof overrideOf>): SettingsValues {
  const settings: Record<string, unknown> = { ...tenant.settings };
  for (const [key, value] of Object.entries(override.settings))
    if (value === null) delete settings[key];
    else settings[key] = value;
  const mappings: Record<string, Record<string, string>> = {};
  for (const [table, entries] of Object.entries(tenant.mappings)) mappings[table] = { ...entries };
  for (const [table, entries] of Object.entries(override.mappings)) {
    const out = { ...(mappings[table] ?? {}) };
    for (const [key, value] of Object.entries(entries))
      if (value === null) delete out[key];
      else out[key] = value;
    mappings[table] = out;
  }
  return { settings, mappings };
}

const key = fc.constantFrom('journal', 'suspenseAccount', 'journals.purchase', 'autoMargin', 'tolerance');
const settingValue = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer(),
  fc.boolean(),
  fc.record({ maxCents: fc.integer({ min: 0, max: 100 }) }),
);
const table = fc.dictionary(
  fc.constantFrom('21', '9', '0', 'hoog'),
  fc.string({ minLength: 1, maxLength: 3 }),
);
const values: fc.Arbitrary<SettingsValues> = fc.record({
  settings: fc.dictionary(key, settingValue),
  mappings: fc.dictionary(fc.constantFrom('vatCodes', 'journals'), table),
});

/** Tables left empty say nothing: the same values with them dropped. */
function withoutEmptyTables(v: SettingsValues): SettingsValues {
  return {
    settings: v.settings,
    mappings: Object.fromEntries(Object.entries(v.mappings).filter(([, t]) => Object.keys(t).length > 0)),
  };
}

describe('the override the settings form sends', () => {
  it('gives the form values back when the API lays it over the tenant file', () => {
    fc.assert(
      fc.property(values, values, (form, tenant) => {
        expect(withoutEmptyTables(merged(tenant, overrideOf(form, tenant)))).toEqual(
          withoutEmptyTables(form),
        );
      }),
    );
  });

  it('is empty for the tenant file itself, and Terugzetten of every changed field makes it empty', () => {
    fc.assert(
      fc.property(values, values, (form, tenant) => {
        expect(overrideOf(tenant, tenant)).toEqual({ settings: {}, mappings: {} });
        let current = form;
        for (const path of overridePaths(overrideOf(form, tenant)))
          current = resetField(current, tenant, path);
        expect(overrideOf(current, tenant)).toEqual({ settings: {}, mappings: {} });
      }),
    );
  });
});

const schema: JsonSchema = {
  type: 'object',
  properties: {
    settings: {
      type: 'object',
      properties: {
        journal: { type: 'string', pattern: '^[A-Z0-9]{1,6}$' },
        percent: { type: 'number', exclusiveMinimum: 0, maximum: 20, multipleOf: 0.01 },
        bunq: {
          type: 'array',
          items: { type: 'object', properties: { ibans: { type: 'array', items: { type: 'string' } } } },
        },
        'journals.purchase': { type: 'string' },
        accounts: {
          type: 'object',
          propertyNames: { type: 'string', pattern: '^[A-Z0-9]{5,34}$' },
          additionalProperties: {
            type: 'object',
            properties: { journal: { type: 'string', minLength: 1 } },
            required: ['journal'],
          },
        },
      },
      additionalProperties: false,
    },
  },
};

describe('the schema check before sending', () => {
  it.each([
    [{ journal: 'abn' }, 'settings.journal', 'pattern'],
    [{ percent: 0 }, 'settings.percent', 'exclusiveMinimum'],
    [{ percent: 20.5 }, 'settings.percent', 'maximum'],
    [{ percent: 2.345 }, 'settings.percent', 'multipleOf'],
    [{ accounts: { 'nl 01': { journal: 'ABN' } } }, 'settings.accounts.nl 01', 'pattern'],
    [{ accounts: { NL01ABNA0123456789: {} } }, 'settings.accounts.NL01ABNA0123456789.journal', 'required'],
    [{ other: 1 }, 'settings.other', 'unknownKey'],
  ])('refuses %j at %s (%s)', (settings, path, rule) => {
    expect(validateValue(schema, { settings })).toContainEqual(expect.objectContaining({ path, rule }));
  });

  it('takes a multiple of 0.01 written in decimals as one (no binary fraction decides it)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), (hundredths) => {
        const percent = Number((hundredths / 100).toFixed(2));
        expect(validateValue(schema, { settings: { percent } })).toEqual([]);
      }),
    );
  });

  it.each([
    ['settings.bunq.0.ibans.1', 'settings.bunq[0].ibans[1]'],
    ['settings.journals.purchase', 'settings.journals.purchase'],
    ['settings.accounts.NL01.journal', 'settings.accounts.NL01.journal'],
  ])('names the server path %s as the form field %s', (server, form) => {
    expect(formPath(schema, server)).toBe(form);
  });
});
