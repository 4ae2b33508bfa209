import { useState } from 'preact/hooks';
import { type AppRole, seg, type UserAccount } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { DataTable } from '../components/data-table.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { CheckboxField, Form, SelectField, TextField } from '../components/fields.tsx';
import { Loading } from '../components/notice.tsx';
import { useLoad } from '../use-load.ts';
import { parseAdministrations, showAdministrations } from './administration-list.ts';

const ROLES: AppRole[] = ['operator', 'bookkeeper', 'read-only'];

function UserRow({
  user,
  onChanged,
  onError,
}: {
  user: UserAccount;
  onChanged(): void;
  onError(e: unknown): void;
}) {
  const { api, m } = useApp();
  const [role, setRole] = useState<string>(user.role ?? 'read-only');
  const [administrations, setAdministrations] = useState(showAdministrations(user.administrations, '*'));
  const [enabled, setEnabled] = useState(user.enabled);
  const roles = m.roles as Record<string, string>;
  const path = `/v1/app/users/${seg(user.username)}`;
  return (
    <tr>
      <th scope="row">
        {user.username}
        {user.name ? ` (${user.name})` : ''}
      </th>
      <td>
        <SelectField
          label={`${m.settings.role}: ${user.username}`}
          value={role}
          onValue={setRole}
          options={ROLES.map((r) => ({ value: r, label: roles[r] ?? r }))}
        />
      </td>
      <td>
        <TextField
          label={`${m.settings.administrations}: ${user.username}`}
          value={administrations}
          onValue={setAdministrations}
        />
      </td>
      <td>
        <CheckboxField
          label={`${m.settings.enabled}: ${user.username}`}
          checked={enabled}
          onChecked={setEnabled}
        />
      </td>
      <td class="button-row">
        <button
          type="button"
          class="button-secondary"
          aria-label={`${m.app.save}: ${user.username}`}
          onClick={() =>
            api
              .put(path, { role, administrations: parseAdministrations(administrations), enabled })
              .then(onChanged, onError)
          }
        >
          {m.app.save}
        </button>
        <button
          type="button"
          class="button-danger"
          aria-label={`${m.app.delete}: ${user.username}`}
          onClick={() => api.delete(path).then(onChanged, onError)}
        >
          {m.app.delete}
        </button>
      </td>
    </tr>
  );
}

/** Users of this tenant (the user directory: Cognito in AWS, the local provider's store locally). */
export function Users() {
  const { api, m } = useApp();
  const users = useLoad(() => api.get<{ items: UserAccount[] }>('/v1/app/users'), [api]);
  const [username, setUsername] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<string>('bookkeeper');
  const [administrations, setAdministrations] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [missing, setMissing] = useState(false);
  const roles = m.roles as Record<string, string>;
  const create = () => {
    if (!username.includes('@')) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setError(undefined);
    api
      .post('/v1/app/users', {
        email: username.trim(),
        ...(name.trim() ? { name: name.trim() } : {}),
        role,
        administrations: parseAdministrations(administrations),
      })
      .then(() => {
        setUsername('');
        setName('');
        users.reload();
      }, setError);
  };
  return (
    <section aria-labelledby="users">
      <h2 id="users">{m.settings.users}</h2>
      {users.loading ? <Loading label={m.app.loading} /> : null}
      {users.error ? <ErrorNotice error={users.error} onRetry={users.reload} /> : null}
      <DataTable
        rows={users.data?.items ?? []}
        rowKey={(user) => user.username}
        label={m.settings.users}
        // Each row edits its user in place: role, administrations and enabled are the row's own state.
        renderRow={(user) => <UserRow user={user} onChanged={users.reload} onError={setError} />}
        headers={[
          m.settings.username,
          m.settings.role,
          m.settings.administrations,
          m.settings.enabled,
          m.app.actions,
        ]}
      />
      <Form onSubmit={create} label={m.settings.createUser}>
        <div class="grid-3">
          <TextField
            label={m.settings.username}
            type="email"
            value={username}
            onValue={setUsername}
            required
            error={missing ? m.errors.required : undefined}
          />
          <TextField label={m.settings.name} value={name} onValue={setName} />
          <SelectField
            label={m.settings.role}
            value={role}
            onValue={setRole}
            options={ROLES.map((r) => ({ value: r, label: roles[r] ?? r }))}
          />
          <TextField
            label={m.settings.administrations}
            value={administrations}
            onValue={setAdministrations}
            help={m.settings.administrationsHelp}
          />
        </div>
        <button type="submit" class="button-primary">
          {m.settings.createUser}
        </button>
      </Form>
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
