import { type Ageing, type BusinessStatus, seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Money } from '../components/formatted.tsx';
import { Loading } from '../components/notice.tsx';
import { Page } from '../components/page.tsx';
import { formatDate } from '../format/index.ts';
import { interpolate } from '../i18n/index.ts';
import { useLoad } from '../use-load.ts';

function AgeingTable({ title, ageing }: { title: string; ageing: Ageing | undefined }) {
  const { m } = useApp();
  return (
    <div class="card">
      <h2>{title}</h2>
      <table>
        <tbody>
          {(ageing?.buckets ?? []).map((bucket) => (
            <tr key={bucket.label}>
              <th scope="row">{interpolate(m.business.days, { label: bucket.label })}</th>
              <td class="number">
                <Money cents={bucket.cents} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{m.business.total}</th>
            <td class="number">
              <Money cents={ageing?.totalCents} />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function MonthCard({
  title,
  month,
}: {
  title: string;
  month: { revenueCents: number; costsCents: number } | undefined;
}) {
  const { m } = useApp();
  if (!month) return null;
  const result =
    Number.isSafeInteger(month.revenueCents) && Number.isSafeInteger(month.costsCents)
      ? Number(BigInt(month.revenueCents) - BigInt(month.costsCents))
      : undefined;
  return (
    <div class="card">
      <h2>{title}</h2>
      <dl class="facts">
        <div>
          <dt>{m.business.revenue}</dt>
          <dd>
            <Money cents={month.revenueCents} />
          </dd>
        </div>
        <div>
          <dt>{m.business.costs}</dt>
          <dd>
            <Money cents={month.costsCents} />
          </dd>
        </div>
        <div>
          <dt>{m.business.result}</dt>
          <dd>
            <Money cents={result} />
          </dd>
        </div>
      </dl>
    </div>
  );
}

/** Bedrijfsstatus: bank balances, receivables and payables by age, this month's and last month's result. */
export function BusinessStatusPage() {
  const { api, m, locale, administration } = useApp();
  const status = useLoad(
    () => api.get<BusinessStatus>(`/v1/app/administrations/${seg(administration)}/business-status`),
    [api, administration],
  );
  const data = status.data;
  return (
    <Page title={m.business.title}>
      {status.loading ? <Loading label={m.app.loading} /> : null}
      {status.error ? <ErrorNotice error={status.error} onRetry={status.reload} /> : null}
      {data ? (
        <>
          <p>{interpolate(m.business.asOf, { date: formatDate(data.asOf, locale) })}</p>
          <div class="cards">
            <div class="card">
              <h2>{m.business.bank}</h2>
              <table>
                <tbody>
                  {(data.bankAccounts ?? []).map((account) => (
                    <tr key={account.ledgerAccount}>
                      <th scope="row">
                        {account.ledgerAccount} {account.description}
                      </th>
                      <td class="number">
                        <Money cents={account.balanceCents} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <AgeingTable title={m.business.receivables} ageing={data.receivables} />
            <AgeingTable title={m.business.payables} ageing={data.payables} />
            <MonthCard title={m.business.month} month={data.month} />
            <MonthCard title={m.business.lastMonth} month={data.lastMonth} />
          </div>
        </>
      ) : null}
    </Page>
  );
}
