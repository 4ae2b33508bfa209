import { useState } from 'preact/hooks';
import { type Relation, seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { TextField } from '../components/fields.tsx';
import { PagedFooter } from '../components/more-button.tsx';
import { SuccessNotice } from '../components/notice.tsx';
import { Page } from '../components/page.tsx';
import { interpolate } from '../i18n/index.ts';
import { RelationForm } from '../relations/index.ts';
import { usePaged } from '../use-paged.ts';

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
                <th scope="col">{m.relations.iban}</th>
                <th scope="col">{m.relations.email}</th>
                <th scope="col">{m.app.actions}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((relation) => (
                <tr key={relation.relationNumber ?? relation.ref ?? relation.name}>
                  <td>{relation.relationNumber ?? '–'}</td>
                  <th scope="row">{relation.name}</th>
                  <td>{relation.iban ?? ''}</td>
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
