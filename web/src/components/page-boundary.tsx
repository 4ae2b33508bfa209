import type { ComponentChildren } from 'preact';
import { useErrorBoundary } from 'preact/hooks';
import { useApp } from '../app-context.ts';
import { ErrorNotice } from './error-notice.tsx';

/**
 * Keeps a page that meets an answer it cannot show (a field missing, a wrong type) from taking the app down:
 * the page's place says what went wrong and offers to try again; the navigation stays.
 */
export function PageBoundary({ children }: { children: ComponentChildren }) {
  const { m } = useApp();
  const [error, reset] = useErrorBoundary();
  if (error) {
    return (
      <section class="page" aria-labelledby="page-title">
        <h1 id="page-title">{m.errors.title}</h1>
        <ErrorNotice error={error} onRetry={reset} />
      </section>
    );
  }
  return <>{children}</>;
}
