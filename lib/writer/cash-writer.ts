import { randomUUID } from 'node:crypto';
import type { NormalizedEvent } from '../../events/index.ts';
import { eventId, validateEvent } from '../../events/index.ts';
import type { CashRecord } from '../cash/records/index.ts';
import {
  type CashResult,
  type DocumentError,
  type DocumentRecord,
  type DocumentStatus,
  type DocumentStore,
  payloadHash,
  type WritePlan,
} from '../documents/index.ts';
import { mapLimit } from '../runtime/event-publisher.ts';
import type { CashPort, CashRejection, ImportOutcome, NumberScope } from './cash-port.ts';
import type { EventClaims } from './event-claims.ts';
import type { NumberReservations } from './number-reservations.ts';
import { planReference } from './plan-reference.ts';
import { describeRange, type RelationNumbering, relationRangeFor } from './relation-numbering.ts';

/** Thrown by chaos hooks to stand for a crash; never caught by the writer. */
export class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}

/** What happened to one event in a writer batch. `retry` means: leave the message for redelivery. */
export type EventOutcome =
  | { id: string; outcome: 'booked'; cash: CashResult }
  | { id: string; outcome: 'duplicate' }
  | { id: string; outcome: 'rejected'; errors: DocumentError[] }
  | { id: string; outcome: 'retry'; reason: string };

export interface CashWriterOptions {
  documents: DocumentStore;
  claims: EventClaims;
  numbers: NumberReservations;
  cash: CashPort;
  /** Records per CASH import; one import per call is what the rate limit rewards. */
  maxRecordsPerImport?: number;
  /** How long a claim protects an event; keep it below the queue's visibility timeout. */
  leaseMs?: number;
  /** Time a CASH call may need; with less left of the lease, the events are left for redelivery. */
  minRemainingMs?: number;
  /** Attempts after which a retryable failure is reported as failed (the queue's DLQ takes over). */
  maxAttempts?: number;
  /**
   * Number ranges for new relations per role, by administration code. An administration without an entry
   * numbers new relations one above the highest relatienummer in CASH.
   */
  relationNumbering?: Readonly<Record<string, RelationNumbering>>;
  now?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;
  /**
   * Chaos-testing seam: called after CASH answered an import and before anything is recorded. A throw here
   * behaves like a crash of the function at the worst moment.
   */
  afterCashAnswer?: () => void;
  /**
   * The mirror's record of open items settled since CASH's last re-read (`SettlementLedger`): told before a
   * booking is final (a crash after CASH answered finds it in CASH on redelivery and tells it again) and when
   * CASH refused one. Failures are logged: a bank line's settlement stays `pending`, which still counts.
   */
  settlements?: {
    booked(event: NormalizedEvent, cash: CashResult): Promise<void>;
    cancel(event: NormalizedEvent): Promise<void>;
  };
  /** Told about every booking (e.g. to refresh the CASH mirror); its failures are logged, never fatal. */
  afterBooked?: (booked: Array<{ event: NormalizedEvent; cash: CashResult }>) => Promise<void>;
}

interface Work {
  event: NormalizedEvent;
  doc: DocumentRecord;
  plan: WritePlan;
  records: CashRecord[];
  invoiceNumbers?: Record<string, string>;
}

const TYPE_ORDER: Record<string, number> = {
  'relation.upsert': 0,
  'article.upsert': 1,
  'journal-entry.book': 2,
  'sales-order.create': 3,
};

/**
 * The only component that writes to CASH. Books every event exactly once: claim (idempotency record),
 * fix the natural key before the first attempt, look it up in CASH after an uncertain outcome, pack many
 * events into one import, and isolate rejected records so the rest still books.
 */
export class CashWriter {
  private readonly maxRecords: number;
  private readonly leaseMs: number;
  private readonly minRemainingMs: number;
  private deadline = Number.POSITIVE_INFINITY;
  private readonly maxAttempts: number;
  private readonly now: () => Date;
  private readonly log: NonNullable<CashWriterOptions['log']>;

