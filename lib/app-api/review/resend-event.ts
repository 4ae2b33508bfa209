import { z } from 'zod';
import {
  eventId,
  SCHEMA_VERSION,
  toFieldIssues,
  validateEvent,
  withoutNulls,
} from '../../../events/index.ts';
import { type DocumentRecord, payloadHash } from '../../documents/index.ts';
import { HttpProblem } from '../../partner-api/errors.ts';
import { type HttpResponse, jsonResponse, quoted } from '../../partner-api/http.ts';
import type { AppRouteContext } from '../app-route.ts';
import { jsonBody } from '../json-body.ts';
import { publishOne } from './publish-one.ts';
import { reviewKindOf } from './review-item.ts';
import { documentStatusConflict, wrongKind } from './review-problems.ts';
import type { ReviewServices } from './review-services.ts';

/** Statuses of an event a person may send again. */
export const RESENDABLE: ReadonlySet<string> = new Set(['rejected', 'failed']);

export const ResendEventBody = z
  .object({
    data: z.record(z.string(), z.unknown()).describe("the event's data, as corrected"),
    newVersion: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,20}$/, 'letters, digits, . _ or -, at most 20')
      .optional()
      .describe('needed when data changed: the new source.externalId is `<old>#v<newVersion>`'),
  })
  .strict();

/**
 * POST /v1/app/review/{id}/resend with the id semantics of POST /v1/events: the same `data` is the same
 * event again (same id, queued anew); changed `data` needs `newVersion` (409 `changed-needs-version`
 * otherwise) and becomes a new event under `source.externalId` `<old>#v<newVersion>`, so what CASH
 * received under the old id is never silently replaced.
 */
export async function resendEvent(
  ctx: AppRouteContext,
  services: ReviewServices,
  record: DocumentRecord,
): Promise<HttpResponse> {
  const body = jsonBody(ctx);
  const parsed = ResendEventBody.safeParse(body);
  if (!parsed.success) {
    throw new HttpProblem(400, 'Bad Request', 'the resend is invalid', toFieldIssues(parsed.error, body));
  }
  if (reviewKindOf(record) !== 'event') throw wrongKind(record, 'event');
  if (!RESENDABLE.has(record.status)) throw documentStatusConflict(record, [...RESENDABLE]);
  const { data, newVersion } = parsed.data;
  const same =
    payloadHash(withoutNulls(data)) === record.payloadHash || payloadHash(data) === record.payloadHash;
  if (!same && newVersion === undefined) {
    throw new HttpProblem(409, 'Conflict', 'the data changed: give newVersion to send it as a new event', [
      {
        path: 'newVersion',
        rule: 'changed-needs-version',
        message: `changed data is sent under source.externalId ${quoted(record.source.externalId)}#v<newVersion>`,
      },
    ]);
  }
  const externalId = same ? record.source.externalId : `${record.source.externalId}#v${newVersion}`;
  if (externalId.length > 200) {
    throw new HttpProblem(
      400,
      'Bad Request',
      'the new source.externalId would be longer than 200 characters',
      [{ path: 'newVersion', rule: 'max-length', message: 'use a shorter newVersion', value: newVersion }],
    );
  }
  const source = { ...record.source, externalId };
  const id = eventId(services.tenant, source.connector, externalId, record.type);
  if (same && id !== record.id) {
    // A document whose id is not its source's (it never was an event of ours) cannot be resent as one.
    throw wrongKind(record, 'event');
  }
  const checked = validateEvent({
    id,
    tenant: services.tenant,
    administration: record.administration,
    type: record.type,
    schemaVersion: SCHEMA_VERSION,
    occurredAt: ctx.now.toISOString(),
    source,
    data,
  });
  if (!checked.ok) {
    throw new HttpProblem(400, 'Bad Request', 'the event is invalid; nothing was sent', checked.issues);
  }
  const status = await publishOne(services, checked.value, 'data');
  if (!same) {
    await services.documents.transition(
      record.id,
      record.status,
      {},
      `sent again as ${id} (version ${newVersion}) by ${ctx.user.username}`.slice(0, 1000),
    );
  }
  return jsonResponse(202, {
    documentId: id,
    status,
    ...(same ? {} : { previousId: record.id, externalId }),
  });
}
