import type { DocumentRecord, DocumentStore } from '../../documents/index.ts';
import type { MirrorStore } from '../../mirror/index.ts';
import { mapLimit } from '../../runtime/event-publisher.ts';
import type { BankImportSettings } from '../../tenant/index.ts';
import { Matcher } from '../matching/index.ts';
import type { BankStatement } from '../statement.ts';
import { BankAccountDirectory, controlAccounts } from './bank-account-directory.ts';
import { matcherOptions } from './bank-import-settings.ts';
import type { DynamoMatchMemory } from './dynamo-match-memory.ts';
import { MirrorNotSyncedError } from './errors.ts';
import { MirrorOpenItemSource } from './mirror-open-items.ts';
import { type EventSink, publishSettling } from './settling-publisher.ts';
import {
  BANK_IMPORT_CONNECTOR,
  bankEntryDocumentId,
  planStatements,
  type ReviewItem,
  type StatementOutcome,
} from './statement-plan.ts';

/** Document statuses after which a line is in the writer's hands and is not decided again. */
const HANDLED = new Set(['queued', 'sending', 'booked', 'duplicate']);

export interface BankStatementImporterDeps {
  tenant: string;
  documents: DocumentStore;
  publisher: EventSink;
  memory: Pick<DynamoMatchMemory, 'load'>;
  mirror: Pick<MirrorStore, 'read' | 'readOpenItems' | 'settlements'>;
  /**
   * How long an import waits for a mirror that was never synced (a stack's, or a fresh local hub's first
   * minutes) before it fails with MirrorNotSyncedError to be retried; default 20 s, polled every 0.5 s.
   */
  mirrorWaitMs?: number;
}

const MIRROR_POLL_MS = 500;

/** Where the statements came from, recorded on each review document. */
export interface ImportOrigin {
  fileDocumentId?: string;
  bucket?: string;
  key?: string;
}

export interface BankImportCounts {
  statements: number;
  rejectedStatements: number;
  entries: number;
  auto: number;
  proposals: number;
  none: number;
  suspense: number;
  alreadyHandled: number;
  queued: number;
  alreadyBooked: number;
  conflicts: number;
}

export interface BankImportSummary {
  administration: string;
  counts: BankImportCounts;
  statements: StatementOutcome[];
  /** Ids of the booking events handed to the writer in this run. */
  eventIds: string[];
  /** Document ids of lines waiting for review. */
  reviewIds: string[];
  /** Document ids of lines an earlier run already handed to the writer. */
  alreadyHandledIds: string[];
  /** Problems a person must see (bad open items in the mirror, refused events). */
  problems: string[];
}

/**
 * Books the statements of one source (a file, an API pull) for one administration: loads open items,
 * journals and the match memory, plans every line, writes a review document per line that waits for a
 * person and publishes the bookings. Lines already handed to the writer by an earlier run are skipped.
 */
export class BankStatementImporter {
  constructor(private readonly deps: BankStatementImporterDeps) {}

  /**
   * A CASH administration always has journals: a mirror without any has not been synced yet (a new stack,
   * a fresh local hub's first seconds; the writer's own updates do not write journals), and statements
   * imported against it would find no bank journal and no open item. Waits for the first sync a while,
   * then fails retryably.
   */
  private async waitForMirror(administration: string): Promise<void> {
    const waitMs = this.deps.mirrorWaitMs ?? 20_000;
    const started = Date.now();
    for (;;) {
      const journals = await this.deps.mirror.read(administration, 'journals');
      if (journals.length > 0) return;
      if (Date.now() - started >= waitMs) throw new MirrorNotSyncedError(administration, waitMs);
      await new Promise((resolve) => setTimeout(resolve, MIRROR_POLL_MS));
    }
  }