  constructor(private readonly options: CashWriterOptions) {
    this.maxRecords = options.maxRecordsPerImport ?? 1000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.minRemainingMs = options.minRemainingMs ?? 5_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? (() => {});
  }

  /** Writes a batch of raw (not yet validated) events; returns one outcome per distinct input. */
  async write(inputs: unknown[], options: { leaseMs?: number } = {}): Promise<EventOutcome[]> {
    const leaseMs = options.leaseMs ?? this.leaseMs;
    // Past this moment the claims may be taken over by a redelivery: no new call to CASH may start then.
    this.deadline = Date.now() + leaseMs - this.minRemainingMs;
    const outcomes = new Map<string, EventOutcome>();
    const events: NormalizedEvent[] = [];
    const invalid: Array<{ id: string; errors: DocumentError[]; input: unknown }> = [];
    const seen = new Set<string>();
    for (const input of inputs) {
      const result = validateEvent(input);
      if (result.ok) {
        // The same event twice in one batch (a resend packed next to the original) is written once.
        if (!seen.has(result.value.id)) events.push(result.value);
        seen.add(result.value.id);
      } else {
        const id = guessId(input);
        invalid.push({
          id,
          input,
          errors: result.issues.map((i) => ({
            source: 'validation',
            path: i.path,
            rule: i.rule,
            message: i.message,
            value: i.value,
          })),
        });
      }
    }
    for (const bad of invalid) {
      outcomes.set(bad.id, { id: bad.id, outcome: 'rejected', errors: bad.errors });
      await this.recordInvalid(bad.id, bad.input, bad.errors);
    }
    const byAdministration = new Map<string, NormalizedEvent[]>();
    for (const event of events) {
      const list = byAdministration.get(event.administration) ?? [];
      list.push(event);
      byAdministration.set(event.administration, list);
    }
    for (const [administration, list] of byAdministration) {
      for (const outcome of await this.writeAdministration(administration, list, leaseMs))
        outcomes.set(outcome.id, outcome);
    }
    return [...outcomes.values()];
  }

