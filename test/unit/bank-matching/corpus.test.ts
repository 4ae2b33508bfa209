import { expect, it } from 'vitest';
import { citedInvoices } from '../../../lib/bank/matching/cited-invoices.ts';
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
import { describeWithCorpus } from '../../support/needs-shared.ts';

const files = corpusSamples(['camt053', 'mt940', 'bankcsv']).map(
  ({ folder, name }) => [`${folder}/${name}`] as const,
);

/** Whether the line's text cites an invoice number or payment reference (which the built mirror never has). */
function citesAnInvoice(line: BankEntry): boolean {
  const text = [line.remittance, line.structuredReference, line.endToEndId].filter(Boolean).join(' ');
  const cited = citedInvoices(text, line.structuredReference, new Set());
  return cited.paymentReferences.length > 0 || cited.keywordGroups.length > 0;
}

/**
 * A mirror built from the statement itself: one relation per counterparty IBAN, one open item per line.
 * A line whose text names an invoice or reference names one the mirror does not have: never booked alone.
 */
function mirrorFor(entries: BankEntry[]): {
  items: OpenItem[];
  expected: Map<string, string>;
  namesOther: Set<string>;
} {
  const relations = new Map<string, string>();
  const items: OpenItem[] = [];
  const pairs = new Map<string, number>();
  for (const line of entries) {
    const iban = normalizeIban(line.counterpartyIban);
    if (iban) pairs.set(`${iban}|${line.amountCents}`, (pairs.get(`${iban}|${line.amountCents}`) ?? 0) + 1);
  }
  const expected = new Map<string, string>();
  const namesOther = new Set<string>();
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
    if (citesAnInvoice(line)) namesOther.add(line.importId);
    else if (unique && clean) expected.set(line.importId, invoiceNumber);
  });
  return { items, expected, namesOther };
}

describeWithCorpus('Matcher on the real statement corpus', () => {
  it.each(files)(
    '%s: every entry gets an explained decision; known account + unique amount is booked unless the text names another invoice',
    (file) => {
      // Prepare
      const parsed = parseStatementFile(readCorpusFile(file), file);
      const entries = parsed.statements.flatMap((statement) => statement.entries);
      const { items, expected, namesOther } = mirrorFor(entries);
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
        if (namesOther.has(line.importId)) expect(decision.decision).not.toBe('auto');
        const invoice = expected.get(line.importId);
        if (invoice) {
          expect(decision.decision).toBe('auto');
          expect(decision.matches.map((match) => match.invoiceNumber)).toEqual([invoice]);
        }
      }
    },
  );
});
