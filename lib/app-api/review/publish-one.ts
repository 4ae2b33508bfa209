import type { NormalizedEvent } from '../../../events/index.ts';
import { HttpProblem } from '../../partner-api/errors.ts';
import type { HttpProblemDetail } from '../../partner-api/http.ts';
import type { ReviewServices } from './review-services.ts';

/** Prefixes the paths of problems about an event's `data` with where that data sits in the request. */
function under(prefix: string, problems: HttpProblemDetail[]): HttpProblemDetail[] {
  return problems.map(({ index: _index, ...p }) => ({
    ...p,
    path: p.path.startsWith('data') ? `${prefix}${p.path.slice(4)}` : p.path,
  }));
}

/**
 * Sends one event to the writer as POST /v1/events does: what the writer or CASH would certainly refuse is
 * answered 400 first; the publisher records the status and queues it. Answers the document's status
 * (`queued`, or the status of a booked document with the same content); other content after booking is 409.
 */
export async function publishOne(
  services: ReviewServices,
  event: NormalizedEvent,
  dataPath: string,
): Promise<string> {
  const refused = services.admission
    ? await services.admission.problems([{ index: 0, event }], services.documents)
    : [];
  if (refused.length > 0) {
    throw new HttpProblem(
      400,
      'Bad Request',
      'CASH would refuse this booking; nothing was sent',
      under(dataPath, refused),
    );
  }
  const [outcome] = await services.publisher.publish([event]);
  if (!outcome) throw new Error(`the publisher answered nothing for event ${event.id}`);
  switch (outcome.status) {
    case 'queued':
      return 'queued';
    case 'already-final':
      return outcome.documentStatus;
    case 'conflict':
      throw new HttpProblem(409, 'Conflict', outcome.message, [
        { path: dataPath, rule: 'changed-after-booking', message: outcome.message, value: event.id },
      ]);
    case 'invalid':
      throw new HttpProblem(
        400,
        'Bad Request',
        'the event is invalid; nothing was sent',
        under(
          dataPath,
          outcome.issues.map((i) => ({ ...i })),
        ),
      );
  }
}
