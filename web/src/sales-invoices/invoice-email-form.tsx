import { useEffect, useState } from 'preact/hooks';
import { ApiError, type SalesInvoiceMailing, type SalesInvoiceRow } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Form, TextField } from '../components/fields.tsx';
import { SuccessNotice } from '../components/notice.tsx';
import { formatDateTime } from '../format/index.ts';
import { interpolate } from '../i18n/index.ts';
import { isEmailAddress } from './email-address.ts';

/**
 * E-mailen: the recipient pre-filled with the relation's address in CASH (when it has one), checked here
 * and by the API. A second sending is refused with 409 `already-sent`; the form then says when and to whom
 * it went and offers *Opnieuw versturen* (`again: true`).
 */
export function InvoiceEmailForm(props: { path: string; number: string; onSent(): void }) {
  const { api, m, locale } = useApp();
  const [to, setTo] = useState('');
  const [typed, setTyped] = useState(false);
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | undefined>(undefined);
  const [already, setAlready] = useState<SalesInvoiceMailing | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    let current = true;
    api.get<SalesInvoiceRow>(props.path).then(
      (row) => {
        if (current && !typed && row.recipient) setTo(row.recipient);
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, props.path]);

  const send = (again: boolean) => {
    const address = to.trim();
    const bad = !isEmailAddress(address);
    setInvalid(bad);
    if (bad) return;
    setBusy(true);
    setError(undefined);
    setSent(undefined);
    api.post<{ mailing: SalesInvoiceMailing }>(`${props.path}/email`, { to: address, again }).then(
      (answer) => {
        setBusy(false);
        setAlready(undefined);
        setSent(answer.mailing.to);
        props.onSent();
      },
      (failure: unknown) => {
        setBusy(false);
        const last =
          failure instanceof ApiError && failure.status === 409 && failure.rule === 'already-sent'
            ? (failure.problem as { lastMailing?: SalesInvoiceMailing } | undefined)?.lastMailing
            : undefined;
        if (last) setAlready(last);
        else setError(failure);
      },
    );
  };

  return (
    <section class="panel" aria-label={interpolate(m.salesInvoices.emailTitle, { number: props.number })}>
      <Form
        label={interpolate(m.salesInvoices.emailTitle, { number: props.number })}
        onSubmit={() => send(false)}
      >
        <h3>{interpolate(m.salesInvoices.emailTitle, { number: props.number })}</h3>
        <TextField
          label={m.salesInvoices.emailTo}
          type="email"
          autoComplete="email"
          value={to}
          onValue={(value) => {
            setTyped(true);
            setTo(value);
          }}
          required
          help={m.salesInvoices.emailHelp}
          error={invalid ? m.salesInvoices.emailInvalid : undefined}
        />
        <button type="submit" class="button-primary" disabled={busy}>
          {busy ? m.salesInvoices.sending : m.salesInvoices.send}
        </button>
      </Form>
      {already ? (
        <div class="notice notice-warning" role="alert">
          <p>
            {interpolate(m.salesInvoices.alreadySent, {
              number: props.number,
              to: already.to,
              at: formatDateTime(already.at, locale),
            })}
          </p>
          <button type="button" class="button-secondary" disabled={busy} onClick={() => send(true)}>
            {m.salesInvoices.sendAgain}
          </button>
        </div>
      ) : null}
      {sent ? (
        <SuccessNotice>
          {interpolate(m.salesInvoices.emailed, { number: props.number, to: sent })}
        </SuccessNotice>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
