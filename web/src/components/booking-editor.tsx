import { useState } from 'preact/hooks';
import type { InvoiceBooking } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import {
  type BookingDraft,
  bookingFromDraft,
  type DraftProblem,
  draftBalance,
  draftFromProposal,
  emptyLine,
  type LineDraft,
} from '../booking-draft.ts';
import { formatCents } from '../format/index.ts';
import { interpolate, type Messages } from '../i18n/index.ts';
import { ChoiceInput } from './choice-input.tsx';
import { CheckboxField, Form, TextField } from './fields.tsx';

function problemText(problems: DraftProblem[], path: string, m: Messages): string | undefined {
  const problem = problems.find((p) => p.path === path);
  if (!problem) return undefined;
  if (problem.rule === 'money') return m.errors.money;
  if (problem.rule === 'date') return m.errors.date;
  return m.errors.required;
}

/**
 * The editable booking beside an invoice's original: journal, date, description and balanced lines, with
 * choices from the CASH mirror; *Boeken* sends it (`onBook`).
 */
export function BookingEditor(props: {
  proposal: unknown;
  disabled: boolean;
  busy: boolean;
  onBook(booking: InvoiceBooking, learn: boolean): void;
}) {
  const { m, locale } = useApp();
  const [draft, setDraft] = useState<BookingDraft>(() => draftFromProposal(props.proposal, locale));
  const [problems, setProblems] = useState<DraftProblem[]>([]);
  const [difference, setDifference] = useState<string | undefined>(undefined);
  const [learn, setLearn] = useState(true);
  const set = (patch: Partial<BookingDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setLine = (key: number, patch: Partial<LineDraft>) =>
    setDraft((d) => ({
      ...d,
      lines: d.lines.map((line) => (line.key === key ? { ...line, ...patch } : line)),
    }));
  const balance = draftBalance(draft, locale);

  const submit = () => {
    const result = bookingFromDraft(draft, locale);
    if ('problems' in result) {
      setProblems(result.problems);
      setDifference(result.difference);
      return;
    }
    setProblems([]);
    setDifference(undefined);
    props.onBook(result.booking, learn);
  };

  return (
    <Form onSubmit={submit} label={m.review.booking} class="form booking">
      <h2>{m.review.booking}</h2>
      <div class="grid-2">
        <ChoiceInput
          kind="journals"
          label={m.review.journal}
          value={draft.journal}
          onValue={(journal) => set({ journal })}
          error={problemText(problems, 'journal', m)}
          required
          disabled={props.disabled}
        />
        <TextField
          label={m.review.bookingDate}
          type="date"
          value={draft.date}
          onValue={(date) => set({ date })}
          error={problemText(problems, 'date', m)}
          required
          disabled={props.disabled}
        />
      </div>
      <TextField
        label={m.review.description}
        value={draft.description}
        onValue={(description) => set({ description })}
        error={problemText(problems, 'description', m)}
        required
        disabled={props.disabled}
      />
      <TextField
        label={m.review.reference}
        value={draft.reference}
        onValue={(reference) => set({ reference })}
        disabled={props.disabled}
      />
      <fieldset class="lines">
        <legend>{m.review.lines}</legend>
        {draft.lines.map((line, i) => (
          <fieldset key={line.key} class="line">
            <legend>{interpolate(m.review.line, { n: i + 1 })}</legend>
            <div class="grid-3">
              <ChoiceInput
                kind="ledgerAccounts"
                label={m.review.ledgerAccount}
                value={line.ledgerAccount}
                onValue={(ledgerAccount) => setLine(line.key, { ledgerAccount })}
                error={problemText(problems, `lines.${i}.ledgerAccount`, m)}
                required
                disabled={props.disabled}
              />
              <TextField
                label={m.review.lineAmount}
                inputMode="decimal"
                value={line.amount}
                onValue={(amount) => setLine(line.key, { amount })}
                error={problemText(problems, `lines.${i}.amount`, m)}
                required
                disabled={props.disabled}
              />
              <ChoiceInput
                kind="vatCodes"
                label={m.review.vatCode}
                value={line.vatCode}
                onValue={(vatCode) => setLine(line.key, { vatCode })}
                disabled={props.disabled}
              />
              <ChoiceInput
                kind="relations"
                label={m.review.relationNumber}
                value={line.relationNumber}
                onValue={(relationNumber) => setLine(line.key, { relationNumber })}
                disabled={props.disabled}
              />
              <ChoiceInput
                kind="costCentres"
                label={m.review.costCentre}
                value={line.costCentre}
                onValue={(costCentre) => setLine(line.key, { costCentre })}
                disabled={props.disabled}
              />
              <TextField
                label={m.review.invoiceNumber}
                value={line.invoiceNumber}
                onValue={(invoiceNumber) => setLine(line.key, { invoiceNumber })}
                disabled={props.disabled}
              />
            </div>
            <TextField
              label={m.review.lineText}
              value={line.text}
              onValue={(t) => setLine(line.key, { text: t })}
              disabled={props.disabled}
            />
            {draft.lines.length > 2 && !props.disabled ? (
              <button
                type="button"
                class="button-secondary"
                onClick={() => set({ lines: draft.lines.filter((l) => l.key !== line.key) })}
              >
                {interpolate(m.review.removeLine, { n: i + 1 })}
              </button>
            ) : null}
          </fieldset>
        ))}
        {!props.disabled ? (
          <button
            type="button"
            class="button-secondary"
            onClick={() => set({ lines: [...draft.lines, emptyLine()] })}
          >
            {m.review.addLine}
          </button>
        ) : null}
      </fieldset>
      <p class={`balance${balance === 0n ? '' : ' warn'}`} aria-live="polite">
        {m.review.balance}: {formatCents(balance, locale)}
      </p>
      {problems.some((p) => p.rule === 'balanced') ? (
        <p class="field-error" role="alert">
          {interpolate(m.review.unbalanced, { difference: difference ?? formatCents(balance, locale) })}
        </p>
      ) : null}
      {props.disabled ? null : (
        <>
          <CheckboxField label={m.review.learn} checked={learn} onChecked={setLearn} />
          <button type="submit" class="button-primary" disabled={props.busy}>
            {m.review.book}
          </button>
        </>
      )}
    </Form>
  );
}
