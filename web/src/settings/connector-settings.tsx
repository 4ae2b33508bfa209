import { useEffect, useState } from 'preact/hooks';
import { type ConnectorSettings, seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Form, TextArea } from '../components/fields.tsx';
import { Loading, SuccessNotice } from '../components/notice.tsx';
import { interpolate } from '../i18n/index.ts';
import { useLoad } from '../use-load.ts';

type Texts = Record<string, { settings: string; mappings: string }>;

function toTexts(data: ConnectorSettings | undefined): Texts {
  const texts: Texts = {};
  for (const [name, value] of Object.entries(data?.connectors ?? {})) {
    texts[name] = {
      settings: JSON.stringify(value.settings ?? {}, null, 2),
      mappings: JSON.stringify(value.mappings ?? {}, null, 2),
    };
  }
  return texts;
}

/** Settings and mappings per connector as JSON; saved overrides are read at each connector's next run. */
export function ConnectorSettingsForm() {
  const { api, m, administration } = useApp();
  const path = `/v1/app/administrations/${seg(administration)}/settings`;
  const loaded = useLoad(() => api.get<ConnectorSettings>(path), [api, path]);
  const [texts, setTexts] = useState<Texts>({});
  const [invalid, setInvalid] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  useEffect(() => setTexts(toTexts(loaded.data)), [loaded.data]);

  const save = () => {
    const bad: string[] = [];
    const connectors: ConnectorSettings['connectors'] = {};
    for (const [name, text] of Object.entries(texts)) {
      try {
        connectors[name] = { settings: JSON.parse(text.settings), mappings: JSON.parse(text.mappings) };
      } catch {
        bad.push(name);
      }
    }
    setInvalid(bad);
    if (bad.length > 0) return;
    setError(undefined);
    setSaved(false);
    api.put(path, { connectors }).then(() => setSaved(true), setError);
  };

  return (
    <section aria-labelledby="connector-settings">
      <h2 id="connector-settings">{m.settings.connectorSettings}</h2>
      {loaded.loading ? <Loading label={m.app.loading} /> : null}
      {loaded.error ? <ErrorNotice error={loaded.error} onRetry={loaded.reload} /> : null}
      {Object.keys(texts).length > 0 ? (
        <Form onSubmit={save} label={m.settings.connectorSettings}>
          {Object.entries(texts).map(([name, text]) => (
            <fieldset key={name}>
              <legend>{name}</legend>
              <TextArea
                label={interpolate(m.settings.settingsJson, { connector: name })}
                value={text.settings}
                error={invalid.includes(name) ? m.errors.json : undefined}
                onValue={(settings) => setTexts((t) => ({ ...t, [name]: { ...text, settings } }))}
              />
              <TextArea
                label={interpolate(m.settings.mappingsJson, { connector: name })}
                value={text.mappings}
                rows={5}
                onValue={(mappings) => setTexts((t) => ({ ...t, [name]: { ...text, mappings } }))}
              />
            </fieldset>
          ))}
          <button type="submit" class="button-primary">
            {m.app.save}
          </button>
          {saved ? <SuccessNotice>{m.app.saved}</SuccessNotice> : null}
          {error ? <ErrorNotice error={error} /> : null}
        </Form>
      ) : null}
    </section>
  );
}
