import { z } from 'zod';

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
