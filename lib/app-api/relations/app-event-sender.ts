import { type EventType, validateEvent } from '../../../events/index.ts';
import type { AppUser } from '../../identity/app-user.ts';
import type { PartnerIdentity } from '../../partner-api/api-key.ts';
import { HttpProblem } from '../../partner-api/errors.ts';
import type { EventAdmission } from '../../partner-api/event-admission.ts';
import { completeEvent } from '../../partner-api/partner-events.ts';
import { postEvents } from '../../partner-api/routes/post-events.ts';
import type { CorrectionWriter, DocumentReader, EventSink } from '../../partner-api/routes/route-context.ts';

/** The connector of every event the web app sends (the `app-api` connector of the tenant). */
export const APP_CONNECTOR = 'app-api';

export interface AppEventServices {
  tenant: string;
  /** Administrations of the tenant. */
  administrations: readonly string[];
  documents: DocumentReader;
  publisher: EventSink;
  /** The partner API's door: refuses what the writer or CASH would certainly refuse (400 naming the field). */
  admission?: EventAdmission;
}

export interface SentEvent {
  eventId: string;
  /** `queued`, or the document's status when the same content was sent before. */
  status: string;
}

/** App events carry no corrections; the partner API's event route never adds one. */
const NO_CORRECTIONS: CorrectionWriter = {
  add: () => Promise.reject(new Error('events sent by the web app store no corrections')),
};

/**
 * Sends one event the web app made through exactly the partner API's path (validation, conflict with a
 * booked document, admission, publisher), as connector `app-api` and only for the administration and type
 * the route allows. Throws the same HttpProblems (400/409) the partner API answers.
 */
export class AppEventSender {
  constructor(private readonly services: AppEventServices) {}

  /**
   * Whether `send` would refuse this event (schema, CASH field rules, codes unknown in the mirror), without
   * sending it: a route that must write something first (an invoice number) checks before it does.
   * Throws the 400 HttpProblem `send` would throw.
   */
  async preflight(
    administration: string,
    type: EventType,
    externalId: string,
    data: unknown,
    now: Date,
  ): Promise<void> {
    const input = { type, administration, source: { connector: APP_CONNECTOR, externalId }, data };
    const result = validateEvent(
      completeEvent(input, { tenant: this.services.tenant, connector: APP_CONNECTOR, now }),
      input,
    );
    if (!result.ok)
      throw new HttpProblem(
        400,
        'Bad Request',
        'the event would be invalid; nothing was stored',
        result.issues.map((issue) => ({ index: 0, ...issue })),
      );
    const refused = this.services.admission
      ? await this.services.admission.problems([{ index: 0, event: result.value }], this.services.documents)
      : [];
    if (refused.length > 0)
      throw new HttpProblem(400, 'Bad Request', 'CASH would refuse the event; nothing was stored', refused);
  }

  async send(
    user: AppUser,
    administration: string,
    type: EventType,
    externalId: string,
    data: unknown,
    now: Date,
  ): Promise<SentEvent> {
    // The route checked the user's role and administration; this identity only lets that one event through.
    const identity: PartnerIdentity = {
      id: '000000000000',
      tenant: this.services.tenant,
      partner: `app:${user.username}`,
      administrations: [administration],
      eventTypes: [type],
      rateLimitPerMinute: 1,
      createdAt: now.toISOString(),
      method: 'bearer',
    };
    const response = await postEvents(
      { type, administration, source: { connector: APP_CONNECTOR, externalId }, data },
      {
        identity,
        scope: { tenant: this.services.tenant, administrations: this.services.administrations },
        now,
        documents: this.services.documents,
        publisher: this.services.publisher,
        corrections: NO_CORRECTIONS,
        learners: [],
        ...(this.services.admission ? { admission: this.services.admission } : {}),
      },
      { connector: APP_CONNECTOR, requireConnector: true },
    );
    const accepted = (JSON.parse(response.body) as { events: Array<{ id: string; status: string }> })
      .events[0];
    if (!accepted) throw new Error('the event route accepted no event and refused none');
    return { eventId: accepted.id, status: accepted.status };
  }
}
