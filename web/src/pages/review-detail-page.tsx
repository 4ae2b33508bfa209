import { type ReviewDetail, seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { DateText, kindLabel, Money, StatusBadge } from '../components/formatted.tsx';
import { Loading } from '../components/notice.tsx';
import { Page } from '../components/page.tsx';
import { BankLineReview } from '../review/bank-line-review.tsx';
import { DocumentErrors } from '../review/document-errors.tsx';
import { EventReview } from '../review/event-review.tsx';
import { GenericReview } from '../review/generic-review.tsx';
import { InvoiceReview } from '../review/invoice-review.tsx';
import { useLoad } from '../use-load.ts';

function ReviewBody({ detail }: { detail: ReviewDetail }) {
  const { m } = useApp();
  switch (detail.item.kind) {
    case 'invoice':
      return (
        <>
          <DocumentErrors errors={detail.errors} title={m.review.reasons} />
          <InvoiceReview detail={detail} />
        </>
      );
    case 'bank-line':
      return <BankLineReview detail={detail} />;
    case 'event':
      return <EventReview detail={detail} />;
    default:
      return <GenericReview detail={detail} />;
  }
}

/** One item of the review queue, shown by its kind; unknown kinds generically. */
export function ReviewDetailPage({ id }: { id?: string }) {
  const { api, m } = useApp();
  const detail = useLoad(() => api.get<ReviewDetail>(`/v1/app/review/${seg(id ?? '')}`), [api, id]);
  const item = detail.data?.item;
  const kinds = m.kinds as Record<string, string>;
  return (
    <Page title={m.review.title}>
      <p>
        <a href="/te-beoordelen">← {m.app.back}</a>
      </p>
      {detail.loading ? <Loading label={m.app.loading} /> : null}
      {detail.error ? <ErrorNotice error={detail.error} onRetry={detail.reload} /> : null}
      {item && detail.data ? (
        <>
          <div class="item-head">
            <h2>
              {kindLabel(kinds, item.kind)}: {item.title}
            </h2>
            <p>
              <StatusBadge status={item.status} /> {item.relationName ?? ''} ·{' '}
              <Money cents={item.amountCents} currency={item.currency} /> · <DateText iso={item.date} /> ·{' '}
              {item.connector} · {item.administration}
            </p>
            {item.reasons.length > 0 ? (
              <ul class="reasons" aria-label={m.review.reasons}>
                {item.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            ) : null}
          </div>
          <ReviewBody detail={detail.data} />
        </>
      ) : null}
    </Page>
  );
}
