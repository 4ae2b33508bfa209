import { useState } from 'preact/hooks';
import {
  ApiError,
  type BankCandidate,
  type BankDecision,
  type BankRuleDraft,
  type MatchAnswer,
  type ReviewDetail,
  seg,
} from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { ChoiceInput } from '../components/choice-input.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { TextField } from '../components/fields.tsx';
import { Money } from '../components/formatted.tsx';
import { RecordView } from '../components/invoice-data.tsx';
import { SuccessNotice } from '../components/notice.tsx';
import type { Messages } from '../i18n/index.ts';

type Choice = { kind: 'candidate'; index: number } | { kind: 'open-item' } | { kind: 'ledger' };

function entryOf(detail: ReviewDetail): Record<string, unknown> {
  const result = detail.document.result ?? {};
  const entry = result.entry ?? result.line ?? result;
  return typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
}

function textField(record: Record<string, unknown>, ...names: string[]): string {
  for (const name of names) {
    const value = record[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return '';
}

function candidateTitle(candidate: BankCandidate): string {
  const who = candidate.relationName ?? candidate.relationNumber ?? candidate.ledgerAccount ?? '?';
  const invoices = candidate.matches.map((match) => match.invoiceNumber).join(', ');
  return invoices ? `${who}: ${invoices}` : who;
}

/** The decision a choice stands for, or the reason it cannot be sent yet. */
export function decisionFor(
  choice: Choice,
  candidates: BankCandidate[],
  openItem: { relationNumber: string; invoiceNumber: string },
  ledger: { ledgerAccount: string; vatCode: string },
): BankDecision | undefined {
  if (choice.kind === 'candidate') {
    const candidate = candidates[choice.index];
    if (!candidate) return undefined;
    const first = candidate.matches[0];
    if (candidate.relationNumber && first) {
      return { openItem: { relationNumber: candidate.relationNumber, invoiceNumber: first.invoiceNumber } };
    }
    if (candidate.ledgerAccount) return { ledgerAccount: candidate.ledgerAccount };
    return undefined;
  }
  if (choice.kind === 'open-item') {
    if (!openItem.relationNumber.trim() || !openItem.invoiceNumber.trim()) return undefined;
    return {
      openItem: {
        relationNumber: openItem.relationNumber.trim(),
        invoiceNumber: openItem.invoiceNumber.trim(),
      },
    };
  }
  if (!ledger.ledgerAccount.trim()) return undefined;
  return {
    ledgerAccount: ledger.ledgerAccount.trim(),
    ...(ledger.vatCode.trim() ? { vatCode: ledger.vatCode.trim() } : {}),
  };
}

/** The rule drafted from a decision: the line's IBAN (or name words) → the relation or ledger account. */
export function ruleFor(decision: BankDecision, iban: string, nameContains: string): BankRuleDraft {
  const conditions: Record<string, unknown> = iban.trim()
    ? { counterpartyIban: iban.trim() }
    : { nameContains: nameContains.trim() };
  const action: Record<string, unknown> =
    'openItem' in decision
      ? { relationNumber: decision.openItem.relationNumber }
      : { ledgerAccount: decision.ledgerAccount, ...(decision.vatCode ? { vatCode: decision.vatCode } : {}) };
  return { conditions, action };
}

function CandidateOption(props: {
  candidate: BankCandidate;
  index: number;
  checked: boolean;
  onChoose(): void;
  m: Messages;
  disabled: boolean;
}) {
  const { candidate, m } = props;
  const id = `candidate-${props.index}`;
  return (
    <li class="candidate">
      <input
        type="radio"
        name="decision"
        id={id}
        checked={props.checked}
        disabled={props.disabled}
        onChange={props.onChoose}
      />
      <label for={id}>
        <strong>{candidateTitle(candidate)}</strong> — {m.review.confidence}{' '}
        {Math.round(candidate.confidence * 100)}%
        {candidate.differenceCents !== 0 ? (
          <>
            {' '}
            · {m.review.difference} <Money cents={candidate.differenceCents} />
          </>
        ) : null}
      </label>
      <ul class="reasons">
        {candidate.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
        {(candidate.notAutomatic ?? []).map((reason) => (
          <li key={`not-${reason}`} class="warn">
            {reason}
          </li>
        ))}
      </ul>
    </li>
  );
}

/** A bank line to match: candidates with reasons and scores, other open items, a ledger account; rule. */
export function BankLineReview({ detail }: { detail: ReviewDetail }) {
  const { api, m, can } = useApp();
  const candidates = detail.candidates ?? [];
  const entry = entryOf(detail);
  const [choice, setChoice] = useState<Choice>(
    candidates.length > 0 ? { kind: 'candidate', index: 0 } : { kind: 'ledger' },
  );
  const [openItem, setOpenItem] = useState({ relationNumber: '', invoiceNumber: '' });
  const [ledger, setLedger] = useState({ ledgerAccount: '', vatCode: '' });
  const [iban, setIban] = useState(textField(entry, 'counterpartyIban', 'iban'));
  const [nameContains, setNameContains] = useState(textField(entry, 'counterpartyName', 'name'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [incomplete, setIncomplete] = useState(false);
  const disabled = !can('act') || done !== undefined;

  const send = (makeRule: boolean) => {
    const decision = decisionFor(choice, candidates, openItem, ledger);
    if (!decision) {
      setIncomplete(true);
      return;
    }
    setIncomplete(false);
    setBusy(true);
    setError(undefined);
    // One request: the server checks the rule first, matches the line, then makes the rule in the
    // administration's bank rules. A rule refused beforehand leaves the line unmatched (an error); one that
    // could not be saved after the match comes back as `ruleProblem` beside the match.
    api
      .post<MatchAnswer>(`/v1/app/review/${seg(detail.item.id)}/match`, {
        decision,
        ...(makeRule ? { makeRule: ruleFor(decision, iban, nameContains) } : {}),
      })
      .then(
        (answer) => {
          setBusy(false);
          const problem = answer?.ruleProblem;
          if (makeRule && problem) {
            setDone(m.review.accepted);
            setError(new ApiError(problem.status ?? 409, problem));
          } else setDone(makeRule ? m.review.ruleMade : m.review.accepted);
        },
        (failure: unknown) => {
          setBusy(false);
          setError(failure);
        },
      );
  };

  return (
    <div class="bank-line">
      <section aria-labelledby="entry-title">
        <h2 id="entry-title">{m.kinds['bank-line']}</h2>
        <p class="big-number">
          <Money cents={detail.item.amountCents} currency={detail.item.currency} />
        </p>
        <RecordView data={entry} />
      </section>
      <form
        class="form"
        aria-label={m.review.candidates}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          send(false);
        }}
      >
        <fieldset>
          <legend>{m.review.candidates}</legend>
          {candidates.length === 0 ? <p>{m.review.noCandidates}</p> : null}
          <ul class="candidates">
            {candidates.map((candidate, index) => (
              <CandidateOption
                key={index}
                candidate={candidate}
                index={index}
                m={m}
                disabled={disabled}
                checked={choice.kind === 'candidate' && choice.index === index}
                onChoose={() => setChoice({ kind: 'candidate', index })}
              />
            ))}
            <li class="candidate">
              <input
                type="radio"
                name="decision"
                id="decision-open-item"
                disabled={disabled}
                checked={choice.kind === 'open-item'}
                onChange={() => setChoice({ kind: 'open-item' })}
              />
              <label for="decision-open-item">{m.review.otherItems}</label>
              {choice.kind === 'open-item' ? (
                <div class="grid-2">
                  <ChoiceInput
                    kind="relations"
                    label={m.review.searchRelation}
                    value={openItem.relationNumber}
                    onValue={(relationNumber) => setOpenItem({ ...openItem, relationNumber })}
                    required
                    disabled={disabled}
                  />
                  <TextField
                    label={m.review.invoiceNumber}
                    value={openItem.invoiceNumber}
                    onValue={(invoiceNumber) => setOpenItem({ ...openItem, invoiceNumber })}
                    required
                    disabled={disabled}
                  />
                </div>
              ) : null}
            </li>
            <li class="candidate">
              <input
                type="radio"
                name="decision"
                id="decision-ledger"
                disabled={disabled}
                checked={choice.kind === 'ledger'}
                onChange={() => setChoice({ kind: 'ledger' })}
              />
              <label for="decision-ledger">{m.review.assignLedger}</label>
              {choice.kind === 'ledger' ? (
                <div class="grid-2">
                  <ChoiceInput
                    kind="ledgerAccounts"
                    label={m.review.ledgerAccount}
                    value={ledger.ledgerAccount}
                    onValue={(ledgerAccount) => setLedger({ ...ledger, ledgerAccount })}
                    required
                    disabled={disabled}
                  />
                  <ChoiceInput
                    kind="vatCodes"
                    label={m.review.vatCode}
                    value={ledger.vatCode}
                    onValue={(vatCode) => setLedger({ ...ledger, vatCode })}
                    disabled={disabled}
                  />
                </div>
              ) : null}
            </li>
          </ul>
        </fieldset>
        {incomplete ? (
          <p class="field-error" role="alert">
            {m.errors.required}
          </p>
        ) : null}
        {!can('act') ? null : (
          <>
            <fieldset>
              <legend>{m.review.makeRule}</legend>
              <div class="grid-2">
                <TextField label={m.review.ruleIban} value={iban} onValue={setIban} disabled={disabled} />
                <TextField
                  label={m.bankRules.nameContains}
                  value={nameContains}
                  onValue={setNameContains}
                  disabled={disabled}
                />
              </div>
            </fieldset>
            <div class="button-row">
              <button type="submit" class="button-primary" disabled={busy || disabled}>
                {m.review.accept}
              </button>
              <button
                type="button"
                class="button-secondary"
                disabled={busy || disabled}
                onClick={() => send(true)}
              >
                {m.review.makeRule}
              </button>
            </div>
          </>
        )}
      </form>
      {done ? <SuccessNotice>{done}</SuccessNotice> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}
