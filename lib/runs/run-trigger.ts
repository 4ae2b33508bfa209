import type { RunTrigger } from './run-record.ts';

/** What an invocation's event says about the run: how it started, for which administration, and its id. */
export interface TriggerInfo {
  trigger: RunTrigger;
  source: 'sqs' | 's3' | 'api-gateway' | 'scheduler' | 'direct';
  administration?: string;
  /** A run id chosen by whoever started it (the app's "run now"), so its answer names this run. */
  runId?: string;
  /** How many records the event carried (SQS, S3). */
  records?: number;
}

/** Marker of a run started by a person ("run now"): `{ source: 'cashlink.schedule', run: { trigger: 'manual', id } }`. */
export interface ManualRunMarker {
  trigger: 'manual';
  id: string;
  requestedBy?: string;
}

const ADMINISTRATION = /^[A-Za-z0-9_-]{1,20}$/;
const RUN_ID = /^run_[A-Za-z0-9-]{8,64}$/;

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function administrationOf(value: unknown): string | undefined {
  return typeof value === 'string' && ADMINISTRATION.test(value) ? value : undefined;
}

/** The single administration of a list, when there is exactly one. */
function onlyOne(values: readonly (string | undefined)[]): string | undefined {
  const distinct = [...new Set(values)];
  return distinct.length === 1 ? distinct[0] : undefined;
}

/**
 * The trigger of an invocation from its event's shape: SQS records (events from the API and the
 * connectors), S3 records (a file uploaded to the mailbox), an API Gateway request (the partner API;
 * `/webhooks/…` are webhooks), EventBridge Scheduler's input (`source: 'cashlink.schedule'`; with a
 * `run` marker it is a person's "run now"), anything else a direct invoke. Never throws.
 */
export function triggerOf(event: unknown): TriggerInfo {
  const body = record(event);
  if (!body) return { trigger: 'manual', source: 'direct' };
  const records = Array.isArray(body.Records) ? body.Records.map(record) : undefined;
  if (records && records.length > 0) {
    const first = records[0];
    if (first?.eventSource === 'aws:sqs') {
      return { trigger: 'api', source: 'sqs', records: records.length };
    }
    if (first?.eventSource === 'aws:s3' || record(first?.s3)) {
      const administration = onlyOne(
        records.map((r) => {
          const key = record(record(record(r?.s3)?.object))?.key;
          return typeof key === 'string'
            ? administrationOf(decodeURIComponent(key.split('/')[0] ?? ''))
            : undefined;
        }),
      );
      return {
        trigger: 'upload',
        source: 's3',
        records: records.length,
        ...(administration ? { administration } : {}),
      };
    }
  }
  const http = record(record(body.requestContext)?.http);
  if (http || typeof body.routeKey === 'string' || typeof body.rawPath === 'string') {
    const path = typeof body.rawPath === 'string' ? body.rawPath : String(http?.path ?? '');
    const match = /^\/v1\/(?:app\/)?administrations\/([^/]+)\//.exec(path);
    const administration = match ? administrationOf(safeDecode(match[1] ?? '')) : undefined;
    return {
      trigger: path.startsWith('/webhooks/') ? 'webhook' : 'api',
      source: 'api-gateway',
      ...(administration ? { administration } : {}),
    };
  }
  if (body.source === 'cashlink.schedule') {
    const administrations = Array.isArray(body.administrations) ? body.administrations : [];
    const administration = administrations.length === 1 ? administrationOf(administrations[0]) : undefined;
    const run = record(body.run);
    const manual = run?.trigger === 'manual';
    const runId = manual && typeof run?.id === 'string' && RUN_ID.test(run.id) ? run.id : undefined;
    return {
      trigger: manual ? 'manual' : 'schedule',
      source: 'scheduler',
      ...(administration ? { administration } : {}),
      ...(runId ? { runId } : {}),
    };
  }
  return { trigger: 'manual', source: 'direct', ...adm(body.administration) };
}

function adm(value: unknown): { administration?: string } {
  const administration = administrationOf(value);
  return administration ? { administration } : {};
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A fresh run id (`run_<uuid>`). */
export function newRunId(): string {
  return `run_${crypto.randomUUID()}`;
}

export const isRunId = (value: string): boolean => RUN_ID.test(value);

/** The event "run now" sends: what EventBridge Scheduler sends, plus the run marker with the run's id. */
export function manualRunEvent(input: {
  tenant: string;
  connector: string;
  runId: string;
  requestedBy: string;
  administration?: string;
  now: Date;
}): Record<string, unknown> {
  return {
    source: 'cashlink.schedule',
    tenant: input.tenant,
    connector: input.connector,
    schedule: 'run-now',
    ...(input.administration ? { administrations: [input.administration] } : {}),
    scheduledTime: input.now.toISOString(),
    run: { trigger: 'manual', id: input.runId, requestedBy: input.requestedBy } satisfies ManualRunMarker,
  };
}
