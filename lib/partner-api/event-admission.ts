import { eventId, type NormalizedEvent, quotedValue } from '../../events/index.ts';
import { type CashMappingIssue, preflightEvent } from '../cash/mapping/index.ts';
import type { CashAdapterSettings } from '../cash/settings/index.ts';
import {
  type MirrorLookup,
  type MirrorReference,
  mirrorEntriesCreated,
  mirrorReferences,
} from '../mirror/index.ts';
import type { HttpProblemDetail } from './http.ts';
import type { DocumentReader } from './routes/route-context.ts';

export interface EventAdmissionOptions {
  /** The CASH adapter settings of an administration, as the writer uses them. */
  settings: (administration: string) => CashAdapterSettings;
  /** The CASH mirror; without it (or while a list is empty) codes are not checked against CASH. */
  mirror?: MirrorLookup;
  /** Told when the mirror cannot be read; the codes of that list then go unchecked (the writer decides). */
  onMirrorError?: (error: unknown) => void;
}

const UNKNOWN: Record<MirrorReference['kind'], { rule: string; what: string }> = {
  journals: { rule: 'unknown-journal', what: 'journal' },
  ledgerAccounts: { rule: 'unknown-ledger-account', what: 'ledger account' },
  costCentres: { rule: 'unknown-cost-centre', what: 'cost centre' },
  relations: { rule: 'unknown-relation', what: 'relation' },
  articles: { rule: 'unknown-article', what: 'article' },
};

function detail(index: number, issue: CashMappingIssue): HttpProblemDetail {
  const value = quotedValue(issue.value);
  return {
    index,
    path: issue.eventPath,
    rule: issue.rule,
    message: issue.rubriek ? `${issue.message} (rubriek ${issue.rubriek})` : issue.message,
    ...(value !== undefined ? { value } : {}),
  };
}

/**
 * The door of POST /v1/events: refuses at once what the writer or CASH would certainly refuse later, so a
 * partner gets `400` with path and rule instead of `202` and a rejection. Two sources, neither a copy of a
 * rule: the writer's own CASH mapping under the administration's settings (field lengths, digits, dates per
 * rubriek), and the CASH mirror for the codes an event names (journal, ledger account, cost centre,
 * relation, article). A list the mirror does not hold yet, or cannot be read, is not checked: the writer
 * decides then.
 */
export class EventAdmission {
  constructor(private readonly options: EventAdmissionOptions) {}

  /** What would be refused, per event; `documents` tells which relationRefs name a relation sent before. */
  async problems(
    events: ReadonlyArray<{ index: number; event: NormalizedEvent }>,
    documents?: Pick<DocumentReader, 'getMany'>,
  ): Promise<HttpProblemDetail[]> {
    const problems: HttpProblemDetail[] = [];
    for (const { index, event } of events) {
      const settings = this.options.settings(event.administration);
      for (const issue of preflightEvent(event, settings)) problems.push(detail(index, issue));
    }
    if (documents) problems.push(...(await unsentRelationRefs(events, documents)));
    if (this.options.mirror) problems.push(...(await this.unknownInMirror(events, this.options.mirror)));
    return problems.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  }

  private async unknownInMirror(
    events: ReadonlyArray<{ index: number; event: NormalizedEvent }>,
    mirror: MirrorLookup,
  ): Promise<HttpProblemDetail[]> {
    // A relation or article the same request brings along is known by the time the writer needs it
    // (it books relations and articles of a batch first).
    const created = new Set(
      events.flatMap(({ event }) =>
        mirrorEntriesCreated(event).map((c) => `${event.administration}\u0000${c.kind}\u0000${c.key}`),
      ),
    );
    const wanted = new Map<
      string,
      { administration: string; kind: MirrorReference['kind']; keys: Set<string> }
    >();
    const references: Array<{ index: number; administration: string; ref: MirrorReference }> = [];
    for (const { index, event } of events) {
      for (const ref of mirrorReferences(event)) {
        if (created.has(`${event.administration}\u0000${ref.kind}\u0000${ref.key}`)) continue;
        const id = `${event.administration}\u0000${ref.kind}`;
        const entry = wanted.get(id) ?? {
          administration: event.administration,
          kind: ref.kind,
          keys: new Set(),
        };
        entry.keys.add(ref.key);
        wanted.set(id, entry);
        references.push({ index, administration: event.administration, ref });
      }
    }
    const found = new Map<string, Awaited<ReturnType<MirrorLookup['find']>>>();
    for (const [id, { administration, kind, keys }] of wanted) {
      try {
        found.set(id, await mirror.find(administration, kind, [...keys]));
      } catch (error) {
        // An unreadable mirror is no reason to refuse: CASH itself still checks.
        this.options.onMirrorError?.(error);
      }
    }
    const problems: HttpProblemDetail[] = [];
    for (const { index, administration, ref } of references) {
      const rows = found.get(`${administration}\u0000${ref.kind}`);
      if (!rows) continue;
      const row = rows.get(ref.key);
      const { rule, what } = UNKNOWN[ref.kind];
      if (row === null) {
        problems.push({
          index,
          path: ref.path,
          rule,
          message: `${what} ${ref.value} is not in CASH administration ${administration} (rubriek ${ref.rubriek})`,
          value: quotedValue(ref.value),
        });
      } else if (ref.kind === 'costCentres' && (row as { blocked?: boolean } | undefined)?.blocked) {
        problems.push({
          index,
          path: ref.path,
          rule: 'blocked-cost-centre',
          message: `cost centre ${ref.value} is blocked in CASH administration ${administration} (rubriek 0911)`,
          value: quotedValue(ref.value),
        });
      }
    }
    return problems;
  }
}

/** The relationRefs of an event with where they are: a relation.upsert's source.externalId. */
function relationRefsOf(event: NormalizedEvent): Array<{ ref: string; path: string }> {
  if (event.type === 'journal-entry.book')
    return event.data.lines.flatMap((line, i) =>
      line.relationRef ? [{ ref: line.relationRef, path: `data.lines.${i}.relationRef` }] : [],
    );
  if (event.type === 'sales-order.create' && event.data.customer.relationRef)
    return [{ ref: event.data.customer.relationRef, path: 'data.customer.relationRef' }];
  return [];
}

/**
 * relationRefs the writer can never resolve: no relation.upsert of that source.externalId (same connector)
 * in this request, and none ever sent (no document). One sent earlier and still queued may yet be booked,
 * so it is let through.
 */
async function unsentRelationRefs(
  events: ReadonlyArray<{ index: number; event: NormalizedEvent }>,
  documents: Pick<DocumentReader, 'getMany'>,
): Promise<HttpProblemDetail[]> {
  const relationId = (event: NormalizedEvent, ref: string) =>
    eventId(event.tenant, event.source.connector, ref, 'relation.upsert');
  const inRequest = new Set(
    events.filter(({ event }) => event.type === 'relation.upsert').map(({ event }) => event.id),
  );
  const wanted = events.flatMap(({ index, event }) =>
    relationRefsOf(event).map((r) => ({ index, ...r, id: relationId(event, r.ref) })),
  );
  const outside = wanted.filter((w) => !inRequest.has(w.id));
  if (outside.length === 0) return [];
  const sent = await documents.getMany([...new Set(outside.map((w) => w.id))]);
  return outside
    .filter((w) => !sent.has(w.id))
    .map((w) => ({
      index: w.index,
      path: w.path,
      rule: 'unknown-relation-ref',
      message: `relationRef ${w.ref} names no relation.upsert of this source.connector in this request or sent before`,
      value: quotedValue(w.ref),
    }));
}
