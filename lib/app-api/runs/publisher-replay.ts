import type { DocumentRecord } from '../../documents/index.ts';
import type { PublishOutcome } from '../../runtime/event-publisher.ts';
import type { ReplaySender } from './runs-routes.ts';

/**
 * Replay through the normal publisher: each event document is published again from the event kept on its
 * record (validated, status recorded, queued for the writer like any event). A document without its event
 * (a file, or a record from before events were kept) is reported `no-event` and left alone.
 */
export class PublisherReplay implements ReplaySender {
  constructor(private readonly publisher: { publish(inputs: unknown[]): Promise<PublishOutcome[]> }) {}

  async send(_connector: string, documents: DocumentRecord[]): Promise<{ id: string; outcome: string }[]> {
    const withEvent = documents.filter((document) => document.event !== undefined && document.event !== null);
    const outcomes = withEvent.length > 0 ? await this.publisher.publish(withEvent.map((d) => d.event)) : [];
    const byId = new Map<string, string>();
    for (const outcome of outcomes) {
      if ('id' in outcome) byId.set(outcome.id, outcome.status);
      else {
        const document = withEvent[outcome.index];
        if (document) byId.set(document.id, 'invalid');
      }
    }
    return documents.map((document) => ({
      id: document.id,
      outcome:
        document.event === undefined || document.event === null
          ? 'no-event'
          : (byId.get(document.id) ?? 'not-sent'),
    }));
  }
}
