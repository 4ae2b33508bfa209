import { useEffect, useState } from 'preact/hooks';
import { type ConnectorSettings, seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Loading } from '../components/notice.tsx';
import { useLoad } from '../use-load.ts';
import { ConnectorFieldset } from './connector-fieldset.tsx';

/**
 * Settings and mappings per connector, each as a form from its JSON Schema; saved overrides are read at the
 * connector's next run.
 */
export function ConnectorSettingsForm() {
  const { api, m, administration } = useApp();
  const path = `/v1/app/administrations/${seg(administration)}/settings`;
  const loaded = useLoad(() => api.get<ConnectorSettings>(path), [api, path]);
  // The PUT answers the whole view again: it replaces what was loaded.
  const [data, setData] = useState<ConnectorSettings | undefined>(undefined);
  const [justSaved, setJustSaved] = useState<string | undefined>(undefined);
  useEffect(() => setData(loaded.data), [loaded.data]);

  return (
    <section aria-labelledby="connector-settings">
      <h2 id="connector-settings">{m.settings.connectorSettings}</h2>
      {loaded.loading ? <Loading label={m.app.loading} /> : null}
      {loaded.error ? <ErrorNotice error={loaded.error} onRetry={loaded.reload} /> : null}
      {Object.entries(data?.connectors ?? {}).map(([name, view]) => (
        <ConnectorFieldset
          // A new override (its time) starts the form again from the stored values.
          key={`${name}/${view.override?.updatedAt ?? ''}`}
          name={name}
          view={view}
          schema={data?.schema?.[name]}
          mappingsSchema={data?.mappingsSchema}
          justSaved={justSaved === name}
          onSaved={(answer) => {
            setJustSaved(name);
            setData(answer);
          }}
        />
      ))}
    </section>
  );
}
