import type { InvoiceBooking, JournalLine } from './api/index.ts';
import { centsToInput, formatCents, parseCents } from './format/index.ts';
import type { Locale } from './i18n/index.ts';

/** One line as a person edits it: the amount as typed text, the rest as the API has it. */
export interface LineDraft {
  key: number;
  ledgerAccount: string;
  amount: string;
  vatCode: string;
  costCentre: string;
  relationNumber: string;
  invoiceNumber: string;
  text: string;
  /** Fields of the proposal's line the form does not edit, sent back unchanged. */
  rest: Partial<JournalLine>;
}

export interface BookingDraft {
  journal: string;
  date: string;
  description: string;
  reference: string;
  lines: LineDraft[];
  rest: Record<string, unknown>;
}

export interface DraftProblem {
  path: string;
  rule: string;
}

let nextKey = 1;

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function emptyLine(): LineDraft {
  return {
    key: nextKey++,
    ledgerAccount: '',
    amount: '',
    vatCode: '',
    costCentre: '',
    relationNumber: '',
    invoiceNumber: '',
    text: '',
    rest: {},
  };
}

/** The proposal (a `journal-entry.book` event's data, or nothing) as an editable draft. */
export function draftFromProposal(proposal: unknown, locale: Locale): BookingDraft {
  const source = (
    typeof proposal === 'object' && proposal !== null ? proposal : {}
  ) as Partial<InvoiceBooking>;
  const { journal, date, description, reference, lines, ...rest } = source;
  const drafts = (Array.isArray(lines) ? lines : []).map((line): LineDraft => {
    const {
      ledgerAccount,
      amountCents,
      vatCode,
      costCentre,
      relationNumber,
      invoiceNumber,
      text: lineText,
      ...lineRest
    } = line;
    return {
      key: nextKey++,
      ledgerAccount: text(ledgerAccount),
      amount: Number.isSafeInteger(amountCents) ? centsToInput(amountCents, locale) : '',
      vatCode: text(vatCode),
      costCentre: text(costCentre),
      relationNumber: text(relationNumber),
      invoiceNumber: text(invoiceNumber),
      text: text(lineText),
      rest: lineRest,
    };
  });
  while (drafts.length < 2) drafts.push(emptyLine());
  return {
    journal: text(journal),
    date: text(date),
    description: text(description),
    reference: text(reference),
    lines: drafts,
    rest,
  };
}

/** The sum of the lines that parse, in cents (BigInt: exact however many lines). */
export function draftBalance(draft: BookingDraft, locale: Locale): bigint {
  let sum = 0n;
  for (const line of draft.lines) {
    const parsed = parseCents(line.amount, locale);
    if ('cents' in parsed) sum += BigInt(parsed.cents);
  }
  return sum;
}

/** The draft as the booking to send, or the problems (field path and rule) that stop it. */
export function bookingFromDraft(
  draft: BookingDraft,
  locale: Locale,
): { booking: InvoiceBooking } | { problems: DraftProblem[]; difference?: string } {
  const problems: DraftProblem[] = [];
  if (draft.journal.trim() === '') problems.push({ path: 'journal', rule: 'required' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.date)) problems.push({ path: 'date', rule: 'date' });
  if (draft.description.trim() === '') problems.push({ path: 'description', rule: 'required' });
  const lines: JournalLine[] = [];
  draft.lines.forEach((line, i) => {
    if (line.ledgerAccount.trim() === '')
      problems.push({ path: `lines.${i}.ledgerAccount`, rule: 'required' });
    const parsed = parseCents(line.amount, locale);
    if ('problem' in parsed) {
      problems.push({ path: `lines.${i}.amount`, rule: 'money' });
      return;
    }
    lines.push({
      ...line.rest,
      ledgerAccount: line.ledgerAccount.trim(),
      amountCents: parsed.cents,
      ...(line.vatCode ? { vatCode: line.vatCode.trim() } : {}),
      ...(line.costCentre ? { costCentre: line.costCentre.trim() } : {}),
      ...(line.relationNumber ? { relationNumber: line.relationNumber.trim() } : {}),
      ...(line.invoiceNumber ? { invoiceNumber: line.invoiceNumber.trim() } : {}),
      ...(line.text ? { text: line.text } : {}),
    });
  });
  const balance = draftBalance(draft, locale);
  if (problems.length > 0) return { problems };
  if (balance !== 0n) {
    return { problems: [{ path: 'lines', rule: 'balanced' }], difference: formatCents(balance, locale) };
  }
  return {
    booking: {
      ...draft.rest,
      journal: draft.journal.trim(),
      date: draft.date,
      description: draft.description.trim(),
      ...(draft.reference ? { reference: draft.reference.trim() } : {}),
      lines,
    },
  };
}
