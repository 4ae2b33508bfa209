import { parseCents } from './format/index.ts';
import type { Locale } from './i18n/index.ts';

/** Hours typed as `1,5` / `1.5` / `2` as whole minutes (integer arithmetic: hundredths of an hour × 60 / 100). */
export function parseHours(input: string, locale: Locale): number | undefined {
  const parsed = parseCents(input, locale);
  if (!('cents' in parsed) || parsed.cents <= 0) return undefined;
  const minutes = (BigInt(parsed.cents) * 60n + 50n) / 100n;
  return minutes > 0n && minutes <= 24n * 60n ? Number(minutes) : undefined;
}

/** The amount of `minutes` at `rateCents` an hour, rounded half up to whole cents. */
export function amountCents(minutes: number, rateCents: number): number {
  return Number((BigInt(minutes) * BigInt(rateCents) + 30n) / 60n);
}

/** Minutes as `1:30`. */
export function formatMinutes(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}
