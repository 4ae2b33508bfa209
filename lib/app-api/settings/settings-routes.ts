import { z } from 'zod';
import { HttpProblem } from '../../partner-api/errors.ts';
import { jsonResponse } from '../../partner-api/http.ts';
import {
  type ConnectorOverride,
  checkMerged,
  isOverridable,
  type MergedSettings,
  mergeOverride,
  OVERRIDABLE_CONNECTORS,
  type OverrideIssue,
  type OverrideReader,
  type StoredOverride,
} from '../../settings/index.ts';
import { ConnectorMappings, type ConnectorName, connectors, MAPPING_CHOICES } from '../../tenant/index.ts';
import type { AppRoute, AppRouteContext } from '../app-route.ts';
import { parseBody } from '../runs/route-input.ts';
import { invoiceMailboxSettingsSchema } from './invoice-settings-schema.ts';

export interface SettingsServices {
  /** The tenant file's entries (settings, mappings) of the connectors that serve the administration. */
  tenantEntries: (administration: string) => Record<string, Partial<MergedSettings>>;
  overrides: OverrideReader & {
    write(
      administration: string,
      connector: string,
      override: ConnectorOverride,
      by: string,
      now: Date,
    ): Promise<void>;
  };
}

const JsonObject = z.record(z.string().max(100), z.unknown());
export const SettingsInput = z
  .object({
    connectors: z.record(
      z.string().max(40),
      z
        .object({
          settings: JsonObject.optional(),
          // null: the tenant file's entry is taken away for this administration.
          mappings: z
            .record(z.string().max(40), z.record(z.string().max(100), z.string().max(200).nullable()))
            .optional(),
        })
        .strict(),
    ),
  })
  .strict();

const schemas = new Map<string, unknown>();
/** The JSON Schema of a connector's settings (as the tenant file writes them), for the settings form. */
function schemaOf(connector: string): unknown {
  if (!schemas.has(connector)) {
    const definition = connectors[connector as keyof typeof connectors];
    schemas.set(
      connector,
      connector === 'invoice-mailbox'
        ? invoiceMailboxSettingsSchema()
        : definition
          ? z.toJSONSchema(definition.settings, { io: 'input', unrepresentable: 'any' })
          : {},
    );
  }
  return schemas.get(connector);
}

let mappingsSchema: unknown;
/** The JSON Schema of the mapping tables, the tables of CASH codes named with the list their values come from. */
function mappingsSchemaOf(): unknown {
  if (mappingsSchema === undefined) {
    const base = z.toJSONSchema(ConnectorMappings, { io: 'input' }) as Record<string, unknown>;
    const table = base.additionalProperties as Record<string, unknown>;
    const properties: Record<string, unknown> = {};
    for (const [name, { choice, description }] of Object.entries(MAPPING_CHOICES))
      properties[name] = {
        ...table,
        description,
        additionalProperties: { type: 'string', 'x-choice': choice },
      };
    mappingsSchema = { ...base, properties };
  }
  return mappingsSchema;
}

async function settingsView(services: SettingsServices, administration: string) {
  const entries = services.tenantEntries(administration);
  const stored: Record<string, StoredOverride> = await services.overrides.read(administration);
  const view: Record<string, unknown> = {};
  const schema: Record<string, unknown> = {};
  for (const [connector, entry] of Object.entries(entries)) {
    const override = isOverridable(connector) ? stored[connector] : undefined;
    const merged = mergeOverride(entry, override);
    const tenantFile = mergeOverride(entry, undefined);
    view[connector] = {
      settings: merged.settings,
      mappings: merged.mappings,
      tenant: tenantFile,
      overridable: isOverridable(connector),
      fixedKeys: isOverridable(connector)
        ? [...(OVERRIDABLE_CONNECTORS[connector as ConnectorName] ?? [])]
        : [],
      ...(override
        ? {
            override: {
              settings: override.settings,
              mappings: override.mappings,
              updatedAt: override.updatedAt,
              updatedBy: override.updatedBy,
            },
          }
        : {}),
    };
    schema[connector] = schemaOf(connector);
  }
  return { administration, connectors: view, schema, mappingsSchema: mappingsSchemaOf() };
}

/**
 * Instellingen: per administration overrides of the connectors' settings and mappings (VAT codes, ledger
 * accounts, journals), checked by each connector's own schema over the tenant file's values and read by
 * the invoice mailbox and the bank import at their next run. PUT replaces the override of each connector
 * it names (an empty object takes the override away).
 */
export function settingsRoutes(services: SettingsServices): AppRoute[] {
  const path = '/v1/app/administrations/{administration}/settings';
  const adm = (context: AppRouteContext) => context.params.administration as string;
  return [
    {
      method: 'GET',
      path,
      action: 'operate',
      handle: async (context) => jsonResponse(200, await settingsView(services, adm(context))),
    },
    {
      method: 'PUT',
      path,
      action: 'operate',
      async handle(context) {
        const input = parseBody(context, SettingsInput, 'settings');
        const administration = adm(context);
        const entries = services.tenantEntries(administration);
        const issues: OverrideIssue[] = [];
        const accepted: [string, ConnectorOverride][] = [];
        for (const [connector, change] of Object.entries(input.connectors)) {
          const entry = entries[connector];
          if (!entry) {
            issues.push({
              path: `connectors.${connector}`,
              rule: 'unknown-connector',
              message: `no connector ${connector.slice(0, 40)} serves ${administration}`,
              value: connector,
            });
            continue;
          }
          if (!isOverridable(connector)) {
            issues.push({
              path: `connectors.${connector}`,
              rule: 'not-overridable',
              message: `${connector} reads its settings from the tenant file only`,
              value: connector,
            });
            continue;
          }
          const override: ConnectorOverride = {
            settings: change.settings ?? {},
            mappings: change.mappings ?? {},
          };
          const found = checkMerged(connector, mergeOverride(entry, override), override);
          if (found.length > 0) issues.push(...found);
          else accepted.push([connector, override]);
        }
        if (issues.length > 0)
          throw new HttpProblem(400, 'Bad Request', 'the settings are invalid; nothing was stored', issues);
        for (const [connector, override] of accepted)
          await services.overrides.write(
            administration,
            connector,
            override,
            context.user.username,
            context.now,
          );
        return jsonResponse(200, await settingsView(services, administration));
      },
    },
  ];
}
