import { useState } from 'preact/hooks';
import { type Relation, seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Form, TextField } from '../components/fields.tsx';
import { PagedFooter } from '../components/more-button.tsx';
import { SuccessNotice } from '../components/notice.tsx';
import { Page } from '../components/page.tsx';
import { interpolate } from '../i18n/index.ts';
import { usePaged } from '../use-paged.ts';

const FIELDS = [
  'name',
  'email',
  'iban',
  'vatNumber',
  'cocNumber',
  'street',
  'postalCode',
  'city',
  'country',
] as const;
type FieldName = (typeof FIELDS)[number];

function RelationForm(props: { relation?: Relation; onSaved(): void; onCancel(): void }) {
  const { api, m, administration } = useApp();
  const [values, setValues] = useState<Record<FieldName, string>>(() => {
    const out = {} as Record<FieldName, string>;
    for (const field of FIELDS) {
      const value = props.relation?.[field];
      out[field] = typeof value === 'string' ? value : '';
    }
    return out;
  });
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const base = `/v1/app/administrations/${seg(administration)}/relations`;
  const key = props.relation?.relationNumber ?? props.relation?.ref;
  const save = () => {
    if (values.name.trim() === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    const body: Record<string, unknown> = { ...(props.relation ?? {}) };
    for (const field of FIELDS) {
      const value = values[field].trim();
      if (value === '') delete body[field];
      else body[field] = value;
    }
    setError(undefined);
    (key ? api.put(`${base}/${seg(key)}`, body) : api.post(base, body)).then(props.onSaved, setError);
  };
  const labels = m.relations as Record<string, string>;
  return (
    <Form
      onSubmit={save}
      label={
        props.relation
          ? interpolate(m.relations.editRelation, { name: props.relation.name })
          : m.relations.newRelation
      }
    >
      <h2>
        {props.relation
          ? interpolate(m.relations.editRelation, { name: props.relation.name })
          : m.relations.newRelation}
      </h2>
      <div class="grid-3">
        {FIELDS.map((field) => (
          <TextField
            key={field}
            label={labels[field] ?? field}
            type={field === 'email' ? 'email' : 'text'}
            value={values[field]}
            onValue={(value) => setValues((v) => ({ ...v, [field]: value }))}
            required={field === 'name'}
            error={field === 'name' && missing ? m.errors.required : undefined}
          />
        ))}
      </div>
      <div class="button-row">
        <button type="submit" class="button-primary">
          {m.app.save}
        </button>
        <button type="button" class="button-secondary" onClick={props.onCancel}>
          {m.app.cancel}
        </button>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
    </Form>
  );
}

/** Relaties: the administration's customers and suppliers; a change goes to CASH as `relation.upsert`. */
export function RelationsPage() {
  const { api, m, administration } = useApp();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Relation | 'new' | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const list = usePaged(
    (cursor) =>
      api.get<{ items: Relation[]; nextCursor?: string }>(
        `/v1/app/administrations/${seg(administration)}/relations`,
        {
          q: q.trim(),
          limit: 50,
          cursor,
        },
      ),
    [api, administration, q],
  );
  return (
    <Page
      title={m.relations.title}
      actions={
        <button type="button" class="button-primary" onClick={() => setEditing('new')}>
          {m.relations.newRelation}
        </button>
      }
    >
      {saved ? <SuccessNotice>{m.relations.saved}</SuccessNotice> : null}
      {editing ? (
        <RelationForm
          key={editing === 'new' ? 'new' : (editing.relationNumber ?? editing.ref ?? editing.name)}
          relation={editing === 'new' ? undefined : editing}
          onCancel={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            setSaved(true);
            list.reload();
          }}
        />
      ) : null}
      <TextField label={m.app.search} type="search" value={q} onValue={setQ} />
      {list.items.length > 0 ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{m.relations.number}</th>
                <th scope="col">{m.relations.name}</th>
                <th scope="col">{m.relations.city}</th>
                <th scope="col">{m.relations.email}</th>
                <th scope="col">{m.app.actions}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((relation) => (
                <tr key={relation.relationNumber ?? relation.ref ?? relation.name}>
                  <td>{relation.relationNumber ?? '–'}</td>
                  <th scope="row">{relation.name}</th>
                  <td>{relation.city ?? ''}</td>
                  <td>{relation.email ?? ''}</td>
                  <td>
                    <button
                      type="button"
                      class="button-secondary"
                      aria-label={interpolate(m.relations.editRelation, { name: relation.name })}
                      onClick={() => {
                        setSaved(false);
                        setEditing(relation);
                      }}
                    >
                      {m.app.edit}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <PagedFooter list={list} emptyText={m.relations.empty} />
    </Page>
  );
}
