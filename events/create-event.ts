import { withoutNulls } from './absent-nulls.ts';
import type { EventSource } from './envelope.ts';
import { eventId, SCHEMA_VERSION } from './envelope.ts';
import type { EventOfType, EventType } from './normalized-event.ts';
import { NormalizedEvent } from './normalized-event.ts';

export interface CreateEventInput<T extends EventType> {
  tenant: string;
  administration: string;
  type: T;
  source: EventSource;
  data: EventOfType<T>['data'];
  occurredAt?: string;
}

/** Builds a validated normalized event with its deterministic id; throws a ZodError when invalid. */
export function createEvent<T extends EventType>(input: CreateEventInput<T>): EventOfType<T> {
  const candidate = {
    id: eventId(input.tenant, input.source.connector, input.source.externalId, input.type),
    tenant: input.tenant,
    administration: input.administration,
    type: input.type,
    schemaVersion: SCHEMA_VERSION,
    occurredAt: input.occurredAt ?? new Date().toISOString(),
    source: input.source,
    data: input.data,
  };
  return NormalizedEvent.parse(withoutNulls(candidate)) as EventOfType<T>;
}
