import { useApp } from '../app-context.ts';
import type { Paged } from '../use-paged.ts';
import { ErrorNotice } from './error-notice.tsx';
import { Loading } from './notice.tsx';

/** Loading state, error and the "load more" button under a paged list. */
export function PagedFooter<T>({ list, emptyText }: { list: Paged<T>; emptyText: string }) {
  const { m } = useApp();
  return (
    <>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.loading ? <Loading label={m.app.loading} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <p class="empty">{emptyText}</p> : null}
      {list.hasMore && !list.loading ? (
        <button type="button" class="button-secondary" onClick={list.loadMore}>
          {m.app.more}
        </button>
      ) : null}
    </>
  );
}