  private async writeAdministration(
    administration: string,
    events: NormalizedEvent[],
    leaseMs: number,
  ): Promise<EventOutcome[]> {
    const outcomes: EventOutcome[] = [];
    const { claims, documents, cash } = this.options;

    // 1. Claim every event; completed ones are duplicates of work already done.
    const claimResults = await mapLimit(events, 16, (event) => claims.claim(event, leaseMs));
    const claimed: NormalizedEvent[] = [];
    claimResults.forEach((result, i) => {
      const event = events[i] as NormalizedEvent;
      if (result.claim === 'claimed') claimed.push(event);
      else if (result.claim === 'completed') outcomes.push({ id: event.id, outcome: 'duplicate' });
      else if (result.claim === 'in-progress')
        outcomes.push({ id: event.id, outcome: 'retry', reason: 'another writer holds this event' });
      else
        outcomes.push({
          id: event.id,
          outcome: 'rejected',
          errors: [{ source: 'validation', rule: 'payload-conflict', message: result.message }],
        });
    });
    if (claimed.length === 0) return outcomes;

    // 2. Documents: the plan of an earlier attempt, if any.
    const docs = await documents.getMany(claimed.map((e) => e.id));
    const work: Work[] = claimed.map((event) => ({
      event,
      doc: docs.get(event.id) ?? this.newDocument(event),
      plan: docs.get(event.id)?.plan ?? { reference: planReference(event.id), batchId: '' },
      records: [],
    }));

    // 3. Already booked by an attempt whose answer we never got? Ask CASH before sending again.
    const uncertain = work.filter((w) => w.doc.plan?.attemptedAt);
    const settled = new Set<string>();
    if (uncertain.length > 0) {
      if (Date.now() > this.deadline) {
        return [
          ...outcomes,
          ...(await this.releaseForRetry(work, 'too little time left in this invocation')),
        ];
      }
      try {
        const existing = await cash.findExisting(
          administration,
          uncertain.map((w) => ({ event: w.event, plan: w.plan })),
        );
        const found = uncertain.filter((w) => existing.has(w.plan.reference));
        for (const w of found) settled.add(w.event.id);
        const bookedAt = this.now().toISOString();
        outcomes.push(
          ...(await this.finishBooked(
            found.map((w) => ({ w, cash: { bookedAt, ...keysOf(w.plan) } })),
            'found in CASH after an uncertain attempt',
          )),
        );
      } catch (error) {
        return [
          ...outcomes,
          ...(await this.releaseForRetry(work, `looking up earlier attempts failed: ${message(error)}`)),
        ];
      }
    }
    let pending = work.filter((w) => !settled.has(w.event.id));

    // 4. Fix natural keys, then map to CASH records.
    // Sortable and unique: outbox files named after it list in the order they were written.
    const batchId = `${this.now().toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`;
    let unnumbered: Map<Work, DocumentError[]>;
    try {
      unnumbered = await this.planKeys(administration, pending, batchId);
    } catch (error) {
      return [
        ...outcomes,
        ...(await this.releaseForRetry(pending, `reserving numbers failed: ${message(error)}`)),
      ];
    }
    for (const [w, errors] of unnumbered) outcomes.push(await this.finishRejected(w, errors));
    pending = pending.filter((w) => !unnumbered.has(w));
    const relationNumbers = await this.relationNumbersFor(pending);
    const mapped: Work[] = [];
    for (const w of pending.sort(
      (a, b) => (TYPE_ORDER[a.event.type] ?? 9) - (TYPE_ORDER[b.event.type] ?? 9),
    )) {
      const plan = { ...w.plan, ...resolveRelationRefs(w.event, relationNumbers) };
      const result = await cash.map(w.event, plan);
      if (result.ok) {
        w.records = result.records;
        w.invoiceNumbers = result.invoiceNumbers;
        mapped.push(w);
      } else {
        outcomes.push(await this.finishRejected(w, result.issues));
      }
    }
    pending = mapped;
    if (pending.length === 0) return outcomes;

    // 5. The plan is durable before CASH sees anything.
    const attemptedAt = this.now().toISOString();
    for (const w of pending) {
      w.plan = { ...w.plan, batchId, attemptedAt };
      w.doc = this.withStatus({ ...w.doc, plan: w.plan, attempts: (w.doc.attempts ?? 0) + 1 }, 'sending');
    }
    // The import's rate-limit token is taken while the plan is written (two round trips at once, not in turn).
    cash.prepareSubmit?.(administration);
    await documents.putMany(pending.map((w) => w.doc));

    // 6. Send in as few imports as the size limit allows, isolating rejected records.
    for (const chunk of chunkWork(pending, this.maxRecords)) {
      outcomes.push(...(await this.submitIsolating(administration, chunk, batchId)));
    }
    return outcomes;
  }

