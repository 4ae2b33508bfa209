import { useState } from 'preact/hooks';
import type { ReviewItem } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { SelectField, TextField } from '../components/fields.tsx';
import { DateText, DateTimeText, kindLabel, Money } from '../components/formatted.tsx';
import { PagedFooter } from '../components/more-button.tsx';
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
      {list.items.length > 0 ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{m.review.kind}</th>
                <th scope="col">{m.review.description}</th>
                <th scope="col">{m.review.relation}</th>
                <th scope="col" class="number">
                  {m.review.amount}
                </th>
                <th scope="col">{m.review.date}</th>
                <th scope="col">{m.review.reasons}</th>
                <th scope="col">{m.review.connector}</th>
                <th scope="col">{m.review.received}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((item) => (
                <tr key={item.id}>
                  <td>{kindLabel(kinds, item.kind)}</td>
                  <td>
                    <a href={`/te-beoordelen/${encodeURIComponent(item.id)}`}>{item.title || item.id}</a>
                  </td>
                  <td>{item.relationName ?? '–'}</td>
                  <td class="number">
                    <Money cents={item.amountCents} currency={item.currency} />
                  </td>
                  <td>
                    <DateText iso={item.date} />
                  </td>
                  <td>
                    <ul class="reasons">
                      {item.reasons.map((r) => (
                        <li key={r}>{r}</li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {item.connector} · {item.administration}
                  </td>
                  <td>
                    <DateTimeText iso={item.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <PagedFooter list={list} emptyText={m.review.empty} />
    </Page>
  );
}
