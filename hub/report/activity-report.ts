import type { DocumentRecord } from '../../lib/documents/document-record.ts';
import type { DocumentStore } from '../../lib/documents/index.ts';
import { errorMessage } from '../../lib/runtime/error-message.ts';
import type { HubConsole } from '../console/hub-console.ts';
import type { SqsBatchReport } from '../triggers/sqs-trigger.ts';

interface FileOutcome {
  key?: string;
  status: string;
  documentId?: string;
  eventCount?: number;
  message?: string;
}

/**
 * What the hub prints per processed item: one line per event of an SQS batch and one per file a connector
 * took in, from their document status records when there are any (booked where, rejected why).
 */
export class ActivityReport {
  constructor(private readonly console: HubConsole) {}

  /** One line per event of the batch, from its document status record when there is one. */
  async batch(report: SqsBatchReport, store: DocumentStore | undefined): Promise<void> {
    const { functionName, event, failedMessageIds, error } = report;
    const ids = new Map<string, { messageId: string; receiveCount: string }>();
    for (const record of event.Records) {
      for (const id of eventIdsOf(record.body)) {
        ids.set(id, { messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount });
      }
    }
    const documents =
      store && ids.size > 0 ? await store.getMany([...ids.keys()]).catch(() => undefined) : undefined;
    if (ids.size === 0 || !documents) {
      const failed = failedMessageIds.size;
      const text = `${functionName}: ${event.Records.length - failed}/${event.Records.length} message(s) done`;
      if (failed === 0) this.console.ok(text);
      else
        this.console.fail(`${text}, ${failed} back to the queue${error ? `: ${errorMessage(error)}` : ''}`);
      return;
    }
    for (const [id, where] of ids) {
      const document = documents.get(id);
      const retrying = failedMessageIds.has(where.messageId);
      this.document(id, document, retrying, where.receiveCount, error);
    }
  }

  /** One line per file a connector took in, from its result (`outcomes` / `files` with a status). */
  async files(
    functionName: string,
    key: string,
    result: unknown,
    store: DocumentStore | undefined,
  ): Promise<void> {
    const files = fileOutcomesOf(result);
    if (files.length === 0) return this.console.ok(`${functionName}: processed ${key}`);
    const ids = files.map((f) => f.documentId).filter((id): id is string => Boolean(id));
    const documents = store && ids.length > 0 ? await store.getMany(ids).catch(() => undefined) : undefined;
    for (const file of files) {
      const events = file.eventCount ? `, ${file.eventCount} event(s) queued` : '';
      const text = `${functionName}: ${file.key ?? key} → ${file.status}${events}`;
      if (file.status === 'rejected' || file.status === 'failed' || file.status === 'quarantined') {
        const document = file.documentId ? documents?.get(file.documentId) : undefined;
        const reason =
          document?.errors?.map((e) => e.message).join('; ') || file.message || 'no reason recorded';
        this.console.fail(`${text}: ${reason}`);
      } else if (file.status === 'review') this.console.warn(`${text} (waiting for review)`);
      else this.console.ok(text);
    }
  }

  private document(
    id: string,
    document: DocumentRecord | undefined,
    retrying: boolean,
    receiveCount: string,
    error: unknown,
  ): void {
    const status = document?.status;
    const label = document ? `${document.type} ${id}` : id;
    if (status === 'booked' || status === 'duplicate') {
      const cash = document?.cash;
      const where = [
        cash?.journal && cash.entryNumber !== undefined ? `${cash.journal} ${cash.entryNumber}` : undefined,
        cash?.relationNumber ? `relation ${cash.relationNumber}` : undefined,
        cash?.articleCode ? `article ${cash.articleCode}` : undefined,
        cash?.orderNumber !== undefined ? `order ${cash.orderNumber}` : undefined,
      ].filter(Boolean);
      this.console.ok(
        `${status} ${label}${where.length ? ` → ${where.join(', ')}` : ''} (${document?.administration})`,
      );
      return;
    }
    const reason =
      document?.errors?.map((e) => e.message).join('; ') ||
      (error ? errorMessage(error) : undefined) ||
      'no reason recorded';
    if (retrying)
      this.console.fail(`${status ?? 'failed'} ${label} (delivery ${receiveCount}, will retry): ${reason}`);
    else this.console.fail(`${status ?? 'not booked'} ${label}: ${reason}`);
  }
}

function fileOutcomesOf(result: unknown): FileOutcome[] {
  if (!result || typeof result !== 'object') return [];
  const record = result as Record<string, unknown>;
  const list = Array.isArray(record.outcomes)
    ? record.outcomes
    : Array.isArray(record.files)
      ? record.files
      : [];
  return list
    .filter(
      (item): item is Record<string, unknown> =>
        Boolean(item) &&
        typeof item === 'object' &&
        typeof (item as { status?: unknown }).status === 'string',
    )
    .map((item) => ({
      status: item.status as string,
      ...(typeof item.key === 'string' ? { key: item.key } : {}),
      ...(typeof item.documentId === 'string' ? { documentId: item.documentId } : {}),
      ...(Array.isArray(item.eventIds) ? { eventCount: item.eventIds.length } : {}),
      ...(typeof item.message === 'string' ? { message: item.message } : {}),
    }));
}

function eventIdsOf(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { events?: Array<{ id?: unknown }>; id?: unknown };
    const events = Array.isArray(parsed.events) ? parsed.events : [parsed];
    return events.map((e) => e?.id).filter((id): id is string => typeof id === 'string');
  } catch {
    return [];
  }
}
