import { z } from 'zod';
import { InvoiceSettings } from '../../invoices/index.ts';
import { openSettings } from '../../tenant/index.ts';

type Schema = Record<string, unknown> & {
  type?: string;
  properties?: Record<string, Schema>;
  default?: unknown;
  description?: string;
};

/** Which CASH list a flat invoice setting's value is picked from, by its name. */
function choiceOf(name: string): string | undefined {
  if (name.startsWith('journals.')) return 'journals';
  if (/Accounts?(\.|$)/.test(name)) return 'ledgerAccounts';
  return undefined;
}

function flat(name: string, schema: Schema, fallback: unknown, group?: string): Schema {
  const choice = choiceOf(name);
  const description = [group, schema.description].filter(Boolean).join(': ');
  return {
    ...schema,
    ...(description ? { description } : {}),
    ...(fallback === undefined ? {} : { default: fallback }),
    ...(choice ? { 'x-choice': choice } : {}),
  };
}

/**
 * The invoice mailbox's settings as the tenant file (and an override) writes them: the open settings'
 * flat values, so each invoice setting is a key of its own (`journals.purchase`, `allowNewRelations`) with
 * its default, and a list (`vatRules`) is JSON text; other keys stay allowed, as the connector reads them.
 */
export function invoiceMailboxSettingsSchema(): Record<string, unknown> {
  const open = z.toJSONSchema(openSettings, { io: 'input', unrepresentable: 'any' }) as Schema;
  const invoice = z.toJSONSchema(InvoiceSettings, { io: 'input', unrepresentable: 'any' }) as Schema;
  const properties: Record<string, Schema> = { ...(open.properties ?? {}) };
  for (const [name, schema] of Object.entries(invoice.properties ?? {})) {
    if (schema.type === 'object' && schema.properties) {
      const defaults = (schema.default ?? {}) as Record<string, unknown>;
      for (const [part, child] of Object.entries(schema.properties))
        properties[`${name}.${part}`] = flat(`${name}.${part}`, child, defaults[part], schema.description);
    } else if (schema.type === 'array') {
      properties[name] = {
        type: 'string',
        description: `${schema.description ? `${schema.description}: ` : ''}JSON text (a list)`,
      };
    } else properties[name] = flat(name, schema, schema.default);
  }
  return { ...open, properties };
}
