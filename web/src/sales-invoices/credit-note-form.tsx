import { useState } from 'preact/hooks';
import { type SalesInvoiceResult, type SalesInvoiceRow, seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { CheckboxField, Form } from '../components/fields.tsx';
import { SuccessNotice } from '../components/notice.tsx';
import { DownloadButton } from '../components/original-view.tsx';
import { formatCents } from '../format/index.ts';
import { interpolate } from '../i18n/index.ts';
import { InvoiceEmailForm } from './invoice-email-form.tsx';

/** The invoice's lines credited by earlier credit notes (the API refuses them again). */
const creditedBefore = (row: SalesInvoiceRow) =>
  new Set((row.creditedBy ?? []).flatMap((credit) => credit.lineIndexes ?? []));

/**
 * Crediteren: all or some of the invoice's lines (checkboxes with their amounts), confirmed, become a
 * credit note (`POST …/credit-note` `{ lineIndexes }`); shows the credit note made with its downloads and
 * e-mail. The API decides what may be credited; a refusal shows its reason.
 */
export function CreditNoteForm(props: { base: string; row: SalesInvoiceRow; onMade(): void }) {
  const { api, m, locale } = useApp();
  const { row } = props;
  const before = creditedBefore(row);
  const open = row.invoice.lines.map((_line, i) => i).filter((i) => !before.has(i));
  const [chosen, setChosen] = useState<number[]>(open);
  const [none, setNone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<SalesInvoiceResult | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const title = interpolate(m.salesInvoices.creditTitle, { number: row.number });
  const sum = chosen.reduce((total, i) => total + (row.totals.lineCents[i] ?? 0), 0);
  const toggle = (index: number, on: boolean) =>
    setChosen((current) =>
      on ? [...new Set([...current, index])].sort((a, b) => a - b) : current.filter((i) => i !== index),
    );

  const confirm = () => {
    setNone(chosen.length === 0);
    if (chosen.length === 0) return;
    setBusy(true);
    setError(undefined);
    api.post<SalesInvoiceResult>(`${props.base}/${seg(row.id)}/credit-note`, { lineIndexes: chosen }).then(
      (result) => {
        setBusy(false);
        setMade(result);
        props.onMade();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };

  if (made) {
    const path = `${props.base}/${seg(made.id)}`;
    return (
      <section class="panel" aria-label={title}>
        <SuccessNotice>
          {interpolate(m.salesInvoices.creditMade, {
            number: made.number,
            amount: formatCents(made.totals?.payableCents ?? 0, locale),
          })}
        </SuccessNotice>
        <p class="button-row">
          <DownloadButton href={`${path}/pdf`} name={`creditnota-${made.number}.pdf`} label={m.hours.pdf} />
          <DownloadButton href={`${path}/ubl`} name={`creditnota-${made.number}.xml`} label={m.hours.ubl} />
        </p>
        <InvoiceEmailForm path={path} number={made.number} onSent={props.onMade} />
      </section>
    );
  }

  return (
    <section class="panel" aria-label={title}>
      <Form label={title} onSubmit={confirm}>
        <h3>{title}</h3>
        <p>{m.salesInvoices.creditHelp}</p>
        <CheckboxField
          label={m.salesInvoices.creditAll}
          checked={open.length > 0 && chosen.length === open.length}
          disabled={open.length === 0}
          onChecked={(on) => setChosen(on ? open : [])}
        />
        <ul class="credit-lines">
          {row.invoice.lines.map((line, i) => (
            <li key={`${i}-${line.description}`}>
              <CheckboxField
                label={`${interpolate(m.salesInvoices.creditLine, {
                  description: line.description,
                  amount: formatCents(row.totals.lineCents[i] ?? 0, locale),
                })}${before.has(i) ? ` (${m.salesInvoices.creditedBefore})` : ''}`}
                checked={chosen.includes(i)}
                disabled={before.has(i)}
                onChecked={(on) => toggle(i, on)}
              />
            </li>
          ))}
        </ul>
        <p>{interpolate(m.salesInvoices.creditSum, { amount: formatCents(sum, locale) })}</p>
        {none ? (
          <p class="field-error" role="alert">
            {m.salesInvoices.creditNone}
          </p>
        ) : null}
        <button type="submit" class="button-primary" disabled={busy}>
          {m.salesInvoices.creditConfirm}
        </button>
      </Form>
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
