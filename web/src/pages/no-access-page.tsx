import { useApp } from '../app-context.ts';
import { Page } from '../components/page.tsx';
import { interpolate } from '../i18n/index.ts';

/** A page the role may not use: "geen toegang" (the server refuses it too). */
export function NoAccessPage() {
  const { m } = useApp();
  return (
    <Page title={m.auth.noAccess}>
      <p>{interpolate(m.auth.noAccessText, { rule: 'role' })}</p>
    </Page>
  );
}

/** Signed in, but granted no administration of this tenant: nothing to show (the API refuses it too). */
export function NoAdministrationPage() {
  const { m } = useApp();
  return (
    <Page title={m.auth.noAccess}>
      <p>{m.auth.noAdministration}</p>
    </Page>
  );
}
