import { type DocumentView, seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { DateText, DateTimeText, Money, StatusBadge } from '../components/formatted.tsx';
import { RecordView } from '../components/invoice-data.tsx';
import { Loading } from '../components/notice.tsx';
import { DownloadButton } from '../components/original-view.tsx';
import { Page } from '../components/page.tsx';
import { formatDateTime } from '../format/index.ts';
import { interpolate } from '../i18n/index.ts';
import { DocumentErrors } from '../review/document-errors.tsx';
import { useLoad } from '../use-load.ts';

/** One document: summary, history, errors, CASH's boekstuk, its events, the original to download. */
export function DocumentDetailPage({ id }: { id?: string }) {
  const { api, m, locale } = useApp();
  const doc = useLoad(() => api.get<DocumentView>(`/v1/app/documents/${seg(id ?? '')}`), [api, id]);
  const data = doc.data;
  return (
    <Page title={m.documents.detailTitle}>
      <p>
        <a href="/documenten">← {m.app.back}</a>
      </p>
      {doc.loading ? <Loading label={m.app.loading} /> : null}
      {doc.error ? <ErrorNotice error={doc.error} onRetry={doc.reload} /> : null}
      {data ? (
        <>
          <h2>{data.summary?.title ?? data.id}</h2>
          <dl class="facts">
            <div>
              <dt>{m.documents.status}</dt>
              <dd>
                <StatusBadge status={data.status} />
              </dd>
            </div>
            <div>
              <dt>{m.documents.type}</dt>
              <dd>{data.type}</dd>
            </div>
            <div>
              <dt>{m.app.administration}</dt>
              <dd>{data.administration}</dd>
            </div>
            <div>
              <dt>{m.review.connector}</dt>
              <dd>{data.source?.connector}</dd>
            </div>
            <div>
              <dt>{m.documents.externalId}</dt>
              <dd>{data.source?.externalId}</dd>
            </div>
            <div>
              <dt>{m.review.amount}</dt>
              <dd>
                <Money cents={data.summary?.amountCents} />
              </dd>
            </div>
            <div>
              <dt>{m.review.date}</dt>
              <dd>
                <DateText iso={data.summary?.date} />
              </dd>
            </div>
          </dl>
          {data.original ? (
            <p>
              <DownloadButton href={data.original.href} name={data.original.name} label={m.review.download} />
            </p>
          ) : null}
          {data.cash ? (
            <section>
              <h2>{m.documents.cash}</h2>
              <p>
                {interpolate(m.documents.cashEntry, {
                  journal: data.cash.journal ?? '–',
                  entry: data.cash.entryNumber ?? '–',
                  at: data.cash.bookedAt ? formatDateTime(data.cash.bookedAt, locale) : '–',
                })}
              </p>
            </section>
          ) : null}
          <DocumentErrors errors={data.errors ?? []} title={m.documents.errors} />
          <section>
            <h2>{m.documents.history}</h2>
            <ol class="history">
              {(data.history ?? []).map((entry, i) => (
                <li key={i}>
                  <DateTimeText iso={entry.at} /> <StatusBadge status={entry.status} />
                  {entry.note ? ` ${entry.note}` : ''}
                </li>
              ))}
            </ol>
          </section>
          {data.events && data.events.length > 0 ? (
            <section>
              <h2>{m.documents.events}</h2>
              <ul>
                {data.events.map((event) => (
                  <li key={event.id}>
                    <a href={`/documenten/${encodeURIComponent(event.id)}`}>{event.title || event.id}</a>{' '}
                    <StatusBadge status={event.status} />
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {data.result ? (
            <section>
              <h2>{m.app.details}</h2>
              <RecordView data={data.result} />
            </section>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
