import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useApp } from '../app-context.ts';

/** One page: its single `<h1>` (which takes the focus after navigation) and the document title. */
export function Page({
  title,
  children,
  actions,
}: {
  title: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
}) {
  const { m } = useApp();
  useEffect(() => {
    document.title = `${title} · ${m.app.name}`;
  }, [title, m]);
  return (
    <section class="page" aria-labelledby="page-title">
      <div class="page-header">
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {actions ? <div class="page-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
