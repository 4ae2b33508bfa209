import type { VatBookingRule } from '../../invoices/index.ts';
import type { Choice } from './choice.ts';

const CATEGORY: Record<string, string> = {
  S: 'standaard',
  AE: 'verlegd',
  K: 'intracommunautair',
  G: 'export',
  E: 'vrijgesteld',
  Z: 'nultarief',
  O: 'buiten de btw',
};

/** The BTW-codes of an administration's VAT booking rules, once each, with what they are for. */
export function vatCodeChoices(rules: readonly VatBookingRule[]): Choice[] {
  const byCode = new Map<string, Set<string>>();
  for (const rule of rules) {
    const band = rule.minRatePercent
      ? ` ≥ ${rule.minRatePercent}%`
      : rule.maxRatePercent
        ? ` < ${rule.maxRatePercent}%`
        : '';
    const what = `${rule.direction === 'purchase' ? 'inkoop' : 'verkoop'} ${CATEGORY[rule.category] ?? rule.category}${band}`;
    const set = byCode.get(rule.vatCode) ?? new Set<string>();
    set.add(what);
    byCode.set(rule.vatCode, set);
  }
  return [...byCode.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'nl', { numeric: true }))
    .map(([value, uses]) => ({ value, label: `BTW-code ${value}`, detail: [...uses].join(', ') }));
}