  private async submitIsolating(
    administration: string,
    chunk: Work[],
    batchId: string,
  ): Promise<EventOutcome[]> {
    const outcomes: EventOutcome[] = [];
    let remaining = chunk;
    for (let round = 0; remaining.length > 0; round++) {
      const records = remaining.flatMap((w) => w.records);
      if (Date.now() > this.deadline) {
        return [
          ...outcomes,
          ...(await this.releaseForRetry(remaining, 'too little time left in this invocation')),
        ];
      }
      let outcome: ImportOutcome;
      try {
        outcome = await this.options.cash.submit(administration, records, batchId);
      } catch (error) {
        if (error instanceof SimulatedCrash) throw error;
        this.log('warn', 'CASH import did not complete', {
          administration,
          events: remaining.length,
          error: message(error),
        });
        return [...outcomes, ...(await this.releaseForRetry(remaining, message(error)))];
      }
      this.options.afterCashAnswer?.();
      if (outcome.status === 'success' || outcome.status === 'delivered') {
        const transaction = outcome.status === 'success' ? outcome.transaction : outcome.location;
        const bookedAt = this.now().toISOString();
        const booked = remaining.map((w) => ({
          w,
          cash: {
            transaction,
            bookedAt,
            ...keysOf(w.plan),
            ...(w.invoiceNumbers ? { invoiceNumbers: w.invoiceNumbers } : {}),
          },
        }));
        outcomes.push(...(await this.finishBooked(booked)));
        return outcomes;
      }
      if (outcome.status === 'pending') {
        return [
          ...outcomes,
          ...(await this.releaseForRetry(remaining, `CASH transaction ${outcome.transaction} still pending`)),
        ];
      }
      // Rejected: CASH applied nothing. Pin the errors on the events that own the failing lines.
      const blamed = blame(remaining, outcome.errors);
      if (blamed.size === 0 || round >= 6) {
        if (remaining.length === 1) {
          const only = remaining[0] as Work;
          outcomes.push(await this.finishRejected(only, outcome.errors.map(cashError)));
          return outcomes;
        }
        // CASH named no line we can place: split and try the halves.
        const half = Math.ceil(remaining.length / 2);
        outcomes.push(...(await this.submitIsolating(administration, remaining.slice(0, half), batchId)));
        outcomes.push(...(await this.submitIsolating(administration, remaining.slice(half), batchId)));
        return outcomes;
      }
      const taken = [...blamed.entries()].filter(([, errors]) =>
        errors.some((e) => /bestaat al/i.test(e.message)),
      );
      for (const [w, errors] of blamed) {
        if (taken.some(([t]) => t === w)) continue;
        outcomes.push(await this.finishRejected(w, errors.map(cashError)));
      }
      if (taken.length > 0) {
        outcomes.push(
          ...(await this.resolveTakenNumbers(
            administration,
            taken.map(([w]) => w),
          )),
        );
      }
      remaining = remaining.filter((w) => !blamed.has(w));
    }
    return outcomes;
  }

  /**
   * CASH says our number is in use. If the boekstuk there carries our reference, an earlier attempt of ours
   * landed after all (say, a timed-out invocation): that is our booking. Otherwise someone booked that number
   * by hand: move past it and plan again on redelivery.
   */
  private async resolveTakenNumbers(administration: string, taken: Work[]): Promise<EventOutcome[]> {
    let ours: Set<string>;
    try {
      ours = await this.options.cash.findExisting(
        administration,
        taken.map((w) => ({ event: w.event, plan: w.plan })),
      );
    } catch (error) {
      return this.releaseForRetry(taken, `checking a used number failed: ${message(error)}`);
    }
    const bookedAt = this.now().toISOString();
    const found = taken.filter((w) => ours.has(w.plan.reference));
    const foreign = taken.filter((w) => !ours.has(w.plan.reference));
    const outcomes = await this.finishBooked(
      found.map((w) => ({ w, cash: { bookedAt, ...keysOf(w.plan) } })),
      'number in use by our own earlier attempt',
    );
    for (const w of foreign) await this.skipTakenNumber(administration, w);
    if (foreign.length > 0)
      outcomes.push(
        ...(await this.releaseForRetry(foreign, 'number already used in CASH; a new one is reserved', {
          dropPlan: true,
        })),
      );
    return outcomes;
  }

