import type { Locale } from '../i18n/locale.ts';
import { quoteShort } from './money.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar date `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * An ISO date (`2026-10-31`, or the date part of an ISO time) as nl `31-10-2026`, en-GB `31/10/2026`.
 * Read as text, so no time zone moves the day. Text that is no date is shown as it came.
 */
export function formatDate(iso: string, locale: Locale): string {
  if (typeof iso !== 'string') return '';
  const day = iso.slice(0, 10);
  if (!isIsoDate(day)) return iso;
  const [y, m, d] = day.split('-');
  return locale === 'nl' ? `${d}-${m}-${y}` : `${d}/${m}/${y}`;
}

/** An ISO 8601 UTC time in Dutch time (Europe/Amsterdam): `31-10-2026 14:05`. */
export function formatDateTime(iso: string, locale: Locale): string {
  if (typeof iso !== 'string') return '';
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(time);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const date = formatDate(`${part('year')}-${part('month')}-${part('day')}`, locale);
  return `${date} ${part('hour')}:${part('minute')}`;
}

/** A date a person typed (`31-10-2026`, `31/10/2026` or ISO) as ISO `YYYY-MM-DD`, or the problem. */
export function parseDate(
  input: string,
): { iso: string } | { problem: { rule: 'date-format'; value: string } } {
  const text = input.trim();
  if (isIsoDate(text)) return { iso: text };
  const match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text);
  if (match) {
    const iso = `${match[3]}-${match[2]?.padStart(2, '0')}-${match[1]?.padStart(2, '0')}`;
    if (isIsoDate(iso)) return { iso };
  }
  return { problem: { rule: 'date-format', value: quoteShort(input) } };
}
