import type { SettingsValues } from '../api/index.ts';
import { canonical } from '../schema/index.ts';

/** What PUT …/settings stores for one connector: settings keys and mapping entries, `null` = taken away. */
export interface OverrideBody {
  settings: Record<string, unknown>;
  mappings: Record<string, Record<string, string | null>>;
}

function keysOf(...records: Array<Record<string, unknown> | undefined>): string[] {
  return [...new Set(records.flatMap((record) => Object.keys(record ?? {})))];
}

/**
 * The override that turns the tenant file's values into the form's: every setting and mapping entry that
 * differs from the tenant file, `null` where the form took a tenant-file value away. A value set back to the
 * tenant file's is no override (that is what *Terugzetten* does).
 */
export function overrideOf(value: SettingsValues, tenant: SettingsValues): OverrideBody {
  const settings: Record<string, unknown> = {};
  for (const key of keysOf(value.settings, tenant.settings)) {
    const mine = value.settings[key];
    if (canonical(mine) !== canonical(tenant.settings[key])) settings[key] = mine === undefined ? null : mine;
  }
  const mappings: Record<string, Record<string, string | null>> = {};
  for (const table of keysOf(value.mappings, tenant.mappings)) {
    const entries: Record<string, string | null> = {};
    const mine = value.mappings[table] ?? {};
    const theirs = tenant.mappings[table] ?? {};
    for (const key of keysOf(mine, theirs)) if (mine[key] !== theirs[key]) entries[key] = mine[key] ?? null;
    if (Object.keys(entries).length > 0) mappings[table] = entries;
  }
  return { settings, mappings };
}

/** The path a field of the override has in the settings form: `settings.<key>`, `mappings.<table>.<key>`. */
export function overridePaths(override: OverrideBody): Set<string> {
  const paths = new Set<string>();
  for (const key of Object.keys(override.settings)) paths.add(`settings.${key}`);
  for (const [table, entries] of Object.entries(override.mappings))
    for (const key of Object.keys(entries)) paths.add(`mappings.${table}.${key}`);
  return paths;
}

/** The form's values with one field (`settings.<key>` or `mappings.<table>.<key>`) back at the tenant file's. */
export function resetField(value: SettingsValues, tenant: SettingsValues, path: string): SettingsValues {
  if (path.startsWith('settings.')) {
    const key = path.slice('settings.'.length);
    const settings = { ...value.settings };
    if (Object.hasOwn(tenant.settings, key)) settings[key] = structuredClone(tenant.settings[key]);
    else delete settings[key];
    return { ...value, settings };
  }
  const [, table = '', ...rest] = path.split('.');
  const key = rest.join('.');
  const entries = { ...(value.mappings[table] ?? {}) };
  const theirs = tenant.mappings[table]?.[key];
  if (theirs === undefined) delete entries[key];
  else entries[key] = theirs;
  return { ...value, mappings: { ...value.mappings, [table]: entries } };
}
