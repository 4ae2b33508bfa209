import { useState } from 'preact/hooks';
import { type SalesInvoiceRow, seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { PagedTable } from '../components/data-table.tsx';
import { DateText, DateTimeText, Money, StatusBadge } from '../components/formatted.tsx';
import { DownloadButton } from '../components/original-view.tsx';
import { interpolate } from '../i18n/index.ts';
import { usePaged } from '../use-paged.ts';
import { CreditNoteForm } from './credit-note-form.tsx';
import { InvoiceEmailForm } from './invoice-email-form.tsx';

type Open = { action: 'email' | 'credit'; row: SalesInvoiceRow } | undefined;

const fileBase = (row: SalesInvoiceRow) =>
  `${row.invoice.kind === 'credit-note' ? 'creditnota' : 'factuur'}-${row.number}`;

/**
 * Facturen: every invoice and credit note of the administration, highest number first, paged; per row the
 * PDF and UBL, *E-mailen* and (invoices) *Crediteren*. `refresh` changes when an invoice was made elsewhere
 * on the page; `onCredited` tells the page hours may be invoiceable again.
 */
export function SalesInvoiceList(props: { refresh: number; onCredited(): void }) {
  const { api, m, administration, can } = useApp();
  const base = `/v1/app/administrations/${seg(administration)}/sales-invoices`;
  const [open, setOpen] = useState<Open>(undefined);
  const list = usePaged(
    (cursor) => api.get<{ items: SalesInvoiceRow[]; nextCursor?: string }>(base, { limit: 25, cursor }),
    [api, base, props.refresh],
  );
  const mayAct = can('act');
  const toggle = (action: 'email' | 'credit', row: SalesInvoiceRow) =>
    setOpen((current) =>
      current?.action === action && current.row.id === row.id ? undefined : { action, row },
    );

  return (
    <section aria-labelledby="sales-invoices-title">
      <h2 id="sales-invoices-title">{m.salesInvoices.title}</h2>
      {open ? (
        <div>
          {open.action === 'email' ? (
            <InvoiceEmailForm
              key={`email-${open.row.id}`}
              path={`${base}/${seg(open.row.id)}`}
              number={open.row.number}
              onSent={list.reload}
            />
          ) : (
            <CreditNoteForm
              key={`credit-${open.row.id}`}
              base={base}
              row={open.row}
              onMade={() => {
                list.reload();
                props.onCredited();
              }}
            />
          )}
          <button type="button" class="button-link" onClick={() => setOpen(undefined)}>
            {m.salesInvoices.close}
          </button>
        </div>
      ) : null}
      <PagedTable
        list={list}
        label={m.salesInvoices.title}
        emptyText={m.salesInvoices.empty}
        rowKey={(row) => row.id}
        columns={[
          { header: m.salesInvoices.number, rowHeader: true, cell: (row) => row.number },
          { header: m.salesInvoices.date, cell: (row) => <DateText iso={row.invoice.issueDate} /> },
          {
            header: m.salesInvoices.relation,
            cell: (row) =>
              `${row.invoice.buyer.name}${row.invoice.buyer.relationNumber ? ` (${row.invoice.buyer.relationNumber})` : ''}`,
          },
          {
            header: m.salesInvoices.total,
            number: true,
            cell: (row) => <Money cents={row.totals.payableCents} />,
          },
          {
            header: m.salesInvoices.kind,
            cell: (row) =>
              row.invoice.kind === 'credit-note'
                ? row.invoice.billingReference
                  ? `${m.salesInvoices.creditNote} (${interpolate(m.salesInvoices.creditOf, {
                      number: row.invoice.billingReference.number,
                    })})`
                  : m.salesInvoices.creditNote
                : m.salesInvoices.invoice,
          },
          {
            header: m.salesInvoices.booking,
            cell: (row) => (
              <>
                {row.bookingStatus === 'unknown' ? (
                  <span class="badge">{m.salesInvoices.statusUnknown}</span>
                ) : (
                  <StatusBadge status={row.bookingStatus} />
                )}
                {row.bookingProblem ? <span class="warn"> {row.bookingProblem}</span> : null}
              </>
            ),
          },
          {
            header: m.salesInvoices.lastMailed,
            cell: (row) =>
              row.lastMailedTo ? (
                <>
                  {row.lastMailedTo}, <DateTimeText iso={row.lastMailedAt} />
                </>
              ) : (
                <span class="empty">{m.salesInvoices.notMailed}</span>
              ),
          },
          {
            header: m.app.actions,
            cellClass: 'button-row',
            cell: (row) => (
              <>
                <DownloadButton
                  href={`${base}/${seg(row.id)}/pdf`}
                  name={`${fileBase(row)}.pdf`}
                  label={m.hours.pdf}
                />
                <DownloadButton
                  href={`${base}/${seg(row.id)}/ubl`}
                  name={`${fileBase(row)}.xml`}
                  label={m.hours.ubl}
                />
                {mayAct ? (
                  <button
                    type="button"
                    class="button-secondary"
                    aria-label={interpolate(m.salesInvoices.emailOf, { number: row.number })}
                    aria-expanded={open?.action === 'email' && open.row.id === row.id}
                    onClick={() => toggle('email', row)}
                  >
                    {m.salesInvoices.email}
                  </button>
                ) : null}
                {mayAct && row.invoice.kind !== 'credit-note' ? (
                  <button
                    type="button"
                    class="button-secondary"
                    aria-label={interpolate(m.salesInvoices.creditOfRow, { number: row.number })}
                    aria-expanded={open?.action === 'credit' && open.row.id === row.id}
                    onClick={() => toggle('credit', row)}
                  >
                    {m.salesInvoices.credit}
                  </button>
                ) : null}
              </>
            ),
          },
        ]}
      />
    </section>
  );
}
