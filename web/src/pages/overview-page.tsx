import type { Counts, Overview } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { BookingsChart } from '../components/bookings-chart.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { DateTimeText, StatusBadge } from '../components/formatted.tsx';
import { Loading } from '../components/notice.tsx';
import { Page } from '../components/page.tsx';
import { interpolate } from '../i18n/index.ts';
import { useLoad } from '../use-load.ts';

function CountsText({ counts }: { counts: Counts }) {
  const { m } = useApp();
  return (
    <span class="counts">
      <span title={m.overview.booked}>✓ {counts.booked}</span> ·{' '}
      <span title={m.overview.reviewCount}>? {counts.review}</span> ·{' '}
      <span title={m.overview.rejected}>✗ {counts.rejected}</span> ·{' '}
      <span title={m.overview.failed}>! {counts.failed}</span>
    </span>
  );
}

/** Overzicht: per connector the last run, today's and this week's counts, silence; the chart per day. */
export function OverviewPage() {
  const { api, m, administration } = useApp();
  const overview = useLoad(
    () => api.get<Overview>('/v1/app/overview', { administration }),
    [api, administration],
  );
  const data = overview.data;
  return (
    <Page title={m.overview.title}>
      {overview.loading && !data ? <Loading label={m.app.loading} /> : null}
      {overview.error ? <ErrorNotice error={overview.error} onRetry={overview.reload} /> : null}
      {data ? (
        <>
          <div class="cards">
            <div class="card">
              <h2>{m.overview.deadLetters}</h2>
              <p class={`big-number${data.deadLetters > 0 ? ' warn' : ''}`}>{data.deadLetters}</p>
            </div>
            {data.cashBudget ? (
              <div class="card">
                <h2>{m.overview.cashBudget}</h2>
                <p>
                  {interpolate(m.overview.cashBudgetValue, {
                    used: data.cashBudget.used,
                    limit: data.cashBudget.limit,
                    seconds: data.cashBudget.windowSeconds,
                  })}
                </p>
                <meter
                  min={0}
                  max={data.cashBudget.limit}
                  value={data.cashBudget.used}
                  aria-label={m.overview.cashBudget}
                />
              </div>
            ) : null}
          </div>
          <h2>{m.overview.connectors}</h2>
          <DataTable
            rows={data.connectors}
            rowKey={(row) => `${row.connector}/${row.administration}`}
            label={m.overview.connectors}
            rowClass={(row) => (row.silent ? 'row-warn' : undefined)}
            columns={[
              {
                header: m.overview.connector,
                rowHeader: true,
                cell: (row) => (
                  <>
                    {row.connector}
                    {row.silent ? (
                      <span class="badge badge-failed">
                        {row.expectedWithinHours !== undefined
                          ? interpolate(m.overview.silent, { hours: row.expectedWithinHours })
                          : m.overview.silentNoHours}
                      </span>
                    ) : null}
                  </>
                ),
              },
              { header: m.app.administration, cell: (row) => row.administration },
              {
                header: m.overview.lastRun,
                cell: (row) =>
                  row.lastRun ? (
                    <>
                      <DateTimeText iso={row.lastRun.startedAt} /> <StatusBadge status={row.lastRun.status} />
                    </>
                  ) : (
                    m.overview.never
                  ),
              },
              { header: m.overview.today, cell: (row) => <CountsText counts={row.today} /> },
              { header: m.overview.week, cell: (row) => <CountsText counts={row.week} /> },
            ]}
          />
          <BookingsChart days={data.bookingsPerDay} />
        </>
      ) : null}
    </Page>
  );
}