  /**
   * Fixes every natural key before the first attempt. Returns the events that cannot get a number (their
   * relation range is full); they fail with that reason instead of getting a number outside the range.
   */
  private async planKeys(
    administration: string,
    work: Work[],
    batchId: string,
  ): Promise<Map<Work, DocumentError[]>> {
    const { numbers, cash } = this.options;
    const unnumbered = new Map<Work, DocumentError[]>();
    const needs = new Map<string, { scope: NumberScope; items: Work[] }>();
    for (const w of work) {
      w.plan = { ...w.plan, batchId };
      const event = w.event;
      let scope: NumberScope | undefined;
      if (event.type === 'journal-entry.book') {
        const year = Number(event.data.date.slice(0, 4));
        w.plan.journal = event.data.journal;
        w.plan.year = year;
        if (event.data.entryNumber) w.plan.entryNumber = event.data.entryNumber;
        else if (!w.plan.entryNumber) scope = { kind: 'entry', journal: event.data.journal, year };
      } else if (event.type === 'relation.upsert') {
        if (event.data.relationNumber) w.plan.relationNumber = event.data.relationNumber;
        else if (!w.plan.relationNumber) scope = this.relationScope(administration, event.data.roles);
      } else if (event.type === 'sales-order.create') {
        if (event.data.orderNumber) w.plan.orderNumber = event.data.orderNumber;
        else if (!w.plan.orderNumber) scope = { kind: 'order' };
      }
      if (scope) {
        const k = JSON.stringify(scope);
        const need = needs.get(k) ?? { scope, items: [] };
        need.items.push(w);
        needs.set(k, need);
      }
    }
    for (const { scope, items } of needs.values()) {
      const first = await numbers.reserve(administration, scope, items.length, () =>
        cash.firstFreeNumber(administration, scope),
      );
      items.forEach((w, i) => {
        const n = first + i;
        if (scope.kind === 'entry') w.plan.entryNumber = n;
        else if (scope.kind === 'relation') {
          if (scope.range && n > scope.range.to)
            unnumbered.set(w, [rangeFull(administration, scope.range, n)]);
          else w.plan.relationNumber = String(n);
        } else w.plan.orderNumber = n;
      });
    }
    return unnumbered;
  }

  /** Where a new relation with these roles gets its number: its role's range, if the administration has ranges. */
  private relationScope(
    administration: string,
    roles: ReadonlyArray<'customer' | 'supplier'>,
  ): NumberScope & { kind: 'relation' } {
    const numbering = this.options.relationNumbering?.[administration];
    return numbering ? { kind: 'relation', range: relationRangeFor(numbering, roles) } : { kind: 'relation' };
  }

  /** Relation numbers for `relationRef`s: from relations in this batch, else from their booked documents. */
  private async relationNumbersFor(work: Work[]): Promise<Map<string, string>> {
    const known = new Map<string, string>();
    for (const w of work) {
      if (w.event.type === 'relation.upsert' && w.plan.relationNumber)
        known.set(w.event.source.externalId, w.plan.relationNumber);
    }
    const wanted = new Map<string, string>();
    for (const w of work) {
      for (const ref of relationRefs(w.event)) {
        if (!known.has(ref))
          wanted.set(eventId(w.event.tenant, w.event.source.connector, ref, 'relation.upsert'), ref);
      }
    }
    if (wanted.size > 0) {
      const docs = await this.options.documents.getMany([...wanted.keys()]);
      for (const [id, ref] of wanted) {
        const doc = docs.get(id);
        const number =
          doc?.cash?.relationNumber ?? (doc?.status === 'booked' ? doc.plan?.relationNumber : undefined);
        if (number) known.set(ref, number);
      }
    }
    return known;
  }

  private async skipTakenNumber(administration: string, w: Work): Promise<void> {
    const p = w.plan;
    if (p.entryNumber && p.journal && p.year)
      await this.options.numbers.bumpTo(
        administration,
        { kind: 'entry', journal: p.journal, year: p.year },
        p.entryNumber,
      );
    if (p.orderNumber) await this.options.numbers.bumpTo(administration, { kind: 'order' }, p.orderNumber);
    if (p.relationNumber && w.event.type === 'relation.upsert' && !w.event.data.relationNumber)
      await this.options.numbers.bumpTo(
        administration,
        this.relationScope(administration, w.event.data.roles),
        Number(p.relationNumber),
      );
  }

