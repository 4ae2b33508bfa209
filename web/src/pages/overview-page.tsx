import type { Counts, Overview } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { BookingsChart } from '../components/bookings-chart.tsx';
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
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{m.overview.connector}</th>
                  <th scope="col">{m.app.administration}</th>
                  <th scope="col">{m.overview.lastRun}</th>
                  <th scope="col">{m.overview.today}</th>
                  <th scope="col">{m.overview.week}</th>
                </tr>
              </thead>
              <tbody>
                {data.connectors.map((row) => (
                  <tr
                    key={`${row.connector}/${row.administration}`}
                    class={row.silent ? 'row-warn' : undefined}
                  >
                    <th scope="row">
                      {row.connector}
                      {row.silent ? (
                        <span class="badge badge-failed">
                          {row.expectedWithinHours !== undefined
                            ? interpolate(m.overview.silent, { hours: row.expectedWithinHours })
                            : m.overview.silentNoHours}
                        </span>
                      ) : null}
                    </th>
                    <td>{row.administration}</td>
                    <td>
                      {row.lastRun ? (
                        <>
                          <DateTimeText iso={row.lastRun.startedAt} />{' '}
                          <StatusBadge status={row.lastRun.status} />
                        </>
                      ) : (
                        m.overview.never
                      )}
                    </td>
                    <td>
                      <CountsText counts={row.today} />
                    </td>
                    <td>
                      <CountsText counts={row.week} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <BookingsChart days={data.bookingsPerDay} />
        </>
      ) : null}
    </Page>
  );
}
