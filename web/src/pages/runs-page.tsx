import { useState } from 'preact/hooks';
import { type Overview, type ReplayPreview, type RunSummary, seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { PagedTable } from '../components/data-table.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Form, SelectField, TextField } from '../components/fields.tsx';
import { DateTimeText, StatusBadge } from '../components/formatted.tsx';
import { SuccessNotice } from '../components/notice.tsx';
import { Page } from '../components/page.tsx';
import { interpolate } from '../i18n/index.ts';
import { useLoad } from '../use-load.ts';
import { usePaged } from '../use-paged.ts';

function RunNow({ connectors }: { connectors: string[] }) {
  const { api, m } = useApp();
  const [connector, setConnector] = useState(connectors[0] ?? '');
  const [error, setError] = useState<unknown>(undefined);
  const [started, setStarted] = useState<string | undefined>(undefined);
  const chosen = connectors.includes(connector) ? connector : (connectors[0] ?? '');
  return (
    <Form
      label={m.runs.runNow}
      onSubmit={() => {
        setError(undefined);
        setStarted(undefined);
        api
          .post<{ runId: string }>(`/v1/app/runs/${seg(chosen)}/run`)
          .then((answer) => setStarted(answer?.runId ?? ''), setError);
      }}
    >
      <h2>{m.runs.runNow}</h2>
      <SelectField
        label={m.runs.connector}
        value={chosen}
        onValue={setConnector}
        options={connectors.map((c) => ({ value: c, label: c }))}
      />
      <button type="submit" class="button-primary" disabled={chosen === ''}>
        {m.runs.runNow}
      </button>
      {started !== undefined ? (
        <SuccessNotice>{interpolate(m.runs.started202, { id: started })}</SuccessNotice>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </Form>
  );
}

function Replay({ connectors }: { connectors: string[] }) {
  const { api, m, administration } = useApp();
  const [connector, setConnector] = useState(connectors[0] ?? '');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [preview, setPreview] = useState<ReplayPreview | undefined>(undefined);
  const [sent, setSent] = useState<number | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const chosen = connectors.includes(connector) ? connector : (connectors[0] ?? '');
  const run = (dryRun: boolean) => {
    setError(undefined);
    api
      .post<ReplayPreview>(`/v1/app/runs/${seg(chosen)}/replay`, { administration, from, to, dryRun })
      .then((answer) => {
        if (dryRun) {
          setPreview(answer);
          setSent(undefined);
        } else {
          setSent(answer?.wouldSend?.length ?? 0);
          setPreview(undefined);
        }
      }, setError);
  };
  return (
    <Form label={m.runs.replayTitle} onSubmit={() => run(true)}>
      <h2>{m.runs.replayTitle}</h2>
      <div class="grid-3">
        <SelectField
          label={m.runs.connector}
          value={chosen}
          onValue={setConnector}
          options={connectors.map((c) => ({ value: c, label: c }))}
        />
        <TextField label={m.documents.from} type="date" value={from} onValue={setFrom} required />
        <TextField label={m.documents.to} type="date" value={to} onValue={setTo} required />
      </div>
      <button type="submit" class="button-secondary" disabled={!chosen || !from || !to}>
        {m.runs.replay}
      </button>
      {preview ? (
        <div class="preview">
          <h3>{interpolate(m.runs.wouldSend, { n: preview.wouldSend.length })}</h3>
          <ul>
            {preview.wouldSend.map((doc) => (
              <li key={doc.id}>{doc.title || doc.id}</li>
            ))}
          </ul>
          <h3>{interpolate(m.runs.skipped, { n: preview.skipped.length })}</h3>
          <ul>
            {preview.skipped.map((skip) => (
              <li key={skip.id}>
                {skip.id}: {skip.reason}
              </li>
            ))}
          </ul>
          <button
            type="button"
            class="button-primary"
            disabled={preview.wouldSend.length === 0}
            onClick={() => run(false)}
          >
            {m.runs.send}
          </button>
        </div>
      ) : null}
      {sent !== undefined ? <SuccessNotice>{interpolate(m.runs.sent, { n: sent })}</SuccessNotice> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </Form>
  );
}

/** Runs: every connector run (schedule, webhook, upload, API, by hand); run now and replay for operators. */
export function RunsPage() {
  const { api, m, can, administration } = useApp();
  const [connector, setConnector] = useState('');
  const overview = useLoad(
    () => api.get<Overview>('/v1/app/overview', { administration }),
    [api, administration],
  );
  const connectors = [...new Set((overview.data?.connectors ?? []).map((c) => c.connector))];
  const list = usePaged(
    (cursor) =>
      api.get<{ items: RunSummary[]; nextCursor?: string }>('/v1/app/runs', {
        connector,
        administration,
        limit: 50,
        cursor,
      }),
    [api, connector, administration],
  );
  const triggers = m.runs.triggers as Record<string, string>;
  return (
    <Page title={m.runs.title}>
      {can('operate') && connectors.length > 0 ? (
        <div class="grid-2">
          <RunNow connectors={connectors} />
          <Replay connectors={connectors} />
        </div>
      ) : null}
      <SelectField
        label={m.runs.connector}
        value={connector}
        onValue={setConnector}
        options={[{ value: '', label: m.review.any }, ...connectors.map((c) => ({ value: c, label: c }))]}
      />
      <PagedTable
        list={list}
        emptyText={m.runs.empty}
        label={m.runs.title}
        rowKey={(run) => run.id}
        columns={[
          {
            header: m.runs.connector,
            cell: (run) => `${run.connector}${run.administration ? ` · ${run.administration}` : ''}`,
          },
          { header: m.runs.trigger, cell: (run) => triggers[run.trigger] ?? run.trigger },
          { header: m.runs.started, cell: (run) => <DateTimeText iso={run.startedAt} /> },
          { header: m.runs.ended, cell: (run) => <DateTimeText iso={run.endedAt} /> },
          { header: m.runs.status, cell: (run) => <StatusBadge status={run.status} /> },
          {
            header: m.runs.counts,
            cell: (run) =>
              Object.entries(run.counts ?? {})
                .map(([name, n]) => `${name} ${n}`)
                .join(' · '),
          },
          {
            header: m.runs.errors,
            cell: (run) =>
              (run.errors ?? []).length > 0 ? (
                <ul>
                  {run.errors.map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ul>
              ) : (
                '–'
              ),
          },
        ]}
      />
    </Page>
  );
}
