import type { z } from 'zod';
import { InvoiceMailboxSettingsError, invoiceSettingsFromConnector } from '../intake/index.ts';
import { errorMessage } from '../runtime/error-message.ts';
import { truncateText } from '../runtime/quoted-text.ts';
import { ConnectorMappings, type ConnectorName, connectors } from '../tenant/index.ts';

/**
 * What an administration changes of a connector's tenant-file entry: settings keys and mapping tables. A
 * `null` (a setting, a mapping entry) takes the tenant file's value away for this administration.
 */
export interface ConnectorOverride {
  settings: Record<string, unknown>;
  mappings: Record<string, Record<string, string | null>>;
}

/** A connector's settings and mappings as its run reads them: the tenant file's entry with the override over it. */
export interface MergedSettings {
  settings: Record<string, unknown>;
  mappings: Record<string, Record<string, string>>;
}

/** Longest value an issue quotes back. */
const MAX_QUOTED = 80;

export interface StoredOverride extends ConnectorOverride {
  updatedAt: string;
  updatedBy: string;
}

/**
 * Connectors that read their settings per administration at each run, so an override takes effect; and
 * the keys of theirs an administration may not change (secret names and wiring stay in the tenant file).
 */
export const OVERRIDABLE_CONNECTORS: Readonly<Partial<Record<ConnectorName, ReadonlySet<string>>>> = {
  'invoice-mailbox': new Set(),
  'bank-import': new Set(['bunq']),
};

export function isOverridable(connector: string): connector is ConnectorName {
  return Object.hasOwn(OVERRIDABLE_CONNECTORS, connector);
}

/** The tenant file's entry with the override over it: settings key by key, mappings table by table, entry by entry. */
export function mergeOverride(
  base: Partial<MergedSettings>,
  override: Partial<ConnectorOverride> | undefined,
): MergedSettings {
  const mappings: Record<string, Record<string, string>> = {};
  for (const [name, table] of Object.entries(base.mappings ?? {})) mappings[name] = { ...table };
  for (const [name, table] of Object.entries(override?.mappings ?? {})) {
    const merged: Record<string, string> = { ...(mappings[name] ?? {}) };
    for (const [key, value] of Object.entries(table)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    mappings[name] = merged;
  }
  const settings: Record<string, unknown> = { ...(base.settings ?? {}) };
  for (const [key, value] of Object.entries(override?.settings ?? {})) {
    if (value === null) delete settings[key];
    else settings[key] = value;
  }
  return { settings, mappings };
}

/** A value as an issue quotes it: text as it is, anything else as JSON, cut to 80 characters. */
function quotedValue(value: unknown): string {
  return truncateText(
    typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)),
    MAX_QUOTED,
  );
}

/** One problem of a merged entry: where (under `connectors.<name>.`), which rule, what. */
export interface OverrideIssue {
  path: string;
  rule: string;
  message: string;
  value?: unknown;
}

/**
 * The merged entry checked by the connector's own settings schema (the one the tenant file is held to)
 * and the mappings schema; issues name the path under `connectors.<name>`.
 */
export function checkMerged(
  connector: ConnectorName,
  merged: MergedSettings,
  override: Partial<ConnectorOverride>,
): OverrideIssue[] {
  const issues: OverrideIssue[] = [];
  const forbidden = OVERRIDABLE_CONNECTORS[connector] ?? new Set<string>();
  for (const key of Object.keys(override.settings ?? {}))
    if (forbidden.has(key))
      issues.push({
        path: `connectors.${connector}.settings.${key}`,
        rule: 'not-overridable',
        message: `${key} is set in the tenant file only`,
        value: quotedValue(override.settings?.[key]),
      });
  const report = (prefix: string, error: z.ZodError, input: unknown) => {
    for (const issue of error.issues) {
      const value = issue.path.reduce<unknown>(
        (node, part) =>
          node && typeof node === 'object'
            ? (node as Record<PropertyKey, unknown>)[part as PropertyKey]
            : undefined,
        input,
      );
      issues.push({
        path: [prefix, ...issue.path.map(String)].join('.'),
        rule: issue.code,
        message: issue.message,
        ...(value === undefined ? {} : { value: quotedValue(value) }),
      });
    }
  };
  const settings = connectors[connector].settings.safeParse(merged.settings);
  if (!settings.success) report(`connectors.${connector}.settings`, settings.error, merged.settings);
  if (settings.success && connector === 'invoice-mailbox') {
    // The invoice connector reads dotted keys and JSON text into its invoice settings: held to those too.
    try {
      invoiceSettingsFromConnector(merged.settings);
    } catch (error) {
      const setting = error instanceof InvoiceMailboxSettingsError ? error.setting : undefined;
      issues.push({
        path: `connectors.${connector}.settings${setting === undefined ? '' : `.${setting}`}`,
        rule: 'invoice-settings',
        message: errorMessage(error),
        ...(setting === undefined ? {} : { value: quotedValue(merged.settings[setting]) }),
      });
    }
  }
  const mappings = ConnectorMappings.safeParse(merged.mappings);
  if (!mappings.success) report(`connectors.${connector}.mappings`, mappings.error, merged.mappings);
  return issues;
}
