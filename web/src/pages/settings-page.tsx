import { useApp } from '../app-context.ts';
import { Page } from '../components/page.tsx';
import { ApiKeys, ConnectorSettingsForm, Users } from '../settings/index.ts';

/** Instellingen (operators): settings per connector, API keys, users. */
export function SettingsPage() {
  const { m } = useApp();
  return (
    <Page title={m.settings.title}>
      <ConnectorSettingsForm />
      <ApiKeys />
      <Users />
    </Page>
  );
}
