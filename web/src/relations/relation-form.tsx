import { useState } from 'preact/hooks';
import { type Relation, seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { CheckboxField, Form, TextField } from '../components/fields.tsx';
import { interpolate } from '../i18n/index.ts';
import { fieldsFromRelation, type RelationFields, relationData, TEXT_FIELDS } from './relation-draft.ts';

const LABEL_KEYS: Record<(typeof TEXT_FIELDS)[number], string> = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  iban: 'iban',
  vatId: 'vatNumber',
  kvk: 'cocNumber',
  street: 'street',
  houseNumber: 'houseNumber',
  postalCode: 'postalCode',
  city: 'city',
  countryCode: 'country',
};

/** Creates a relation (POST) or edits a numbered one (PUT …/relations/{number}); both become `relation.upsert`. */
export function RelationForm(props: { relation?: Relation | undefined; onSaved(): void; onCancel(): void }) {
  const { api, m, administration } = useApp();
  const [fields, setFields] = useState<RelationFields>(() => fieldsFromRelation(props.relation));
  const [missing, setMissing] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  const base = `/v1/app/administrations/${seg(administration)}/relations`;
  const key = props.relation?.relationNumber ?? props.relation?.ref;
  const title = props.relation
    ? interpolate(m.relations.editRelation, { name: props.relation.name })
    : m.relations.newRelation;
  const labels = m.relations as Record<string, string>;
  const save = () => {
    const result = relationData(fields);
    if ('missing' in result) {
      setMissing(result.missing);
      return;
    }
    setMissing([]);
    setError(undefined);
    (key ? api.put(`${base}/${seg(key)}`, result.data) : api.post(base, result.data)).then(
      props.onSaved,
      setError,
    );
  };
  return (
    <Form onSubmit={save} label={title}>
      <h2>{title}</h2>
      <div class="grid-3">
        {TEXT_FIELDS.map((field) => (
          <TextField
            key={field}
            label={labels[LABEL_KEYS[field]] ?? field}
            type={field === 'email' ? 'email' : 'text'}
            value={fields[field]}
            onValue={(value) => setFields((f) => ({ ...f, [field]: value }))}
            required={field === 'name'}
            error={field === 'name' && missing.includes('name') ? m.errors.required : undefined}
          />
        ))}
      </div>
      <fieldset>
        <legend>{m.relations.roles}</legend>
        <CheckboxField
          label={m.relations.customer}
          checked={fields.customer}
          onChecked={(customer) => setFields((f) => ({ ...f, customer }))}
        />
        <CheckboxField
          label={m.relations.supplier}
          checked={fields.supplier}
          onChecked={(supplier) => setFields((f) => ({ ...f, supplier }))}
        />
        {missing.includes('roles') ? <p class="field-error">{m.relations.rolesRequired}</p> : null}
      </fieldset>
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
