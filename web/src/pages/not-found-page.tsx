import { useApp } from '../app-context.ts';
import { Page } from '../components/page.tsx';

export function NotFoundPage() {
  const { m } = useApp();
  return (
    <Page title={m.app.notFoundTitle}>
      <p>{m.app.notFoundText}</p>
      <p>
        <a href="/">{m.app.toOverview}</a>
      </p>
    </Page>
  );
}
