import type { JournalLine } from '../../../events/index.ts';
import type { CashMappingIssue } from './mapping-types.ts';

export interface IndexedLine {
  line: JournalLine;
  /** Position in the event's `data.lines`. */
  index: number;
}

export type VatFoldResult = { ok: true; lines: IndexedLine[] } | { ok: false; issues: CashMappingIssue[] };

function sign(n: bigint): number {
  return n > 0n ? 1 : n < 0n ? -1 : 0;
}

/** Splits `total` over `weights` in proportion, exactly (largest remainder), so the parts sum to `total`. */
export function allocate(total: bigint, weights: bigint[]): bigint[] {
  const absWeights = weights.map((w) => (w < 0n ? -w : w));
  const sum = absWeights.reduce((a, b) => a + b, 0n);
  const effective = sum === 0n ? absWeights.map(() => 1n) : absWeights;
  const denominator = sum === 0n ? BigInt(weights.length) : sum;
  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  const shares = effective.map((w) => (magnitude * w) / denominator);
  const remainders = effective.map((w, i) => ({ i, r: (magnitude * w) % denominator }));
  let left = magnitude - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i] = (shares[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return shares.map((s) => (negative ? -s : s));
}

/**
 * For `vatLines: 'implied'`: CASH derives the VAT from the ledger account's VAT code, so each VAT line (a line
 * with vatBaseCents) is folded into the base lines with the same VAT code and sign, which then carry the gross
 * amount. The split is exact and keeps the entry balanced.
 */
export function foldVatLines(lines: JournalLine[]): VatFoldResult {
  const issues: CashMappingIssue[] = [];
  const result: IndexedLine[] = lines.map((line, index) => ({ line: { ...line }, index }));
  const vatTotals = new Map<string, { code: string; sign: number; total: bigint; indexes: number[] }>();
  lines.forEach((line, index) => {
    if (line.vatBaseCents === undefined) return;
    if (!line.vatCode) {
      issues.push({
        eventPath: `data.lines.${index}.vatCode`,
        rubriek: '0242',
        rule: 'vat-line-without-code',
        message: 'a VAT line needs a vatCode to be folded into its base lines (vatLines: implied)',
      });
      return;
    }
    const amount = BigInt(line.amountCents);
    const key = `${line.vatCode}\u0000${sign(amount)}`;
    const group = vatTotals.get(key) ?? { code: line.vatCode, sign: sign(amount), total: 0n, indexes: [] };
    group.total += amount;
    group.indexes.push(index);
    vatTotals.set(key, group);
  });
  const folded = new Set<number>();
  for (const group of vatTotals.values()) {
    const bases = result.filter(
      ({ line }) =>
        line.vatBaseCents === undefined &&
        line.vatCode === group.code &&
        (group.sign === 0 || sign(BigInt(line.amountCents)) === group.sign),
    );
    if (bases.length === 0) {
      for (const index of group.indexes) {
        issues.push({
          eventPath: `data.lines.${index}`,
          rubriek: '0242',
          rule: 'vat-line-unmatched',
          value: group.code,
          message: `no base line with VAT code ${group.code} and the same sign to fold this VAT line into`,
        });
      }
      continue;
    }
    const shares = allocate(
      group.total,
      bases.map(({ line }) => BigInt(line.amountCents)),
    );
    bases.forEach((base, i) => {
      const gross = BigInt(base.line.amountCents) + (shares[i] ?? 0n);
      if (gross > BigInt(Number.MAX_SAFE_INTEGER) || gross < BigInt(Number.MIN_SAFE_INTEGER)) {
        issues.push({
          eventPath: `data.lines.${base.index}.amountCents`,
          rule: 'out-of-range',
          value: gross.toString(),
          message: 'gross amount is out of range',
        });
        return;
      }
      base.line.amountCents = Number(gross);
    });
    for (const index of group.indexes) folded.add(index);
  }
  if (issues.length) return { ok: false, issues };
  return { ok: true, lines: result.filter(({ index }) => !folded.has(index)) };
}
