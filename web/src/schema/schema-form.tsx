import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ChoiceKind, JsonSchema } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { ChoiceInput } from '../components/choice-input.tsx';
import { CheckboxField, SelectField, TextArea, TextField } from '../components/fields.tsx';
import { centsToInput, parseCents } from '../format/index.ts';
import { effectiveSchema, emptyValue, fieldKind, recordValues, type SchemaProblem } from './schema-model.ts';
import { RecordRows } from './schema-record.tsx';
import { helpOf, placeholderOf, problemText } from './schema-text.ts';

/** What the form around a field adds to it: disabled (a key only the tenant file sets), a badge, a button. */
export interface FieldDecoration {
  disabled?: boolean;
  after?: ComponentChildren;
}

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
  /** Labels by property name, over the schema's titles. */
  labels: Record<string, string>;
  decorate: ((path: string) => FieldDecoration | undefined) | undefined;
}

function titleOf(schema: JsonSchema, name: string, labels: Record<string, string>): string {
  return labels[name] ?? effectiveSchema(schema).title ?? name;
}

/** A number typed as text: kept as text while it does not parse, so nothing typed is lost. */
function NumberInput(props: FieldProps & { integer: boolean }) {
  const { m } = useApp();
  const [text, setText] = useState(() =>
    typeof props.value === 'number' || typeof props.value === 'string' ? String(props.value) : '',
  );
  return (
    <TextField
      label={props.label}
      inputMode={props.integer ? 'numeric' : 'decimal'}
      value={text}
      required={props.required}
      disabled={props.disabled}
      error={props.problems[props.path]}
      help={helpOf(props.schema, m, false)}
      placeholder={placeholderOf(props.schema)}
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
  const { m } = useApp();
  const s = effectiveSchema(props.schema);
  const record = (typeof props.value === 'object' && props.value !== null ? props.value : {}) as Record<
    string,
    unknown
  >;
  const required = new Set(s.required ?? []);
  const childPath = (name: string) => (props.path === '' ? name : `${props.path}.${name}`);
  // An optional group left empty is no group: `{}` could fail a rule of the group (give percent or cents).
  const update = (copy: Record<string, unknown>) =>
    props.onValue(Object.keys(copy).length === 0 && !props.required ? undefined : copy);
  const properties = s.properties ?? {};
  const fields = Object.entries(properties).map(([name, child]) => (
    <SchemaField
      key={name}
      {...props}
      schema={child}
      name={name}
      label={titleOf(child, name, props.labels)}
      value={record[name]}
      required={required.has(name)}
      path={childPath(name)}
      onValue={(next) => {
        const copy = { ...record };
        if (next === undefined) delete copy[name];
        else copy[name] = next;
        update(copy);
      }}
    />
  ));
  const values = recordValues(s);
  const rows = values ? (
    <RecordRows
      label={props.label}
      known={new Set(Object.keys(properties))}
      record={record}
      values={values}
      keys={s.propertyNames}
      disabled={props.disabled}
      onValue={update}
      field={(key, value, onValue) => (
        <SchemaField
          {...props}
          schema={values}
          name={key}
          label={`${props.label} ${key}`}
          value={value}
          required
          path={childPath(key)}
          onValue={onValue}
        />
      )}
    />
  ) : null;
  if (props.path === '')
    return (
      <div class="schema-object">
        {fields}
        {rows}
      </div>
    );
  const help = s.description;
  return (
    <fieldset class="schema-object">
      <legend>{props.label}</legend>
      {help ? <p class="field-help">{help}</p> : null}
      {props.problems[props.path] ? <p class="field-error">{props.problems[props.path]}</p> : null}
      {fields}
      {rows}
      {fields.length === 0 && !rows ? <p>{m.app.empty}</p> : null}
    </fieldset>
  );
}

function ScalarField(props: FieldProps) {
  const { m } = useApp();
  const s = effectiveSchema(props.schema);
  const error = props.problems[props.path];
  const kind = fieldKind(props.schema, props.name);
  switch (kind) {
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
          error={error}
          help={helpOf(props.schema, m, true)}
          onChecked={(checked) => props.onValue(checked)}
        />
      );
    case 'integer':
      return <NumberInput {...props} integer />;
    case 'number':
      return <NumberInput {...props} integer={false} />;
    case 'money':
      return <MoneyInput {...props} />;
    case 'choice':
    case 'date':
    case 'string': {
      const text = {
        label: props.label,
        required: props.required,
        disabled: props.disabled,
        error,
        help: s.description,
        placeholder: placeholderOf(props.schema),
        onValue: (next: string) => props.onValue(next === '' && !props.required ? undefined : next),
      };
      if (kind === 'choice')
        return (
          <ChoiceInput
            {...text}
            kind={s['x-choice'] as ChoiceKind}
            value={typeof props.value === 'string' ? props.value : ''}
          />
        );
      return (
        <TextField
          {...text}
          type={kind === 'date' ? 'date' : 'text'}
          value={
            typeof props.value === 'string'
              ? props.value
              : props.value === undefined
                ? ''
                : String(props.value)
          }
        />
      );
    }
    default:
      return <JsonInput {...props} />;
  }
}

function SchemaField(props: FieldProps) {
  const decoration = props.decorate?.(props.path);
  const own = decoration?.disabled ? { ...props, disabled: true } : props;
  const kind = fieldKind(props.schema, props.name);
  const field =
    kind === 'object' ? (
      <ObjectInput {...own} />
    ) : kind === 'array' ? (
      <ArrayInput {...own} />
    ) : (
      <ScalarField {...own} />
    );
  if (!props.decorate) return field;
  // Always the same wrapper: a badge appearing while one types must not remount (and unfocus) the input.
  return (
    <div class="schema-decorated">
      {field}
      {decoration?.after ? <div class="schema-decoration">{decoration.after}</div> : null}
    </div>
  );
}

/**
 * A form generated from a JSON Schema (an event's `eventSchema`, a connector's settings): objects become
 * fieldsets, records (`additionalProperties`) key → value tables, arrays get add and remove buttons, enums
 * a select, booleans a checkbox, `x-choice` the mirror's choices, `…Cents` a money input, anything else a
 * JSON text area. Descriptions, bounds and defaults are the fields' help and placeholders.
 */
export function SchemaForm(props: {
  schema: JsonSchema;
  value: unknown;
  onValue(value: unknown): void;
  disabled?: boolean;
  problems?: Array<SchemaProblem & { message?: string }>;
  labels?: Record<string, string>;
  decorate?: (path: string) => FieldDecoration | undefined;
}) {
  const { m } = useApp();
  const byPath: Record<string, string> = {};
  for (const problem of props.problems ?? []) byPath[problem.path] ??= problemText(problem, m);
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
      labels={props.labels ?? {}}
      decorate={props.decorate}
    />
  );
}
