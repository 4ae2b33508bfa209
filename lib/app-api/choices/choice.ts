import type { MirrorSnapshot } from '../../mirror/index.ts';

/** One option of a picker: the code to send, what a person reads, and a detail (e.g. the IBAN). */
export interface Choice {
  value: string;
  label: string;
  detail?: string;
}

type Lists = Pick<MirrorSnapshot, 'ledgerAccounts' | 'relations' | 'journals' | 'costCentres' | 'articles'>;

/** The mirror's rows of one list as choices, sorted by code. */
export function choicesOf<K extends keyof Lists>(kind: K, rows: Lists[K]): Choice[] {
  const out: Choice[] = [];
  for (const row of rows as unknown as Record<string, unknown>[]) {
    const choice = toChoice(kind, row);
    if (choice) out.push(choice);
  }
  return out.sort((a, b) => a.value.localeCompare(b.value, 'nl', { numeric: true }));
}

function toChoice(kind: keyof Lists, row: Record<string, unknown>): Choice | undefined {
  const s = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  switch (kind) {
    case 'ledgerAccounts': {
      const value = s(row.account);
      return value
        ? withDetail(value, s(row.description) ?? value, s(row.vatCode) && `BTW ${row.vatCode}`)
        : undefined;
    }
    case 'relations': {
      const value = s(row.relationNumber);
      return value ? withDetail(value, s(row.name) ?? value, s(row.iban) ?? s(row.vatId)) : undefined;
    }
    case 'costCentres': {
      const value = s(row.code);
      if (!value || row.blocked === true) return undefined;
      return withDetail(value, s(row.description) ?? value);
    }
    case 'journals':
    case 'articles': {
      const value = s(row.code);
      return value ? withDetail(value, s(row.description) ?? value, s(row.kind) ?? s(row.gtin)) : undefined;
    }
  }
}

function withDetail(value: string, label: string, detail?: string | false): Choice {
  return detail ? { value, label, detail } : { value, label };
}

/** Whether a choice fits a search: the code starts with it, or a word of the label or detail does. */
export function choiceMatches(choice: Choice, q: string): boolean {
  const needle = fold(q);
  if (fold(choice.value).startsWith(needle)) return true;
  const haystack = fold(`${choice.label} ${choice.detail ?? ''}`);
  return haystack.includes(needle);
}

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
}