  private async finishBooked(
    items: Array<{ w: Work; cash: CashResult }>,
    note?: string,
  ): Promise<EventOutcome[]> {
    const { settlements } = this.options;
    if (settlements) {
      await mapLimit(items, 16, ({ w, cash }) =>
        settlements.booked(w.event, cash).catch((error: unknown) => {
          this.log('warn', 'recording the settled open items failed', {
            id: w.event.id,
            error: message(error),
          });
        }),
      );
    }
    const docs = items.map(({ w, cash }) =>
      this.withStatus({ ...w.doc, plan: w.plan, cash, errors: undefined }, 'booked', note),
    );
    await this.options.documents.putMany(docs);
    await mapLimit(items, 16, ({ w, cash }) =>
      this.options.claims.complete(w.event, { status: 'booked', ...cash }),
    );
    if (items.length > 0 && this.options.afterBooked) {
      await this.options
        .afterBooked(items.map(({ w, cash }) => ({ event: w.event, cash })))
        .catch((error: unknown) => {
          this.log('warn', 'after-booking hook failed', { error: message(error) });
        });
    }
    return items.map(({ w, cash }) => ({ id: w.event.id, outcome: 'booked', cash }));
  }

  private async finishRejected(w: Work, errors: DocumentError[]): Promise<EventOutcome> {
    // The plan is dropped: nothing of this event is in CASH, and a corrected resend starts afresh.
    const doc = this.withStatus(
      { ...w.doc, plan: undefined, errors },
      'rejected',
      errors.map((e) => e.message).join('; '),
    );
    await this.options.documents.putMany([doc]);
    await this.options.settlements?.cancel(w.event).catch((error: unknown) => {
      this.log('warn', 'dropping the settlements of a refused booking failed', {
        id: w.event.id,
        error: message(error),
      });
    });
    await this.options.claims.release(w.event);
    return { id: w.event.id, outcome: 'rejected', errors };
  }

  private async releaseForRetry(
    work: Work[],
    reason: string,
    opts: { dropPlan?: boolean } = {},
  ): Promise<EventOutcome[]> {
    const outcomes: EventOutcome[] = [];
    const docs: DocumentRecord[] = [];
    for (const w of work) {
      const attempts = w.doc.attempts ?? 0;
      const failed = attempts >= this.maxAttempts;
      const base = opts.dropPlan ? { ...w.doc, plan: undefined } : w.doc;
      docs.push(
        this.withStatus(
          { ...base, errors: [{ source: 'system', message: reason }] },
          failed ? 'failed' : 'queued',
          reason,
        ),
      );
      outcomes.push({ id: w.event.id, outcome: 'retry', reason });
    }
    await this.options.documents.putMany(docs);
    await mapLimit(work, 16, (w) => this.options.claims.release(w.event));
    return outcomes;
  }

  private async recordInvalid(id: string, input: unknown, errors: DocumentError[]): Promise<void> {
    const raw = (input && typeof input === 'object' ? input : {}) as Partial<NormalizedEvent>;
    const now = this.now().toISOString();
    const doc: DocumentRecord = {
      id,
      tenant: String(raw.tenant ?? 'unknown'),
      administration: String(raw.administration ?? 'unknown'),
      type: String(raw.type ?? 'unknown'),
      source: (raw.source as DocumentRecord['source']) ?? { connector: 'unknown', externalId: id },
      status: 'rejected',
      payloadHash: payloadHash(input),
      attempts: 0,
      errors,
      history: [{ status: 'rejected', at: now, note: 'invalid event' }],
      createdAt: now,
      updatedAt: now,
    };
    await this.options.documents.putMany([doc]);
  }

