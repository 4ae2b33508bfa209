import { truncateText, visibleControls } from '../runtime/quoted-text.ts';

/** How a run was started, as the web app shows it (contract `RunSummary.trigger`). */
export const RUN_TRIGGERS = ['schedule', 'webhook', 'upload', 'api', 'manual'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const RUN_STATUSES = ['running', 'ok', 'partial', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One invocation of a connector function as the runs list shows it (contract `RunSummary`). */
export interface RunSummary {
  id: string;
  connector: string;
  administration?: string;
  trigger: RunTrigger;
  /** ISO 8601 UTC. */
  startedAt: string;
  endedAt?: string;
  status: RunStatus;
  /** What the run handled, e.g. `{ records: 3, failed: 1 }`; whole numbers only. */
  counts: Record<string, number>;
  /** Messages of what went wrong, each cut to `MAX_RUN_ERROR_LENGTH`, at most `MAX_RUN_ERRORS`. */
  errors: string[];
}

/** The stored run: the summary plus where it came from. */
export interface RunRecord extends RunSummary {
  /** The event's shape: `sqs`, `s3`, `api-gateway`, `scheduler`, `direct`. */
  source: string;
  durationMs?: number;
  /** The Lambda request id, to find the run's log lines. */
  requestId?: string;
}

export const MAX_RUN_ERRORS = 20;
export const MAX_RUN_ERROR_LENGTH = 500;

/** Error messages as a run keeps them: controls visible, each cut, the list bounded (the rest counted). */
export function boundedErrors(messages: readonly string[]): string[] {
  const kept = messages
    .slice(0, MAX_RUN_ERRORS)
    .map((message) => truncateText(visibleControls(message), MAX_RUN_ERROR_LENGTH));
  if (messages.length > MAX_RUN_ERRORS) kept.push(`… and ${messages.length - MAX_RUN_ERRORS} more`);
  return kept;
}

/** Only finite whole numbers survive: a count is never a float, NaN or a string. */
export function boundedCounts(counts: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(counts)) {
    if (
      /^[A-Za-z][A-Za-z0-9_-]{0,39}$/.test(name) &&
      typeof value === 'number' &&
      Number.isSafeInteger(value)
    )
      out[name] = value;
  }
  return out;
}

/** The summary of a stored run (what the API answers). */
export function runSummary(record: RunRecord): RunSummary {
  return {
    id: record.id,
    connector: record.connector,
    ...(record.administration ? { administration: record.administration } : {}),
    trigger: record.trigger,
    startedAt: record.startedAt,
    ...(record.endedAt ? { endedAt: record.endedAt } : {}),
    status: record.status,
    counts: record.counts,
    errors: record.errors,
  };
}
