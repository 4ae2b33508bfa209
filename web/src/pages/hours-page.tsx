import { useState } from 'preact/hooks';
import { type HourEntry, type SalesInvoiceResult, seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { ChoiceInput } from '../components/choice-input.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Form, TextField } from '../components/fields.tsx';
import { DateText, Money } from '../components/formatted.tsx';
import { Loading, SuccessNotice } from '../components/notice.tsx';
import { DownloadButton } from '../components/original-view.tsx';
import { Page } from '../components/page.tsx';
import { parseCents } from '../format/index.ts';
import { amountCents, formatMinutes, parseHours } from '../hours-math.ts';
import { interpolate } from '../i18n/index.ts';
import { InvoiceEmailForm, SalesInvoiceList } from '../sales-invoices/index.ts';
import { useLoad } from '../use-load.ts';

function AddHours({ base, onAdded }: { base: string; onAdded(): void }) {
  const { api, m, locale } = useApp();
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [relationNumber, setRelationNumber] = useState('');
  const [description, setDescription] = useState('');
  const [duration, setDuration] = useState('');
  const [rate, setRate] = useState('');
  const [invalid, setInvalid] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  const submit = () => {
    const minutes = parseHours(duration, locale);
    const rateParsed = parseCents(rate, locale);
    const bad = [
      ...(relationNumber.trim() ? [] : ['relation']),
      ...(description.trim() ? [] : ['description']),
      ...(minutes === undefined ? ['duration'] : []),
      ...('cents' in rateParsed && rateParsed.cents >= 0 ? [] : ['rate']),
      ...(/^\d{4}-\d{2}-\d{2}$/.test(date) ? [] : ['date']),
    ];
    setInvalid(bad);
    if (bad.length > 0 || minutes === undefined || !('cents' in rateParsed)) return;
    setError(undefined);
    api
      .post(base, {
        date,
        relationNumber: relationNumber.trim(),
        description: description.trim(),
        minutes,
        hourlyRateCents: rateParsed.cents,
      })
      .then(() => {
        setDescription('');
        setDuration('');
        onAdded();
      }, setError);
  };
  const err = (field: string, text: string) => (invalid.includes(field) ? text : undefined);
  return (
    <Form onSubmit={submit} label={m.hours.addHours}>
      <h2>{m.hours.addHours}</h2>
      <div class="grid-3">
        <TextField
          label={m.hours.date}
          type="date"
          value={date}
          onValue={setDate}
          required
          error={err('date', m.errors.date)}
        />
        <ChoiceInput
          kind="relations"
          label={m.hours.relation}
          value={relationNumber}
          onValue={setRelationNumber}
          required
          error={err('relation', m.errors.required)}
        />
        <TextField
          label={m.hours.description}
          value={description}
          onValue={setDescription}
          required
          error={err('description', m.errors.required)}
        />
        <TextField
          label={m.hours.duration}
          inputMode="decimal"
          value={duration}
          onValue={setDuration}
          required
          error={err('duration', m.errors.number)}
        />
        <TextField
          label={m.hours.rate}
          inputMode="decimal"
          value={rate}
          onValue={setRate}
          required
          error={err('rate', m.errors.money)}
        />
      </div>
      <button type="submit" class="button-primary">
        {m.hours.addHours}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </Form>
  );
}

function InvoiceMade({
  base,
  invoice,
  onSent,
}: {
  base: string;
  invoice: SalesInvoiceResult;
  onSent(): void;
}) {
  const { m } = useApp();
  const path = `${base}/${seg(invoice.id)}`;
  return (
    <section aria-labelledby="invoice-made">
      <SuccessNotice>
        <span id="invoice-made">{interpolate(m.hours.made, { number: invoice.number })}</span>
      </SuccessNotice>
      {invoice.ublProblems && invoice.ublProblems.length > 0 ? (
        <div class="notice notice-warning" role="status">
          <p>{m.hours.ublProblems}</p>
          <ul>
            {invoice.ublProblems.map((problem) => (
              <li
                key={`${problem.path}-${problem.rule}`}
              >{`${problem.path}: ${problem.message} (${problem.rule})`}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p class="button-row">
        <DownloadButton href={`${path}/pdf`} name={`factuur-${invoice.number}.pdf`} label={m.hours.pdf} />
        <DownloadButton href={`${path}/ubl`} name={`factuur-${invoice.number}.xml`} label={m.hours.ubl} />
      </p>
      <InvoiceEmailForm key={invoice.id} path={path} number={invoice.number} onSent={onSent} />
    </section>
  );
}

/** Uren en facturen: hours per relation; selected hours become an SI-UBL 2.0 sales invoice. */
export function HoursPage() {
  const { api, m, administration } = useApp();
  const adm = `/v1/app/administrations/${seg(administration)}`;
  const hours = useLoad(() => api.get<{ items: HourEntry[] }>(`${adm}/hours`), [api, adm]);
  const [selected, setSelected] = useState<string[]>([]);
  const [invoice, setInvoice] = useState<SalesInvoiceResult | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [oneRelation, setOneRelation] = useState(false);
  // CASH's relation list (the mirror) has no address; a Dutch buyer's SI-UBL needs one.
  const [street, setStreet] = useState('');
  const [postalCode, setPostalCode] = useState('');
  const [city, setCity] = useState('');
  // Bumped when an invoice is made or mailed here, so the Facturen list reads it again.
  const [invoicesChanged, setInvoicesChanged] = useState(0);
  const invoicesRefresh = () => setInvoicesChanged((n) => n + 1);
  const items = hours.data?.items ?? [];
  const chosen = items.filter((entry) => selected.includes(entry.id));
  const relations = [...new Set(chosen.map((entry) => entry.relationNumber))];

  const makeInvoice = () => {
    if (relations.length !== 1 || !relations[0]) {
      setOneRelation(true);
      return;
    }
    setOneRelation(false);
    setError(undefined);
    const typed = Object.entries({ street, postalCode, city })
      .map(([field, value]) => [field, value.trim()] as const)
      .filter(([, value]) => value !== '');
    const buyer = typed.length > 0 ? Object.fromEntries(typed) : undefined;
    api
      .post<SalesInvoiceResult>(`${adm}/sales-invoices`, {
        relationNumber: relations[0],
        hourIds: selected,
        lines: [],
        ...(buyer ? { buyer } : {}),
      })
      .then((made) => {
        setInvoice(made);
        setSelected([]);
        hours.reload();
        invoicesRefresh();
      }, setError);
  };

  return (
    <Page title={m.hours.title}>
      <AddHours base={`${adm}/hours`} onAdded={hours.reload} />
      <h2>{m.hours.hours}</h2>
      {hours.loading ? <Loading label={m.app.loading} /> : null}
      {hours.error ? <ErrorNotice error={hours.error} onRetry={hours.reload} /> : null}
      {!hours.loading && items.length === 0 ? <p class="empty">{m.hours.empty}</p> : null}
      {items.length > 0 ? (
        <DataTable
          rows={items}
          rowKey={(entry) => entry.id}
          label={m.hours.hours}
          columns={[
            {
              header: m.hours.invoice,
              hiddenHeader: true,
              cell: (entry) => (
                <input
                  type="checkbox"
                  aria-label={interpolate(m.hours.select, { description: entry.description })}
                  disabled={entry.invoiceId !== undefined}
                  checked={selected.includes(entry.id)}
                  onChange={(event) => {
                    const on = (event.currentTarget as HTMLInputElement).checked;
                    setSelected((s) => (on ? [...s, entry.id] : s.filter((id) => id !== entry.id)));
                  }}
                />
              ),
            },
            { header: m.hours.date, cell: (entry) => <DateText iso={entry.date} /> },
            { header: m.hours.relation, cell: (entry) => entry.relationNumber },
            {
              header: m.hours.description,
              cell: (entry) => (
                <>
                  {entry.description}
                  {entry.invoiceId !== undefined ? (
                    <span class="badge badge-booked">{m.hours.invoiced}</span>
                  ) : null}
                </>
              ),
            },
            { header: m.hours.hours, number: true, cell: (entry) => formatMinutes(entry.minutes) },
            {
              header: m.hours.amount,
              number: true,
              cell: (entry) => <Money cents={amountCents(entry.minutes, entry.hourlyRateCents)} />,
            },
            {
              header: m.app.actions,
              cell: (entry) =>
                entry.invoiceId !== undefined ? null : (
                  <button
                    type="button"
                    class="button-danger"
                    aria-label={`${m.app.delete}: ${entry.description}`}
                    onClick={() => api.delete(`${adm}/hours/${seg(entry.id)}`).then(hours.reload, setError)}
                  >
                    {m.app.delete}
                  </button>
                ),
            },
          ]}
        />
      ) : null}
      <section aria-labelledby="invoice-title">
        <h2 id="invoice-title">{m.hours.invoiceTitle}</h2>
        <p>{m.hours.invoiceHelp}</p>
        {oneRelation ? (
          <p class="field-error" role="alert">
            {m.hours.oneRelation}
          </p>
        ) : null}
        <fieldset class="grid-3">
          <legend>{m.hours.buyerAddress}</legend>
          <TextField
            label={m.hours.street}
            value={street}
            onValue={setStreet}
            autoComplete="street-address"
          />
          <TextField
            label={m.hours.postalCode}
            value={postalCode}
            onValue={setPostalCode}
            autoComplete="postal-code"
          />
          <TextField label={m.hours.city} value={city} onValue={setCity} autoComplete="address-level2" />
        </fieldset>
        <button type="button" class="button-primary" disabled={selected.length === 0} onClick={makeInvoice}>
          {m.hours.invoice}
        </button>
      </section>
      {invoice ? (
        <InvoiceMade base={`${adm}/sales-invoices`} invoice={invoice} onSent={invoicesRefresh} />
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      <SalesInvoiceList refresh={invoicesChanged} onCredited={hours.reload} />
    </Page>
  );
}