  private newDocument(event: NormalizedEvent): DocumentRecord {
    const now = this.now().toISOString();
    return {
      id: event.id,
      tenant: event.tenant,
      administration: event.administration,
      type: event.type,
      source: event.source,
      status: 'queued',
      payloadHash: payloadHash(event.data),
      attempts: 0,
      history: [{ status: 'queued', at: now, note: 'first seen by the writer' }],
      createdAt: now,
      updatedAt: now,
    };
  }

  private withStatus(doc: DocumentRecord, status: DocumentStatus, note?: string): DocumentRecord {
    const at = this.now().toISOString();
    const history = [
      ...(doc.history ?? []),
      { status, at, ...(note ? { note: note.slice(0, 500) } : {}) },
    ].slice(-50);
    return { ...doc, status, updatedAt: at, history };
  }
}

const ROLE_NAMES = { customer: 'customers (debiteuren)', supplier: 'suppliers (crediteuren)' } as const;

function rangeFull(
  administration: string,
  range: { role: 'customer' | 'supplier'; from: number; to: number },
  next: number,
): DocumentError {
  return {
    source: 'mapping',
    path: 'data.relationNumber',
    rule: 'relation-number-range-full',
    value: String(next),
    message:
      `relation number range ${describeRange(range)} for ${ROLE_NAMES[range.role]} of administration ` +
      `${administration} is full; widen relationNumbering.${range.role} in the tenant file or send a relationNumber`,
  };
}

function keysOf(plan: WritePlan): Partial<CashResult> {
  return {
    ...(plan.journal ? { journal: plan.journal } : {}),
    ...(plan.entryNumber ? { entryNumber: plan.entryNumber } : {}),
    ...(plan.relationNumber ? { relationNumber: plan.relationNumber } : {}),
    ...(plan.orderNumber ? { orderNumber: plan.orderNumber } : {}),
  };
}

function relationRefs(event: NormalizedEvent): string[] {
  if (event.type === 'journal-entry.book')
    return event.data.lines.flatMap((l) => (l.relationRef ? [l.relationRef] : []));
  if (event.type === 'sales-order.create' && event.data.customer.relationRef)
    return [event.data.customer.relationRef];
  return [];
}

function resolveRelationRefs(
  event: NormalizedEvent,
  known: Map<string, string>,
): { relationNumbers?: Record<string, string> } {
  const refs = relationRefs(event);
  if (refs.length === 0) return {};
  const relationNumbers: Record<string, string> = {};
  for (const ref of refs) {
    const n = known.get(ref);
    if (n) relationNumbers[ref] = n;
  }
  return { relationNumbers };
}

/** Maps CASH's 1-based record lines back to the events that produced them. */
function blame(work: Work[], errors: CashRejection[]): Map<Work, CashRejection[]> {
  const owners: Work[] = [];
  for (const w of work) for (let i = 0; i < w.records.length; i++) owners.push(w);
  const blamed = new Map<Work, CashRejection[]>();
  for (const error of errors) {
    const owner = error.line !== undefined ? owners[error.line - 1] : undefined;
    if (!owner) continue;
    blamed.set(owner, [...(blamed.get(owner) ?? []), error]);
  }
  return blamed;
}

function cashError(e: CashRejection): DocumentError {
  return {
    source: 'cash',
    message: e.message,
    ...(e.rubriek ? { rubriek: e.rubriek } : {}),
    ...(e.value !== undefined ? { value: e.value } : {}),
    ...(e.line !== undefined ? { line: e.line } : {}),
  };
}

function chunkWork(work: Work[], maxRecords: number): Work[][] {
  const chunks: Work[][] = [];
  let current: Work[] = [];
  let size = 0;
  for (const w of work) {
    if (size + w.records.length > maxRecords && current.length > 0) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(w);
    size += w.records.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function guessId(input: unknown): string {
  const id = (input as { id?: unknown } | null)?.id;
  return typeof id === 'string' && /^evt_[0-9a-f]{32}$/.test(id) ? id : `invalid_${payloadHash(input)}`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
