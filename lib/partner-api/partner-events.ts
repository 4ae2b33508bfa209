import { EVENT_TYPES, eventId, SCHEMA_VERSION } from '../../events/index.ts';
import { HttpProblem } from './errors.ts';

/** More events than this in one request is refused; split the batch. */
export const MAX_EVENTS_PER_REQUEST = 500;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The events of a request body: one event object, `{ "events": [...] }`, or an array of events. */
export function eventsOfBody(body: unknown): unknown[] {
  const events = Array.isArray(body)
    ? body
    : isRecord(body) && Array.isArray(body.events)
      ? body.events
      : isRecord(body) && 'type' in body
        ? [body]
        : undefined;
  if (!events) {
    throw new HttpProblem(
      400,
      'Bad Request',
      'the body must be an event, an array of events or {"events": [...]}',
      [
        {
          path: '(root)',
          rule: 'body-shape',
          message: 'expected an event object, an array of events or an object with an events array',
        },
      ],
    );
  }
  if (events.length === 0) {
    throw new HttpProblem(400, 'Bad Request', 'the request holds no events', [
      { path: 'events', rule: 'too_small', message: 'send at least one event' },
    ]);
  }
  if (events.length > MAX_EVENTS_PER_REQUEST) {
    throw new HttpProblem(400, 'Bad Request', `at most ${MAX_EVENTS_PER_REQUEST} events per request`, [
      {
        path: 'events',
        rule: 'too_big',
        message: `at most ${MAX_EVENTS_PER_REQUEST} events per request, got ${events.length}`,
        value: events.length,
      },
    ]);
  }
  return events;
}

export interface CompletionDefaults {
  tenant: string;
  /** The connector name used when the event's source names none (`partner-api`, or the webhook's). */
  connector: string;
  now: Date;
}

/**
 * Fills what a partner need not compute: tenant, schema version, occurredAt, source.connector and the
 * deterministic id. Given values are kept as they are, so validation reports them when they are wrong
 * (an id that does not match its source is an error, not silently replaced).
 */
export function completeEvent(input: unknown, defaults: CompletionDefaults): unknown {
  if (!isRecord(input)) return input;
  const source = isRecord(input.source) ? { connector: defaults.connector, ...input.source } : input.source;
  const event: Record<string, unknown> = {
    tenant: defaults.tenant,
    schemaVersion: SCHEMA_VERSION,
    occurredAt: defaults.now.toISOString(),
    ...input,
    source,
  };
  if (
    event.id === undefined &&
    typeof event.tenant === 'string' &&
    typeof event.type === 'string' &&
    (EVENT_TYPES as readonly string[]).includes(event.type) &&
    isRecord(source) &&
    typeof source.connector === 'string' &&
    typeof source.externalId === 'string'
  ) {
    event.id = eventId(event.tenant, source.connector, source.externalId, event.type);
  }
  return event;
}
