import { useState } from 'preact/hooks';
import { type ApiKey, seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { DataTable } from '../components/data-table.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Form, TextField } from '../components/fields.tsx';
import { DateTimeText } from '../components/formatted.tsx';
import { Loading } from '../components/notice.tsx';
import { useLoad } from '../use-load.ts';
import { parseAdministrations, showAdministrations } from './administration-list.ts';

/** API keys: create with scopes (the secret shown once, never stored here), revoke. */
export function ApiKeys() {
  const { api, m } = useApp();
  const keys = useLoad(() => api.get<{ items: ApiKey[] }>('/v1/app/api-keys'), [api]);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState('');
  const [administrations, setAdministrations] = useState('');
  const [secret, setSecret] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [missing, setMissing] = useState(false);

  const create = () => {
    if (name.trim() === '' || scopes.trim() === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    setError(undefined);
    api
      .post<{ secret?: string; key?: string }>('/v1/app/api-keys', {
        name: name.trim(),
        scopes: scopes.split(/[\s,]+/).filter(Boolean),
        administrations: parseAdministrations(administrations || '*'),
      })
      .then((answer) => {
        setSecret(answer?.secret ?? answer?.key);
        setName('');
        setScopes('');
        keys.reload();
      }, setError);
  };

  return (
    <section aria-labelledby="api-keys">
      <h2 id="api-keys">{m.settings.apiKeys}</h2>
      {keys.loading ? <Loading label={m.app.loading} /> : null}
      {keys.error ? <ErrorNotice error={keys.error} onRetry={keys.reload} /> : null}
      {secret ? (
        <div class="notice notice-ok" role="status">
          <p>{m.settings.secretOnce}</p>
          <code class="secret">{secret}</code>
          <button type="button" class="button-secondary" onClick={() => setSecret(undefined)}>
            {m.app.close}
          </button>
        </div>
      ) : null}
      <DataTable
        rows={keys.data?.items ?? []}
        rowKey={(key) => key.id}
        label={m.settings.apiKeys}
        columns={[
          { header: m.settings.keyName, cell: (key) => key.name },
          { header: m.settings.scopes, cell: (key) => key.scopes.join(', ') },
          {
            header: m.settings.administrations,
            cell: (key) => showAdministrations(key.administrations, m.settings.allAdministrations),
          },
          { header: m.settings.created, cell: (key) => <DateTimeText iso={key.createdAt} /> },
          { header: m.settings.lastUsed, cell: (key) => <DateTimeText iso={key.lastUsedAt} /> },
          {
            header: m.app.actions,
            cell: (key) => (
              <button
                type="button"
                class="button-danger"
                aria-label={`${m.settings.revoke}: ${key.name}`}
                onClick={() => api.delete(`/v1/app/api-keys/${seg(key.id)}`).then(keys.reload, setError)}
              >
                {m.settings.revoke}
              </button>
            ),
          },
        ]}
      />
      <Form onSubmit={create} label={m.settings.createKey}>
        <div class="grid-3">
          <TextField
            label={m.settings.keyName}
            value={name}
            onValue={setName}
            required
            error={missing && !name.trim() ? m.errors.required : undefined}
          />
          <TextField
            label={m.settings.scopes}
            value={scopes}
            onValue={setScopes}
            required
            error={missing && !scopes.trim() ? m.errors.required : undefined}
          />
          <TextField
            label={m.settings.administrations}
            value={administrations}
            onValue={setAdministrations}
            help={m.settings.administrationsHelp}
          />
        </div>
        <button type="submit" class="button-primary">
          {m.settings.createKey}
        </button>
      </Form>
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
