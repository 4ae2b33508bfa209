import type { z } from 'zod';

/**
 * An optional field of outside JSON that also takes `null` for "absent": many systems write `null` for a
 * field they have no value for, and such an item must not be refused (or, worse, lost) for it. The output
 * is the value or `undefined`; a value of the wrong kind is still refused with the inner schema's message.
 */
export function optionalOrNull<T extends z.ZodType>(schema: T) {
  // `nullish` rather than a union with z.null(): a wrong value is then reported at its own path and rule,
  // not as an "invalid union" of the field around it.
  return schema
    .nullish()
    .transform((value) => (value === null ? undefined : value) as z.output<T> | undefined)
    .optional();
}

/** `optionalOrNull` with a default: `null` and absence both give `fallback`. */
export function defaultOrNull<T extends z.ZodType>(schema: T, fallback: z.output<T>) {
  return schema
    .nullish()
    .transform((value) => (value === null || value === undefined ? fallback : value) as z.output<T>);
}
