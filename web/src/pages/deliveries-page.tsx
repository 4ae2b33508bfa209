import { useState } from 'preact/hooks';
import type { DeliverySummary, DeliveryTargets } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { PagedTable } from '../components/data-table.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { SelectField } from '../components/fields.tsx';
import { DateTimeText, StatusBadge } from '../components/formatted.tsx';
import { SuccessNotice } from '../components/notice.tsx';
import { Page } from '../components/page.tsx';
import { interpolate } from '../i18n/index.ts';
import { useLoad } from '../use-load.ts';
import { usePaged } from '../use-paged.ts';

const STATUSES = ['failed', 'pending', 'delivered', 'skipped'] as const;

/** The target's answer or the reason, as one short text (the API already cut it). */
function outcomeOf(row: DeliverySummary): string {
  return row.error ?? row.reason ?? row.remoteId ?? '–';
}

/**
 * Leveringen: what the hub sent to each outside system (a webshop, field service, …), per record, with the
 * target's answer when it failed; an operator sends a failed one again (its current content from CASH).
 */
export function DeliveriesPage() {
  const { api, m, can, administration } = useApp();
  const [target, setTarget] = useState('');
  const [status, setStatus] = useState('failed');
  const [sent, setSent] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const targets = useLoad(() => api.get<DeliveryTargets>('/v1/app/deliveries/targets'), [api]);
  const names = targets.data?.targets ?? [];
  const chosen = names.includes(target) ? target : (names[0] ?? '');
  const list = usePaged(
    (cursor) =>
      chosen === ''
        ? Promise.resolve({ items: [] })
        : api.get<{ items: DeliverySummary[]; nextCursor?: string }>('/v1/app/deliveries', {
            administration,
            target: chosen,
            status,
            limit: 50,
            cursor,
          }),
    [api, administration, chosen, status],
  );
  const types = m.deliveries.types as Record<string, string>;
  const retry = (row: DeliverySummary) => {
    setError(undefined);
    setSent(undefined);
    api
      .post('/v1/app/deliveries/retry', {
        administration: row.administration,
        target: row.target,
        type: row.type,
        key: row.key,
      })
      .then(() => {
        setSent(interpolate(m.deliveries.sent, { key: row.key, target: row.target }));
        list.reload();
      }, setError);
  };
  const mayRetry = can('operate') && targets.data?.canRetry === true;
  return (
    <Page title={m.deliveries.title}>
      <p>{m.deliveries.intro}</p>
      {targets.error ? <ErrorNotice error={targets.error} /> : null}
      {targets.data && names.length === 0 ? <p>{m.deliveries.noTargets}</p> : null}
      {names.length > 0 ? (
        <div class="grid-2">
          <SelectField
            label={m.deliveries.target}
            value={chosen}
            onValue={setTarget}
            options={names.map((name) => ({ value: name, label: name }))}
          />
          <SelectField
            label={m.deliveries.status}
            value={status}
            onValue={setStatus}
            options={[
              { value: '', label: m.review.any },
              ...STATUSES.map((s) => ({ value: s, label: (m.status as Record<string, string>)[s] ?? s })),
            ]}
          />
        </div>
      ) : null}
      {sent ? <SuccessNotice>{sent}</SuccessNotice> : null}
      {error ? <ErrorNotice error={error} /> : null}
      {names.length > 0 ? (
        <PagedTable
          list={list}
          emptyText={m.deliveries.empty}
          label={m.deliveries.title}
          rowKey={(row) => `${row.type}#${row.key}`}
          columns={[
            { header: m.deliveries.type, cell: (row) => types[row.type] ?? row.type },
            { header: m.deliveries.key, cell: (row) => row.key, rowHeader: true },
            { header: m.deliveries.status, cell: (row) => <StatusBadge status={row.status} /> },
            { header: m.deliveries.attempts, cell: (row) => String(row.attempts), number: true },
            {
              header: m.deliveries.lastAttempt,
              cell: (row) => <DateTimeText iso={row.deliveredAt ?? row.lastAttemptAt ?? row.updatedAt} />,
            },
            {
              header: m.deliveries.outcome,
              cell: (row) => <span class="wrap-anywhere">{outcomeOf(row)}</span>,
            },
            ...(mayRetry
              ? [
                  {
                    header: m.deliveries.action,
                    cell: (row: DeliverySummary) =>
                      row.status === 'failed' ? (
                        <button
                          type="button"
                          class="button-secondary"
                          aria-label={interpolate(m.deliveries.retryOne, { key: row.key })}
                          onClick={() => retry(row)}
                        >
                          {m.deliveries.retry}
                        </button>
                      ) : (
                        '–'
                      ),
                  },
                ]
              : []),
          ]}
        />
      ) : null}
    </Page>
  );
}
