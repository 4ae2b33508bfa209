import { z } from 'zod';
import { SalesInvoiceSettings } from '../sales-invoices/sales-invoice-settings.ts';

/** CloudWatch evaluates an alarm over at most 7 days of hourly periods. */
export const MAX_SILENT_AFTER_HOURS = 24 * 7;

/** Settings every connector accepts, spread into each entry's schema beside its own keys. */
export const commonSettings = {
  silentAfterHours: z
    .number()
    .int()
    .min(1)
    .max(MAX_SILENT_AFTER_HOURS, 'CloudWatch evaluates at most 7 days')
    .optional()
    .describe('override of the silence alarm window in hours'),
};

/** A connector without a schema of its own: the common settings and flat values (strings, numbers, booleans, string lists). */
export const openSettings = z
  .object(commonSettings)
  .catchall(z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]));

/**
 * The app-api connector: open settings plus Uren en facturen's `salesInvoices` per administration code
 * (or `*` for all), checked at synth so a bad seller detail names its field before deployment. Kept as
 * written (defaults are applied at run time): the tenant file travels in every function's environment.
 */
export const appApiSettings = z
  .object({
    ...commonSettings,
    salesInvoices: z
      .record(z.string().regex(/^(\*|[A-Za-z0-9_-]{1,20})$/, 'an administration code or *'), z.unknown())
      .superRefine((byAdministration, context) => {
        for (const [code, settings] of Object.entries(byAdministration)) {
          const parsed = SalesInvoiceSettings.safeParse(settings);
          for (const issue of parsed.success ? [] : parsed.error.issues)
            context.addIssue({ code: 'custom', message: issue.message, path: [code, ...issue.path] });
        }
      })
      .optional(),
  })
  .catchall(z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]));
