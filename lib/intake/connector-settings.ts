import { z } from 'zod';
import { InvoiceSettings, invoiceSettings } from '../invoices/index.ts';
import { InvoiceMailboxSettingsError } from './errors/index.ts';

/** Keys every connector accepts that are not invoice settings. */
const CONNECTOR_ONLY = new Set(['silentAfterHours']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (!next || typeof next !== 'object' || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = value;
}

/** The settings key that wrote the value at `path` of the invoice settings: the longest dotted key over it. */
function settingOf(keys: string[], path: string[]): string | undefined {
  let found: string | undefined;
  for (const key of keys) {
    const parts = key.split('.');
    const over = parts.length <= path.length && parts.every((part, i) => part === path[i]);
    if (over && (found === undefined || parts.length > found.split('.').length)) found = key;
  }
  return found ?? (keys.includes('invoice') ? 'invoice' : undefined);
}

/**
 * The tenant file allows only flat setting values (strings, numbers, booleans, string lists), so nested
 * invoice settings are written either as dotted keys (`"journals.purchase": "INK"`) or as JSON text
 * (`"vatRules": "[…]"`, or the whole object under `"invoice"`). This turns them back into InvoiceSettings;
 * a bad value is a configuration error naming the field.
 */
export function invoiceSettingsFromConnector(settings: Record<string, unknown> = {}) {
  const input: Record<string, unknown> = {};
  const shape = InvoiceSettings.shape as Record<string, unknown>;
  const defaults = invoiceSettings() as unknown as Record<string, unknown>;
  for (const [name, raw] of Object.entries(settings)) {
    if (CONNECTOR_ONLY.has(name) || raw === undefined) continue;
    let value = raw;
    if (typeof raw === 'string' && /^\s*[[{]/.test(raw)) {
      try {
        value = JSON.parse(raw);
      } catch (cause) {
        throw new InvoiceMailboxSettingsError(`setting ${name} is not valid JSON: ${String(cause)}`, {
          cause,
          setting: name,
        });
      }
    }
    if (name === 'invoice' && value && typeof value === 'object' && !Array.isArray(value)) {
      Object.assign(input, value);
      continue;
    }
    const path = name.split('.');
    if (!((path[0] as string) in shape)) {
      throw new InvoiceMailboxSettingsError(
        `setting ${name} is not an invoice-mailbox setting (known: ${Object.keys(shape).join(', ')}, silentAfterHours)`,
        { setting: name },
      );
    }
    const head = path[0] as string;
    if (path.length > 1 && input[head] === undefined && isPlainObject(defaults[head])) {
      // One dotted key sets one field; the others of that group keep their defaults.
      input[head] = structuredClone(defaults[head]);
    }
    setPath(input, path, value);
  }
  try {
    return invoiceSettings(input as never);
  } catch (error) {
    if (error instanceof z.ZodError) {
      const issues = error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`).join('; ');
      const setting = settingOf(Object.keys(settings), error.issues[0]?.path.map(String) ?? []);
      throw new InvoiceMailboxSettingsError(`invoice-mailbox settings are invalid: ${issues}`, {
        cause: error,
        ...(setting === undefined ? {} : { setting }),
      });
    }
    throw error;
  }
}
