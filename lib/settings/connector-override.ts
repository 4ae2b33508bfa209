import type { z } from 'zod';
import { invoiceSettingsFromConnector } from '../intake/index.ts';
import { errorMessage } from '../runtime/error-message.ts';
import { ConnectorMappings, type ConnectorName, connectors } from '../tenant/index.ts';

/** What an administration changes of a connector's tenant-file entry: settings keys and mapping tables. */
export interface ConnectorOverride {
  settings: Record<string, unknown>;
  mappings: Record<string, Record<string, string>>;
}

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
  base: Partial<ConnectorOverride>,
  override: Partial<ConnectorOverride> | undefined,
): ConnectorOverride {
  const mappings: Record<string, Record<string, string>> = { ...(base.mappings ?? {}) };
  for (const [name, table] of Object.entries(override?.mappings ?? {}))
    mappings[name] = { ...(mappings[name] ?? {}), ...table };
  return { settings: { ...(base.settings ?? {}), ...(override?.settings ?? {}) }, mappings };
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
  merged: ConnectorOverride,
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
        ...(value === undefined || typeof value === 'object' ? {} : { value: String(value).slice(0, 80) }),
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
      issues.push({
        path: `connectors.${connector}.settings`,
        rule: 'invoice-settings',
        message: errorMessage(error),
      });
    }
  }
  const mappings = ConnectorMappings.safeParse(merged.mappings);
  if (!mappings.success) report(`connectors.${connector}.mappings`, mappings.error, merged.mappings);
  return issues;
}
