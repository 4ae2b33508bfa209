import { useState } from 'preact/hooks';
import type { JsonSchema } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { CheckboxField, SelectField, TextArea, TextField } from '../components/fields.tsx';
import { centsToInput, parseCents } from '../format/index.ts';
import { interpolate } from '../i18n/index.ts';
import { effectiveSchema, emptyValue, fieldKind } from './schema-model.ts';

interface FieldProps {
  schema: JsonSchema;
  name: string;
  label: string;
  value: unknown;
  onValue(value: unknown): void;
  required: boolean;
  disabled: boolean;
  /** Problems by path (from the client's check or the server's problem). */
  problems: Record<string, string>;
  path: string;
}

function titleOf(schema: JsonSchema, name: string): string {
  const s = effectiveSchema(schema);
  return s.title ?? name;
}

/** A number typed as text: kept as text while it does not parse, so nothing typed is lost. */
function NumberInput(props: FieldProps & { integer: boolean }) {
  const [text, setText] = useState(() => (typeof props.value === 'number' ? String(props.value) : ''));
  return (
    <TextField
      label={props.label}
      inputMode={props.integer ? 'numeric' : 'decimal'}
      value={text}
      required={props.required}
      disabled={props.disabled}
      error={props.problems[props.path]}
      help={effectiveSchema(props.schema).description}
      onValue={(next) => {
        setText(next);
        const trimmed = next.trim();
        if (trimmed === '') return props.onValue(undefined);
        const parsed = Number(trimmed.replace(',', '.'));
        const ok = props.integer ? Number.isSafeInteger(parsed) : Number.isFinite(parsed);
        props.onValue(ok ? parsed : next);
      }}
    />
  );
}

function MoneyInput(props: FieldProps) {
  const { locale } = useApp();
  const [text, setText] = useState(() =>
    typeof props.value === 'number' && Number.isSafeInteger(props.value)
      ? centsToInput(props.value, locale)
      : '',
  );
  return (
    <TextField
      label={props.label}
      inputMode="decimal"
      value={text}
      required={props.required}
      disabled={props.disabled}
      error={props.problems[props.path]}
      help={effectiveSchema(props.schema).description}
      onValue={(next) => {
        setText(next);
        if (next.trim() === '') return props.onValue(undefined);
        const parsed = parseCents(next, locale);
        props.onValue('cents' in parsed ? parsed.cents : next);
      }}
    />
  );
}

function JsonInput(props: FieldProps) {
  const { m } = useApp();
  const [text, setText] = useState(() =>
    props.value === undefined ? '' : JSON.stringify(props.value, null, 2),
  );
  const [invalid, setInvalid] = useState(false);
  return (
    <TextArea
      label={props.label}
      value={text}
      rows={4}
      disabled={props.disabled}
      error={invalid ? m.errors.json : props.problems[props.path]}
      onValue={(next) => {
        setText(next);
        if (next.trim() === '') {
          setInvalid(false);
          return props.onValue(undefined);
        }
        try {
          props.onValue(JSON.parse(next));
          setInvalid(false);
        } catch {
          setInvalid(true);
        }
      }}
    />
  );
}

function ArrayInput(props: FieldProps) {
  const { m } = useApp();
  const items = Array.isArray(props.value) ? props.value : [];
  const itemSchema = effectiveSchema(props.schema).items ?? {};
  return (
    <fieldset class="schema-array">
      <legend>{props.label}</legend>
      {props.problems[props.path] ? <p class="field-error">{props.problems[props.path]}</p> : null}
      {items.map((item, i) => (
        <div class="schema-item" key={i}>
          <SchemaField
            {...props}
            schema={itemSchema}
            name={props.name}
            label={`${props.label} ${i + 1}`}
            value={item}
            required
            path={`${props.path}[${i}]`}
            onValue={(next) => props.onValue(items.map((old, j) => (j === i ? next : old)))}
          />
          {!props.disabled ? (
            <button
              type="button"
              class="button-secondary"
              onClick={() => props.onValue(items.filter((_, j) => j !== i))}
            >
              {`${m.app.delete}: ${props.label} ${i + 1}`}
            </button>
          ) : null}
        </div>
      ))}
      {!props.disabled ? (
        <button
          type="button"
          class="button-secondary"
          onClick={() => props.onValue([...items, emptyValue(itemSchema)])}
        >
          {`${m.app.add}: ${props.label}`}
        </button>
      ) : null}
    </fieldset>
  );
}

