import type { ReviewDetail } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { RecordView } from '../components/invoice-data.tsx';
import { OriginalView } from '../components/original-view.tsx';
import { interpolate } from '../i18n/index.ts';

/** A kind this app has no screen for (a future connector's): what the API tells, readable. */
export function GenericReview({ detail }: { detail: ReviewDetail }) {
  const { m } = useApp();
  const original = detail.original ?? detail.document.original;
  const parts: Array<[string, unknown]> = [
    [m.review.event, detail.event],
    [m.review.booking, detail.proposal],
    [m.app.details, detail.document.result],
  ];
  return (
    <div>
      <p>{interpolate(m.review.generic, { kind: detail.item.kind })}</p>
      {original ? <OriginalView original={original} /> : null}
      {parts
        .filter(([, value]) => value !== undefined && value !== null)
        .map(([title, value]) => (
          <section key={title}>
            <h2>{title}</h2>
            {typeof value === 'object' && !Array.isArray(value) ? (
              <RecordView data={value as Record<string, unknown>} />
            ) : (
              <pre>{JSON.stringify(value, null, 2)}</pre>
            )}
          </section>
        ))}
    </div>
  );
}
