import { type NormalizedEvent, validateEvent, withoutNulls } from '../../../events/index.ts';
import { FINAL_STATUSES, payloadHash } from '../../documents/index.ts';
import { eventPermissionProblems } from '../authorization.ts';
import { HttpProblem } from '../errors.ts';
import { type HttpProblemDetail, type HttpResponse, jsonResponse } from '../http.ts';
import { completeEvent, eventsOfBody } from '../partner-events.ts';
import { documentLocation, type RouteContext } from './route-context.ts';

export interface AcceptedEvent {
  index: number;
  id: string;
  /** `queued` when sent to the writer now; otherwise the document's existing status (a resend). */
  status: string;
  location: string;
}

/**
 * A resend of the same content while the writer is sending it is answered from the record. A `queued` one
 * is queued again: the first send may have failed after its status was written, and the writer (and the
 * FIFO queue's deduplication) make a second message harmless.
 */
const IN_FLIGHT = new Set(['sending']);

/**
 * POST /v1/events (and the webhooks): validates every event (400 lists them all), checks the key's
 * grants (403), refuses changed content for booked documents (409), refuses what the writer or CASH would
 * certainly refuse (400, see EventAdmission; not for resends that are answered from their record), and
 * queues the rest. Nothing is queued unless the whole request is acceptable.
 */
export async function postEvents(
  body: unknown,
  ctx: RouteContext,
  options: { connector: string; requireConnector?: boolean } = { connector: 'partner-api' },
): Promise<HttpResponse> {
  const inputs = eventsOfBody(body);
  const invalid: HttpProblemDetail[] = [];
  const valid: { index: number; event: NormalizedEvent }[] = [];
  inputs.forEach((input, index) => {
    // A null is an absent field before anything is filled in, so `source.connector: null` gets the default.
    const result = validateEvent(
      completeEvent(withoutNulls(input), {
        tenant: ctx.scope.tenant,
        connector: options.connector,
        now: ctx.now,
      }),
      input,
    );
    if (result.ok) valid.push({ index, event: result.value });
    else invalid.push(...result.issues.map((issue) => ({ index, ...issue })));
  });
  if (invalid.length > 0) {
    const count = new Set(invalid.map((i) => i.index)).size;
    throw new HttpProblem(
      400,
      'Bad Request',
      `${count} of ${inputs.length} event(s) are invalid; nothing was queued`,
      invalid,
    );
  }

  const forbidden = eventPermissionProblems(ctx.identity, valid, ctx.scope);
  if (options.requireConnector) {
    for (const { index, event } of valid) {
      if (event.source.connector !== options.connector) {
        forbidden.push({
          index,
          path: 'source.connector',
          rule: 'connector',
          message: `this route accepts events of connector ${options.connector} only: the API key fixes the connector`,
          value: event.source.connector,
        });
      }
    }
  }
  if (forbidden.length > 0) {
    throw new HttpProblem(
      403,
      'Forbidden',
      'the API key may not send these events; nothing was queued',
      forbidden,
    );
  }

  const duplicates = conflictingDuplicates(valid);
  if (duplicates.length > 0) {
    throw new HttpProblem(400, 'Bad Request', 'the same event id appears with different content', duplicates);
  }

  const existing = await ctx.documents.getMany(valid.map((v) => v.event.id));
  const conflicts: HttpProblemDetail[] = [];
  const answered = new Map<string, string>();
  for (const { index, event } of valid) {
    const record = existing.get(event.id);
    if (!record) continue;
    const same = record.payloadHash === payloadHash(event.data);
    if (!same && FINAL_STATUSES.has(record.status)) {
      conflicts.push({
        index,
        path: 'data',
        rule: 'changed-after-booking',
        message: `event ${event.id} was ${record.status} with different content; send a correction under a new source.externalId`,
      });
    } else if (same && (FINAL_STATUSES.has(record.status) || IN_FLIGHT.has(record.status))) {
      answered.set(event.id, record.status);
    }
  }
  if (conflicts.length > 0) {
    throw new HttpProblem(409, 'Conflict', 'booked documents cannot change; nothing was queued', conflicts);
  }

  const toPublish = valid.filter((v) => !answered.has(v.event.id));
  const refused =
    ctx.admission && toPublish.length > 0 ? await ctx.admission.problems(toPublish, ctx.documents) : [];
  if (refused.length > 0) {
    const count = new Set(refused.map((i) => i.index)).size;
    throw new HttpProblem(
      400,
      'Bad Request',
      `${count} of ${inputs.length} event(s) would be refused by CASH; nothing was queued`,
      refused,
    );
  }
  const outcomes = toPublish.length > 0 ? await ctx.publisher.publish(toPublish.map((v) => v.event)) : [];
  const late: HttpProblemDetail[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === 'queued') answered.set(outcome.id, 'queued');
    else if (outcome.status === 'already-final') answered.set(outcome.id, outcome.documentStatus);
    else if (outcome.status === 'conflict') {
      // Booked between our read and the publish, with other content: the same answer as above.
      const index = valid.find((v) => v.event.id === outcome.id)?.index;
      late.push({ index, path: 'data', rule: 'changed-after-booking', message: outcome.message });
    } else {
      throw new Error(`the publisher refused an event that validated: ${outcome.message}`);
    }
  }
  const accepted: AcceptedEvent[] = valid
    .filter((v) => answered.has(v.event.id))
    .map(({ index, event }) => ({
      index,
      id: event.id,
      status: answered.get(event.id) as string,
      location: documentLocation(event.id),
    }));
  if (late.length > 0) {
    throw new HttpProblem(
      409,
      'Conflict',
      'some events changed after booking',
      late,
      {},
      {
        extra: { events: accepted },
      },
    );
  }
  const queued = accepted.some((a) => a.status === 'queued');
  const headers: Record<string, string> =
    accepted.length === 1 ? { location: accepted[0]?.location as string } : {};
  return jsonResponse(queued ? 202 : 200, { events: accepted }, headers);
}

/** The same id twice in one request with different content: the sender must decide which one it means. */
function conflictingDuplicates(valid: { index: number; event: NormalizedEvent }[]): HttpProblemDetail[] {
  const seen = new Map<string, string>();
  const problems: HttpProblemDetail[] = [];
  for (const { index, event } of valid) {
    const hash = payloadHash(event.data);
    const earlier = seen.get(event.id);
    if (earlier !== undefined && earlier !== hash) {
      problems.push({
        index,
        path: 'id',
        rule: 'duplicate-id',
        message: `event ${event.id} appears earlier in this request with different content`,
        value: event.id,
      });
    }
    seen.set(event.id, hash);
  }
  return problems;
}
