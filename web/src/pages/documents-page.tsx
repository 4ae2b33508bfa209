import { useState } from 'preact/hooks';
import type { DocumentSummary } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { PagedTable } from '../components/data-table.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { DateText, DateTimeText, Money, StatusBadge } from '../components/formatted.tsx';
import { Page } from '../components/page.tsx';
import { parseCents, parseDate } from '../format/index.ts';
import { usePaged } from '../use-paged.ts';

const STATUSES = [
  'received',
  'queued',
  'sending',
  'booked',
  'rejected',
  'failed',
  'duplicate',
  'review',
  'quarantined',
];

/** Documenten: search and filter every document, newest first. */
export function DocumentsPage() {
  const { api, m, locale, administration } = useApp();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [connector, setConnector] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [min, setMin] = useState('');
  const [max, setMax] = useState('');
  const [relation, setRelation] = useState('');
  const minParsed = min.trim() === '' ? undefined : parseCents(min, locale);
  const maxParsed = max.trim() === '' ? undefined : parseCents(max, locale);
  const fromParsed = from === '' ? undefined : parseDate(from);
  const toParsed = to === '' ? undefined : parseDate(to);
  const query = {
    administration,
    q: q.trim(),
    status,
    connector: connector.trim(),
    relation: relation.trim(),
    from: fromParsed && 'iso' in fromParsed ? fromParsed.iso : undefined,
    to: toParsed && 'iso' in toParsed ? toParsed.iso : undefined,
    minCents: minParsed && 'cents' in minParsed ? minParsed.cents : undefined,
    maxCents: maxParsed && 'cents' in maxParsed ? maxParsed.cents : undefined,
  };
  const key = JSON.stringify(query);
  const list = usePaged(
    (cursor) =>
      api.get<{ items: DocumentSummary[]; nextCursor?: string }>('/v1/app/documents', {
        ...query,
        limit: 50,
        cursor,
      }),
    [api, key],
  );
  return (
    <Page title={m.documents.title}>
      <search>
        <fieldset class="filters">
          <legend>{m.review.filters}</legend>
          <TextField label={m.documents.search} type="search" value={q} onValue={setQ} />
          <SelectField
            label={m.documents.status}
            value={status}
            onValue={setStatus}
            options={[
              { value: '', label: m.review.any },
              ...STATUSES.map((s) => ({ value: s, label: (m.status as Record<string, string>)[s] ?? s })),
            ]}
          />
          <TextField label={m.review.connector} value={connector} onValue={setConnector} />
          <TextField label={m.documents.relation} value={relation} onValue={setRelation} />
          <TextField label={m.documents.from} type="date" value={from} onValue={setFrom} />
          <TextField label={m.documents.to} type="date" value={to} onValue={setTo} />
          <TextField
            label={m.documents.minAmount}
            inputMode="decimal"
            value={min}
            onValue={setMin}
            error={minParsed && 'problem' in minParsed ? m.errors.money : undefined}
          />
          <TextField
            label={m.documents.maxAmount}
            inputMode="decimal"
            value={max}
            onValue={setMax}
            error={maxParsed && 'problem' in maxParsed ? m.errors.money : undefined}
          />
        </fieldset>
      </search>
      <PagedTable
        list={list}
        emptyText={m.documents.empty}
        label={m.documents.title}
        rowKey={(doc) => doc.id}
        columns={[
          {
            header: m.review.description,
            cell: (doc) => <a href={`/documenten/${encodeURIComponent(doc.id)}`}>{doc.title || doc.id}</a>,
          },
          { header: m.documents.status, cell: (doc) => <StatusBadge status={doc.status} /> },
          { header: m.documents.type, cell: (doc) => doc.type },
          { header: m.documents.relation, cell: (doc) => doc.relationName ?? '–' },
          { header: m.review.amount, number: true, cell: (doc) => <Money cents={doc.amountCents} /> },
          { header: m.review.date, cell: (doc) => <DateText iso={doc.date} /> },
          { header: m.review.connector, cell: (doc) => doc.connector },
          { header: m.review.received, cell: (doc) => <DateTimeText iso={doc.createdAt} /> },
        ]}
      />
    </Page>
  );
}
