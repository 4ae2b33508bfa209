import type { NormalizedEvent } from '../../events/index.ts';
import type { CashRecord } from '../cash/records/index.ts';
import type { DocumentError, WritePlan } from '../documents/index.ts';
import type { RelationRole } from './relation-numbering.ts';

export type ImportOutcome =
  | { status: 'success'; transaction: string }
  | { status: 'delivered'; location: string }
  | { status: 'pending'; transaction: string }
  | { status: 'rejected'; errors: CashRejection[] };

export interface CashRejection {
  message: string;
  /** 1-based position of the failing record in the import. */
  line?: number;
  rubriek?: string;
  value?: string;
  source?: string;
}

export type MappingResult =
  | { ok: true; records: CashRecord[]; invoiceNumbers?: Record<string, string> }
  | { ok: false; issues: DocumentError[] };

export type NumberScope =
  | { kind: 'entry'; journal: string; year: number }
  | { kind: 'relation'; range?: RelationScopeRange }
  | { kind: 'order' };

/** The configured block new relations of one role are numbered in (see `RelationNumbering`). */
export interface RelationScopeRange {
  role: RelationRole;
  from: number;
  to: number;
}

/**
 * What the writer needs from CASH, behind one seam: the REST 4.0 client, the XML outbox for CASHWin, or
 * a test double. Implementations must throw `CashUncertainOutcomeError` when a write may have landed
 * without an answer, `CashUnavailableError`/`CashRateLimitedError` when it surely did not.
 */
export interface CashPort {
  map(event: NormalizedEvent, plan: WritePlan): Promise<MappingResult>;
  submit(administration: string, records: CashRecord[], batchId: string): Promise<ImportOutcome>;
  /**
   * Starts taking the rate-limit token of the coming `submit`, so that round trip overlaps the writer's own
   * last write before it. The token is spent a moment early, never twice. Optional.
   */
  prepareSubmit?(administration: string): void;
  /**
   * Which of these earlier attempts are already in CASH, matched on their natural key (and our reference
   * where CASH keeps it). Returns the plans' references.
   */
  findExisting(
    administration: string,
    attempts: Array<{ event: NormalizedEvent; plan: WritePlan }>,
  ): Promise<Set<string>>;
  /**
   * The first free number in a numbering scope, to seed our reservations. For a relation range: one above
   * the highest number CASH has inside the range, else the range start (`to + 1` means the range is full).
   */
  firstFreeNumber(administration: string, scope: NumberScope): Promise<number>;
}