  async import(
    administration: string,
    settings: BankImportSettings,
    statements: readonly BankStatement[],
    origin: ImportOrigin = {},
  ): Promise<BankImportSummary> {
    const { tenant, documents, mirror } = this.deps;
    const ids = statements.flatMap((statement) =>
      statement.entries.map((entry) => bankEntryDocumentId(tenant, entry.importId)),
    );
    const existing = ids.length > 0 ? await documents.getMany(ids) : new Map<string, DocumentRecord>();
    const handled = new Set([...existing.values()].filter((d) => HANDLED.has(d.status)).map((d) => d.id));
    // A line decided again (an earlier run reserved its settlement, then stopped) must not meet its own.
    const decidedAgain = new Set(ids.filter((id) => !handled.has(id)));
    await this.waitForMirror(administration);
    const [openItems, journals, ledgerAccounts, memory] = await Promise.all([
      new MirrorOpenItemSource(mirror).load(administration, decidedAgain),
      mirror.read(administration, 'journals'),
      mirror.read(administration, 'ledgerAccounts'),
      this.deps.memory.load(administration),
    ]);
    const plan = planStatements(statements, {
      tenant,
      administration,
      settings,
      directory: new BankAccountDirectory(administration, settings, journals, ledgerAccounts),
      matcher: new Matcher(openItems.items, memory.memory, matcherOptions(settings)),
      handled,
      ...controlAccounts(settings, openItems.mirrorItems),
    });

    const now = new Date().toISOString();
    // Booked lines keep their details too: why they were booked, and for suspense lines what a correction needs.
    const lines = [
      ...plan.reviews.map((line) => ({ line, status: 'review' as const })),
      ...plan.bookings.flatMap((booking) => [{ line: booking.line, status: 'received' as const }]),
    ];
    await mapLimit(lines, 16, ({ line, status }) =>
      this.writeLine(administration, line, origin, existing.get(line.documentId), now, status),
    );
    const events = plan.bookings.map((b) => b.event);
    const outcomes = await publishSettling(mirror.settlements, this.deps.publisher, events);
    const problems = [...openItems.errors.map((error) => `CASH mirror: ${error}`)];
    let queued = 0;
    let alreadyBooked = 0;
    let conflicts = 0;
    for (const outcome of outcomes) {
      if (outcome.status === 'queued') queued++;
      else if (outcome.status === 'already-final') alreadyBooked++;
      else {
        conflicts++;
        problems.push(outcome.message);
      }
    }
    const sum = (field: keyof StatementOutcome) =>
      plan.statements.reduce(
        (total, s) => total + (typeof s[field] === 'number' ? (s[field] as number) : 0),
        0,
      );
    return {
      administration,
      counts: {
        statements: plan.statements.length,
        rejectedStatements: plan.statements.filter((s) => s.status === 'rejected').length,
        entries: sum('entries'),
        auto: sum('auto'),
        proposals: sum('proposals'),
        none: sum('none'),
        suspense: sum('suspense'),
        alreadyHandled: sum('alreadyHandled'),
        queued,
        alreadyBooked,
        conflicts,
      },
      statements: plan.statements,
      eventIds: plan.bookings.map((booking) => booking.event.id),
      reviewIds: plan.reviews.map((review) => review.documentId),
      alreadyHandledIds: plan.alreadyHandled,
      problems,
    };
  }

  /**
   * One document per line: a waiting line (status review) with the reasons and the candidates to choose
   * from; a booked line with the same details before its booking is queued (the queue then takes it over).
   */
  private async writeLine(
    administration: string,
    review: ReviewItem,
    origin: ImportOrigin,
    existing: DocumentRecord | undefined,
    now: string,
    status: 'review' | 'received',
  ): Promise<void> {
    const { decision } = review;
    const patch: Partial<DocumentRecord> = {
      id: review.documentId,
      tenant: this.deps.tenant,
      administration,
      type: 'journal-entry.book',
      source: {
        connector: BANK_IMPORT_CONNECTOR,
        externalId: review.importId,
        ...(origin.bucket && origin.key ? { document: { bucket: origin.bucket, key: origin.key } } : {}),
      },
      kind: 'event',
      ...(origin.fileDocumentId ? { fileDocumentId: origin.fileDocumentId } : {}),
      result: {
        importId: review.importId,
        account: review.account,
        statementId: review.statementId,
        journal: review.journal,
        ledgerAccount: review.ledgerAccount,
        entry: review.entry,
        decision: decision.decision,
        confidence: decision.confidence,
        reasons: decision.reasons,
        reason: review.reason,
        suspense: review.suspense === true,
      },
      proposal: {
        ...(decision.relationNumber ? { relationNumber: decision.relationNumber } : {}),
        ...(decision.ledgerAccount ? { ledgerAccount: decision.ledgerAccount } : {}),
        matches: decision.matches,
        candidates: decision.candidates,
      },
      ...(existing ? {} : { payloadHash: '', attempts: 0, createdAt: now }),
    };
    const note = `${review.reason}: ${decision.reasons.join('; ') || 'no candidates'}`.slice(0, 1000);
    await this.deps.documents.transition(review.documentId, status, patch, note);
  }
}