function ObjectInput(props: FieldProps) {
  const s = effectiveSchema(props.schema);
  const record = (typeof props.value === 'object' && props.value !== null ? props.value : {}) as Record<
    string,
    unknown
  >;
  const required = new Set(s.required ?? []);
  const fields = Object.entries(s.properties ?? {}).map(([name, child]) => (
    <SchemaField
      key={name}
      {...props}
      schema={child}
      name={name}
      label={titleOf(child, name)}
      value={record[name]}
      required={required.has(name)}
      path={props.path === '' ? name : `${props.path}.${name}`}
      onValue={(next) => {
        const copy = { ...record };
        if (next === undefined) delete copy[name];
        else copy[name] = next;
        props.onValue(copy);
      }}
    />
  ));
  if (props.path === '') return <div class="schema-object">{fields}</div>;
  return (
    <fieldset class="schema-object">
      <legend>{props.label}</legend>
      {fields}
    </fieldset>
  );
}

function SchemaField(props: FieldProps) {
  const { m } = useApp();
  const s = effectiveSchema(props.schema);
  const error = props.problems[props.path];
  switch (fieldKind(props.schema, props.name)) {
    case 'object':
      return <ObjectInput {...props} />;
    case 'array':
      return <ArrayInput {...props} />;
    case 'enum': {
      const options = (s.enum ?? []).map((option) => ({ value: String(option), label: String(option) }));
      return (
        <SelectField
          label={props.label}
          value={props.value === undefined ? '' : String(props.value)}
          options={props.required ? options : [{ value: '', label: m.app.none }, ...options]}
          disabled={props.disabled}
          error={error}
          onValue={(next) => {
            const chosen = (s.enum ?? []).find((option) => String(option) === next);
            props.onValue(next === '' ? undefined : chosen);
          }}
        />
      );
    }
    case 'boolean':
      return (
        <CheckboxField
          label={props.label}
          checked={props.value === true}
          disabled={props.disabled}
          onChecked={(checked) => props.onValue(checked)}
        />
      );
    case 'integer':
      return <NumberInput {...props} integer />;
    case 'number':
      return <NumberInput {...props} integer={false} />;
    case 'money':
      return <MoneyInput {...props} />;
    case 'date':
    case 'string':
      return (
        <TextField
          label={props.label}
          type={fieldKind(props.schema, props.name) === 'date' ? 'date' : 'text'}
          value={
            typeof props.value === 'string'
              ? props.value
              : props.value === undefined
                ? ''
                : String(props.value)
          }
          required={props.required}
          disabled={props.disabled}
          error={error}
          help={s.description}
          onValue={(next) => props.onValue(next === '' && !props.required ? undefined : next)}
        />
      );
    default:
      return <JsonInput {...props} />;
  }
}

/**
 * A form generated from a JSON Schema (an event's `eventSchema`): objects become fieldsets, arrays get add
 * and remove buttons, enums a select, `…Cents` a money input, anything else a JSON text area.
 */
export function SchemaForm(props: {
  schema: JsonSchema;
  value: unknown;
  onValue(value: unknown): void;
  disabled?: boolean;
  problems?: Array<{ path: string; rule: string; message?: string }>;
}) {
  const { m } = useApp();
  const byPath: Record<string, string> = {};
  for (const problem of props.problems ?? []) {
    byPath[problem.path] ??=
      problem.message ?? (problem.rule === 'required' ? m.errors.required : interpolate('{rule}', problem));
  }
  return (
    <SchemaField
      schema={props.schema}
      name=""
      label=""
      value={props.value}
      onValue={props.onValue}
      required
      disabled={props.disabled ?? false}
      problems={byPath}
      path=""
    />
  );
}
