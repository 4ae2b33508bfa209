import { useApp } from '../app-context.ts';
import { formatCents, formatDate, formatDateTime } from '../format/index.ts';

export function Money({ cents, currency }: { cents: number | undefined; currency?: string | undefined }) {
  const { locale } = useApp();
  if (cents === undefined || !Number.isSafeInteger(cents)) return <span>–</span>;
  return <span class={`money${cents < 0 ? ' negative' : ''}`}>{formatCents(cents, locale, currency)}</span>;
}

export function DateText({ iso }: { iso: string | undefined }) {
  const { locale } = useApp();
  if (!iso) return <span>–</span>;
  return <time dateTime={iso.slice(0, 10)}>{formatDate(iso, locale)}</time>;
}

export function DateTimeText({ iso }: { iso: string | undefined }) {
  const { locale } = useApp();
  if (!iso) return <span>–</span>;
  return <time dateTime={iso}>{formatDateTime(iso, locale)}</time>;
}

export function StatusBadge({ status }: { status: string }) {
  const { m } = useApp();
  const label = (m.status as Record<string, string>)[status] ?? status;
  return <span class={`badge badge-${status.replace(/[^a-z-]/g, '')}`}>{label}</span>;
}

/** The name of an item kind; a kind without a name of its own (a future connector's) shows as it is. */
export function kindLabel(kinds: Record<string, string>, kind: string): string {
  return kinds[kind] ?? kind;
}
