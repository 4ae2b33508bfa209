import { useState } from 'preact/hooks';
import { type Relation, seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { PagedTable } from '../components/data-table.tsx';
import { TextField } from '../components/fields.tsx';
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
      <PagedTable
        list={list}
        emptyText={m.relations.empty}
        label={m.relations.title}
        rowKey={(relation) => relation.relationNumber ?? relation.ref ?? relation.name}
        columns={[
          { header: m.relations.number, cell: (relation) => relation.relationNumber ?? '–' },
          { header: m.relations.name, rowHeader: true, cell: (relation) => relation.name },
          { header: m.relations.iban, cell: (relation) => relation.iban ?? '' },
          { header: m.relations.email, cell: (relation) => relation.email ?? '' },
          {
            header: m.app.actions,
            cell: (relation) => (
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
            ),
          },
        ]}
      />
    </Page>
  );
}
