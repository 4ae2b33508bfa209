import { useState } from 'preact/hooks';
import type { ReviewItem } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { PagedTable } from '../components/data-table.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { DateText, DateTimeText, kindLabel, Money } from '../components/formatted.tsx';
import { Page } from '../components/page.tsx';
import { usePaged } from '../use-paged.ts';

/** Te beoordelen: invoices, bank lines and rejected events waiting for a person, oldest first. */
export function ReviewListPage() {
  const { api, m, me } = useApp();
  const [administration, setAdministration] = useState('');
  const [connector, setConnector] = useState('');
  const [kind, setKind] = useState('');
  const [reason, setReason] = useState('');
  const list = usePaged(
    (cursor) =>
      api.get<{ items: ReviewItem[]; nextCursor?: string }>('/v1/app/review', {
        administration,
        connector,
        kind,
        reason,
        limit: 50,
        cursor,
      }),
    [api, administration, connector, kind, reason],
  );
  const kinds = m.kinds as Record<string, string>;
  return (
    <Page title={m.review.title}>
      <fieldset class="filters">
        <legend>{m.review.filters}</legend>
        <SelectField
          label={m.app.administration}
          value={administration}
          onValue={setAdministration}
          options={[
            { value: '', label: m.app.allAdministrations },
            ...me.administrations.map((adm) => ({ value: adm.code, label: `${adm.code} · ${adm.name}` })),
          ]}
        />
        <TextField label={m.review.connector} value={connector} onValue={setConnector} />
        <SelectField
          label={m.review.kind}
          value={kind}
          onValue={setKind}
          options={[
            { value: '', label: m.review.any },
            { value: 'invoice', label: kinds.invoice ?? 'invoice' },
            { value: 'bank-line', label: kinds['bank-line'] ?? 'bank-line' },
            { value: 'event', label: kinds.event ?? 'event' },
          ]}
        />
        <TextField label={m.review.reason} value={reason} onValue={setReason} />
      </fieldset>
      <PagedTable
        list={list}
        emptyText={m.review.empty}
        label={m.review.title}
        rowKey={(item) => item.id}
        columns={[
          { header: m.review.kind, cell: (item) => kindLabel(kinds, item.kind) },
          {
            header: m.review.description,
            cell: (item) => (
              <a href={`/te-beoordelen/${encodeURIComponent(item.id)}`}>{item.title || item.id}</a>
            ),
          },
          { header: m.review.relation, cell: (item) => item.relationName ?? '–' },
          {
            header: m.review.amount,
            number: true,
            cell: (item) => <Money cents={item.amountCents} currency={item.currency} />,
          },
          { header: m.review.date, cell: (item) => <DateText iso={item.date} /> },
          {
            header: m.review.reasons,
            cell: (item) => (
              <ul class="reasons">
                {item.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            ),
          },
          { header: m.review.connector, cell: (item) => `${item.connector} · ${item.administration}` },
          { header: m.review.received, cell: (item) => <DateTimeText iso={item.createdAt} /> },
        ]}
      />
    </Page>
  );
}
