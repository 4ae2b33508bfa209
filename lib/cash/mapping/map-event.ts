import type { NormalizedEvent } from '../../../events/index.ts';
import { mapArticle } from './article.ts';
import { mapJournalEntry } from './journal-entry.ts';
import type { CashMappingContext, CashMappingIssue, CashMappingResult } from './mapping-types.ts';
import { mapRelation } from './relation.ts';
import { mapSalesOrder } from './sales-order.ts';

function unique(issues: CashMappingIssue[]): CashMappingIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.eventPath}\u0000${issue.rubriek ?? ''}\u0000${issue.rule}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Maps a validated normalized event to CASH records (pure). Bad values never throw: they come back as issues
 * naming the event path, rubriek, value and rule. Shared values (date, journal) are reported once.
 */
export function mapEvent(event: NormalizedEvent, ctx: CashMappingContext): CashMappingResult {
  let result: CashMappingResult;
  switch (event.type) {
    case 'journal-entry.book':
      result = mapJournalEntry(event.data, ctx);
      break;
    case 'relation.upsert':
      result = mapRelation(event.data, ctx);
      break;
    case 'article.upsert':
      result = mapArticle(event.data, ctx);
      break;
    case 'sales-order.create':
      result = mapSalesOrder(event.data, ctx);
      break;
    default: {
      const unknown = event as { type?: unknown };
      return {
        ok: false,
        issues: [
          {
            eventPath: 'type',
            rule: 'unsupported-event',
            value: unknown.type,
            message: `no CASH mapping for event type ${String(unknown.type)}`,
          },
        ],
      };
    }
  }
  return result.ok ? result : { ok: false, issues: unique(result.issues) };
}

/** The kenmerk (F0711, 13 characters) the writer puts on a booking: a short, recognisable form of the event id. */
export function shortReference(eventId: string): string {
  return `CL${eventId.replace(/^evt_/, '').slice(0, 11).toUpperCase()}`;
}
