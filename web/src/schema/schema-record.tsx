import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { JsonSchema } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { TextField } from '../components/fields.tsx';
import { interpolate } from '../i18n/index.ts';
import { effectiveSchema, emptyValue, validateValue } from './schema-model.ts';

/**
 * The keys of a record (`additionalProperties`: IBAN → bank account, VAT rate → CASH btw-code) as a table:
 * one row per key with its value's field and *Verwijderen*, and a new key typed in before *Toevoegen*, so
 * no row ever has an empty or a doubled key. A key is renamed by removing it and adding the new one.
 * On a phone each key is a card (the table is nested in fieldsets: a row of three cells would not fit).
 */
export function RecordRows(props: {
  label: string;
  /** The keys the object's own properties name: edited above, not here. */
  known: ReadonlySet<string>;
  record: Record<string, unknown>;
  values: JsonSchema;
  keys?: JsonSchema | undefined;
  disabled: boolean;
  onValue(record: Record<string, unknown>): void;
  field(key: string, value: unknown, onValue: (value: unknown) => void): ComponentChildren;
}) {
  const { m } = useApp();
  const [newKey, setNewKey] = useState('');
  const [keyError, setKeyError] = useState<string | undefined>(undefined);
  const keys = Object.keys(props.record).filter((key) => !props.known.has(key));
  const set = (key: string, value: unknown) => {
    const copy = { ...props.record };
    if (value === undefined) delete copy[key];
    else copy[key] = value;
    props.onValue(copy);
  };
  const add = () => {
    const key = newKey.trim();
    const wrong = props.keys ? validateValue(props.keys, key, key) : [];
    if (key === '') setKeyError(m.errors.required);
    else if (Object.hasOwn(props.record, key)) setKeyError(interpolate(m.schema.keyTaken, { key }));
    else if (wrong.length > 0)
      setKeyError(interpolate(m.errors.patternOf, { n: String(wrong[0]?.limit ?? '') }));
    else {
      setKeyError(undefined);
      setNewKey('');
      set(key, emptyValue(props.values) ?? '');
    }
  };
  const scalar = effectiveSchema(props.values).type !== 'object';
  return (
    <div class="schema-record">
      {keys.length > 0 ? (
        <table
          class={`data-table data-table-cards schema-record-table${scalar ? ' schema-record-scalar' : ''}`}
        >
          <caption class="visually-hidden">{props.label}</caption>
          <thead>
            <tr>
              <th scope="col">{m.schema.key}</th>
              <th scope="col">{m.schema.value}</th>
              {props.disabled ? null : (
                <th scope="col">
                  <span class="visually-hidden">{m.app.actions}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key}>
                <th scope="row">{key}</th>
                <td data-label={m.schema.value}>
                  {props.field(key, props.record[key], (value) => set(key, value))}
                </td>
                {props.disabled ? null : (
                  <td>
                    <button type="button" class="button-secondary" onClick={() => set(key, undefined)}>
                      <span aria-hidden="true">{m.app.delete}</span>
                      <span class="visually-hidden">{`${m.app.delete}: ${props.label} ${key}`}</span>
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {props.disabled ? null : (
        <div class="schema-record-add">
          <TextField
            label={interpolate(m.schema.newKey, { field: props.label })}
            value={newKey}
            error={keyError}
            onValue={(next) => {
              setNewKey(next);
              setKeyError(undefined);
            }}
          />
          <button type="button" class="button-secondary" onClick={add}>
            {interpolate(m.schema.addKey, { field: props.label })}
          </button>
        </div>
      )}
    </div>
  );
}
