import { useMemo, useState } from 'preact/hooks';
import {
  ApiError,
  type ConnectorSettings,
  type ConnectorSettingsView,
  type JsonSchema,
  type SettingsValues,
  seg,
} from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Form } from '../components/fields.tsx';
import { SuccessNotice } from '../components/notice.tsx';
import { formatDateTime } from '../format/index.ts';
import { interpolate } from '../i18n/index.ts';
import {
  type FieldDecoration,
  formPath,
  problemText,
  SchemaForm,
  type SchemaProblem,
  validateValue,
} from '../schema/index.ts';
import { overrideOf, overridePaths, resetField } from './settings-override.ts';

const EMPTY: SettingsValues = { settings: {}, mappings: {} };

/** *Terugzetten*, named for the field it sets back (a screen reader hears which). */
function ResetButton(props: { field: string; onReset(): void }) {
  const { m } = useApp();
  return (
    <button type="button" class="button-secondary button-small" onClick={props.onReset}>
      <span aria-hidden="true">{m.settings.reset}</span>
      <span class="visually-hidden">{interpolate(m.settings.resetField, { field: props.field })}</span>
    </button>
  );
}

/** The value at `settings.<key>` or `mappings.<table>.<key>` of the form's values (keys may hold dots). */
function valueAt(values: SettingsValues, path: string): unknown {
  if (path.startsWith('settings.')) return values.settings[path.slice('settings.'.length)];
  const [, table = '', ...rest] = path.split('.');
  return values.mappings[table]?.[rest.join('.')];
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * One connector on Instellingen: its settings and mapping tables as a form from their JSON Schema, each
 * value marked as from the tenant file or changed here (with *Terugzetten*), checked by the schema before
 * it is sent and by the API again; the API's field errors land on their fields. A connector that reads the
 * tenant file only is shown read-only.
 */
export function ConnectorFieldset(props: {
  name: string;
  view: ConnectorSettingsView;
  schema: JsonSchema | undefined;
  mappingsSchema: JsonSchema | undefined;
  /** Saved a moment ago (the form was started again from the answer). */
  justSaved: boolean;
  onSaved(answer: ConnectorSettings): void;
}) {
  const { api, m, administration, locale } = useApp();
  const { name, view } = props;
  const tenant = view.tenant ?? EMPTY;
  const readOnly = view.overridable !== true;
  const fixed = new Set(view.fixedKeys ?? []);
  const [value, setValue] = useState<SettingsValues>({ settings: view.settings, mappings: view.mappings });
  // Bumped by Terugzetten: fields that keep their typed text (numbers, amounts) start again from the value.
  const [generation, setGeneration] = useState(0);
  const [problems, setProblems] = useState<Array<SchemaProblem & { message?: string }>>([]);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(props.justSaved);
  const schema = useMemo((): JsonSchema => {
    const settings = props.schema ?? { type: 'object', additionalProperties: {} };
    const mappings = props.mappingsSchema ?? { type: 'object', additionalProperties: {} };
    if (!readOnly)
      return { type: 'object', properties: { settings, mappings }, required: ['settings', 'mappings'] };
    // Read-only: only the tables the tenant file fills, no empty ones to look at.
    const filled = Object.keys(view.mappings).filter(
      (table) => Object.keys(view.mappings[table] ?? {}).length > 0,
    );
    if (filled.length === 0) return { type: 'object', properties: { settings }, required: ['settings'] };
    const known = Object.fromEntries(
      Object.entries(mappings.properties ?? {}).filter(([table]) => filled.includes(table)),
    );
    return {
      type: 'object',
      properties: { settings, mappings: { ...mappings, properties: known } },
      required: ['settings', 'mappings'],
    };
  }, [props.schema, props.mappingsSchema, readOnly, view.mappings]);
  const override = overrideOf(value, tenant);
  const changed = overridePaths(override);
  const label = (path: string) =>
    path
      .split('.')
      .slice(1)
      .map((part) => m.settings.fields[part] ?? part)
      .join(' ');

  const reset = (path: string) => {
    setValue((current) => resetField(current, tenant, path));
    setGeneration((n) => n + 1);
    setSaved(false);
  };

  const decorate = (path: string): FieldDecoration | undefined => {
    if (readOnly) return undefined;
    if (path.startsWith('settings.') && fixed.has(path.slice('settings.'.length)))
      return { disabled: true, after: <p class="field-help">{m.settings.fixedKey}</p> };
    if (changed.has(path)) {
      const theirs = valueAt(tenant, path);
      return {
        after: (
          <>
            <span class="badge badge-override">{m.settings.override}</span>
            <span class="field-help">
              {theirs === undefined
                ? m.settings.tenantNone
                : interpolate(m.settings.tenantValue, { value: shown(theirs) })}
            </span>
            <ResetButton field={label(path)} onReset={() => reset(path)} />
          </>
        ),
      };
    }
    if (valueAt(tenant, path) !== undefined)
      return { after: <span class="badge badge-tenant">{m.settings.fromTenantFile}</span> };
    return undefined;
  };

  const save = () => {
    setSaved(false);
    setError(undefined);
    const found = validateValue(schema, value);
    setProblems(found);
    if (found.length > 0) return;
    setBusy(true);
    api
      .put<ConnectorSettings>(`/v1/app/administrations/${seg(administration)}/settings`, {
        connectors: { [name]: override },
      })
      .then(
        (answer) => {
          setBusy(false);
          setSaved(true);
          props.onSaved(answer);
        },
        (failure: unknown) => {
          setBusy(false);
          setError(failure);
          if (failure instanceof ApiError && failure.status === 400) {
            const prefix = `connectors.${name}.`;
            setProblems(
              (failure.problem?.errors ?? [])
                .filter((detail) => detail.path.startsWith(prefix))
                .map((detail) => ({
                  path: formPath(schema, detail.path.slice(prefix.length)),
                  rule: detail.rule,
                  message: detail.message,
                })),
            );
          }
        },
      );
  };

  // Taken away here: a tenant-file value with no field left to carry the badge.
  const removed = [...changed].filter((path) => valueAt(value, path) === undefined);
  const legendId = `connector-${name}`;
  return (
    <fieldset class="connector-settings" aria-labelledby={legendId}>
      <legend id={legendId}>{name}</legend>
      {readOnly ? (
        <p class="notice">{interpolate(m.settings.readOnly, { connector: name })}</p>
      ) : (
        <p class="field-help">
          {view.override
            ? interpolate(m.settings.changedBy, {
                who: view.override.updatedBy,
                when: formatDateTime(view.override.updatedAt, locale),
              })
            : m.settings.notChanged}
        </p>
      )}
      <Form onSubmit={save} label={interpolate(m.settings.settingsOf, { connector: name })}>
        <SchemaForm
          key={generation}
          schema={schema}
          value={value}
          onValue={(next) => {
            setValue(next as SettingsValues);
            setSaved(false);
          }}
          disabled={readOnly || busy}
          problems={problems}
          labels={m.settings.fields}
          decorate={decorate}
        />
        {removed.length > 0 ? (
          <ul class="connector-removed">
            {removed.map((path) => (
              <li key={path}>
                <span class="badge badge-override">{m.settings.override}</span> {label(path)}:{' '}
                {interpolate(m.settings.tenantValue, { value: shown(valueAt(tenant, path)) })} →{' '}
                {m.settings.removed} <ResetButton field={label(path)} onReset={() => reset(path)} />
              </li>
            ))}
          </ul>
        ) : null}
        {problems.length > 0 && !error ? (
          <div class="notice notice-error" role="alert">
            <p class="notice-title">{m.settings.problems}</p>
            <ul>
              {problems.map((problem) => (
                <li key={`${problem.path}/${problem.rule}`}>
                  {label(problem.path.replace(/\[(\d+)\]/g, '.$1'))}: {problemText(problem, m)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {readOnly ? null : (
          <button type="submit" class="button-primary" disabled={busy}>
            {interpolate(m.settings.saveConnector, { connector: name })}
          </button>
        )}
        {saved ? <SuccessNotice>{m.app.saved}</SuccessNotice> : null}
        {error ? <ErrorNotice error={error} /> : null}
      </Form>
    </fieldset>
  );
}
