import { useMemo, useState } from 'preact/hooks';
import { ApiError, type JsonSchema, type ReviewDetail, seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Form, TextArea, TextField } from '../components/fields.tsx';
import { SuccessNotice } from '../components/notice.tsx';
import { canonical, SchemaForm, type SchemaProblem, validateValue } from '../schema/index.ts';
import { DocumentErrors } from './document-errors.tsx';

/** The data of a rejected event: its `data` when the API gives the whole event. */
export function eventData(event: unknown): Record<string, unknown> {
  if (typeof event !== 'object' || event === null) return {};
  const data = (event as { data?: unknown }).data;
  if (typeof data === 'object' && data !== null && !Array.isArray(data))
    return data as Record<string, unknown>;
  return event as Record<string, unknown>;
}

function JsonEditor(props: { value: unknown; onValue(value: unknown): void; disabled: boolean }) {
  const { m } = useApp();
  const [text, setText] = useState(() => JSON.stringify(props.value, null, 2));
  const [invalid, setInvalid] = useState(false);
  return (
    <TextArea
      label={m.review.rawData}
      value={text}
      rows={14}
      disabled={props.disabled}
      error={invalid ? m.errors.json : undefined}
      onValue={(next) => {
        setText(next);
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

/**
 * A rejected or failed event: CASH's reasons and a form from `eventSchema`. *Opnieuw versturen* sends the
 * same data again under the same id; changed data needs a new version (a new `externalId` `<old>#v<n>`).
 */
export function EventReview({ detail }: { detail: ReviewDetail }) {
  const { api, m, can } = useApp();
  const source = detail.event ?? detail.document.event;
  const original = useMemo(() => eventData(source), [source]);
  const [data, setData] = useState<unknown>(original);
  const [newVersion, setNewVersion] = useState('');
  const [problems, setProblems] = useState<SchemaProblem[]>([]);
  const [needsVersion, setNeedsVersion] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState(false);
  const disabled = !can('act') || done;
  const changed = canonical(data) !== canonical(original);
  const schema: JsonSchema | undefined = detail.eventSchema;

  const submit = () => {
    const found = schema ? validateValue(schema, data) : [];
    setProblems(found);
    if (found.length > 0) return;
    if (changed && newVersion.trim() === '') {
      setNeedsVersion(true);
      return;
    }
    setNeedsVersion(false);
    setBusy(true);
    setError(undefined);
    const body = changed ? { data, newVersion: newVersion.trim() } : { data };
    api.post(`/v1/app/review/${seg(detail.item.id)}/resend`, body).then(
      () => {
        setBusy(false);
        setDone(true);
      },
      (failure: unknown) => {
        setBusy(false);
        if (
          failure instanceof ApiError &&
          failure.status === 409 &&
          failure.rule === 'changed-needs-version'
        ) {
          setNeedsVersion(true);
        } else setError(failure);
      },
    );
  };

  return (
    <div class="event-review">
      <DocumentErrors errors={detail.errors} title={m.review.cashReasons} />
      <Form onSubmit={submit} label={m.review.event}>
        <h2>{m.review.event}</h2>
        {schema ? (
          <SchemaForm
            schema={schema}
            value={data}
            onValue={setData}
            disabled={disabled}
            problems={problems}
          />
        ) : (
          <JsonEditor value={data} onValue={setData} disabled={disabled} />
        )}
        {problems.length > 0 ? (
          <ul class="field-error" role="alert">
            {problems.map((p) => (
              <li key={`${p.path}/${p.rule}`}>
                {p.path}: {p.rule}
              </li>
            ))}
          </ul>
        ) : null}
        {disabled ? null : (
          <>
            <TextField
              label={m.review.newVersion}
              value={newVersion}
              onValue={setNewVersion}
              help={m.review.newVersionHelp}
              required={changed}
              error={needsVersion ? m.review.needsVersion : undefined}
            />
            <button type="submit" class="button-primary" disabled={busy}>
              {m.review.resend}
            </button>
          </>
        )}
      </Form>
      {done ? <SuccessNotice>{m.review.resent}</SuccessNotice> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}
