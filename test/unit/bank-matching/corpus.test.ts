import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DENY_LIST,
  Matcher,
  normalizeIban,
  type OpenItem,
  sharedAccountReason,
} from '../../../lib/bank/matching/index.ts';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import type { BankEntry } from '../../../lib/bank/statement.ts';
import { corpusSamples, readCorpusFile } from '../../support/corpus.ts';

const files = corpusSamples(['camt053', 'mt940', 'bankcsv']).map(
  ({ folder, name }) => [`${folder}/${name}`] as const,
);

/** A mirror built from the statement itself: one relation per counterparty IBAN, one open item per line. */
function mirrorFor(entries: BankEntry[]): { items: OpenItem[]; expected: Map<string, string> } {
  const relations = new Map<string, string>();
  const items: OpenItem[] = [];
  const pairs = new Map<string, number>();
  for (const line of entries) {
    const iban = normalizeIban(line.counterpartyIban);
    if (iban) pairs.set(`${iban}|${line.amountCents}`, (pairs.get(`${iban}|${line.amountCents}`) ?? 0) + 1);
  }
  const expected = new Map<string, string>();
  entries.forEach((line, index) => {
    const iban = normalizeIban(line.counterpartyIban);
    if (!iban || line.amountCents === 0 || !Number.isSafeInteger(line.amountCents)) return;
    if (!relations.has(iban)) relations.set(iban, String(300000 + relations.size));
    const invoiceNumber = `CORP-${String(index).padStart(6, '0')}`;
    items.push({
      relationNumber: relations.get(iban) as string,
      relationName: line.counterpartyName ?? '',
      ibans: [iban],
      invoiceNumber,
      invoiceDate: line.bookingDate,
      amountCents: line.amountCents,
      outstandingCents: line.amountCents,
    });
    const unique = pairs.get(`${iban}|${line.amountCents}`) === 1;
    const clean =
      !line.reversal &&
      line.currency === 'EUR' &&
      !sharedAccountReason(DEFAULT_DENY_LIST, iban, line.counterpartyName);
    if (unique && clean) expected.set(line.importId, invoiceNumber);
  });
  return { items, expected };
}

describe('Matcher on the real statement corpus', () => {
  it.each(files)(
    '%s: every entry gets an explained decision; known account + unique amount is booked',
    (file) => {
      // Prepare
      const parsed = parseStatementFile(readCorpusFile(file), file);
      const entries = parsed.statements.flatMap((statement) => statement.entries);
      const { items, expected } = mirrorFor(entries);
      const matcher = new Matcher(items);
      // Act
      const decisions = entries.map((line) => ({ line, decision: matcher.match(line) }));
      // Assess
      for (const { line, decision } of decisions) {
        expect(decision.importId).toBe(line.importId);
        expect(decision.reasons.length).toBeGreaterThan(0);
        if (decision.decision === 'auto' && decision.matches.length > 0) {
          const allocated = decision.matches.reduce((sum, match) => sum + match.amountCents, 0);
          expect(allocated + decision.differenceCents).toBe(line.amountCents);
        }
        const invoice = expected.get(line.importId);
        if (invoice) {
          expect(decision.decision).toBe('auto');
          expect(decision.matches.map((match) => match.invoiceNumber)).toEqual([invoice]);
        }
      }
    },
  );
});
