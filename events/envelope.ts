import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AdministrationCode, DocumentLocation, IsoDateTime, Tenant } from './fields.ts';

export const SCHEMA_VERSION = 1;

export const EventSource = z.object({
  connector: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'connector name in kebab-case'),
  externalId: z.string().min(1).max(200).describe("the source's own id of the document or record"),
  document: DocumentLocation.optional().describe('where the original is kept'),
});
export type EventSource = z.infer<typeof EventSource>;

/** Fields every normalized event carries, whatever its type. */
export const envelopeShape = {
  id: z.string().regex(/^evt_[0-9a-f]{32}$/, 'evt_ and 32 hex digits (see eventId())'),
  tenant: Tenant,
  administration: AdministrationCode,
  schemaVersion: z.literal(SCHEMA_VERSION),
  occurredAt: IsoDateTime,
  source: EventSource,
};

/**
 * The deterministic event id: the same source document resent (by a webhook retry, a re-upload, a
 * replayed schedule) yields the same id, so the writer can recognise it. The type is part of the key
 * because one document may give rise to several events (a new supplier and its invoice).
 */
export function eventId(tenant: string, connector: string, externalId: string, type: string): string {
  const digest = createHash('sha256')
    .update(`${tenant}\u0000${connector}\u0000${externalId}\u0000${type}`)
    .digest('hex');
  return `evt_${digest.slice(0, 32)}`;
}
