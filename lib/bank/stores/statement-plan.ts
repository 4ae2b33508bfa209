import { eventId, type JournalEntryBookEvent } from '../../../events/index.ts';
import type { BankImportSettings } from '../../tenant/index.ts';
import { type BookingContext, type MatchDecision, type Matcher, toBookingEvent } from '../matching/index.ts';
import type { BankEntry, BankStatement } from '../statement.ts';
import { statementRejection } from '../statement-rejection.ts';
import type { BankAccountDirectory } from './bank-account-directory.ts';

export const BANK_IMPORT_CONNECTOR = 'bank-import';

/** The document (and booking event) id of one bank line: derived from its import id only. */
export function bankEntryDocumentId(tenant: string, importId: string): string {
  return eventId(tenant, BANK_IMPORT_CONNECTOR, importId, 'journal-entry.book');
}

export interface StatementOutcome {
  statementId: string;
  account: string;
  status: 'accepted' | 'rejected';
  /** Why a statement was not booked. */
  reason?: string;
  journal?: string;
  entries: number;
  auto: number;
  proposals: number;
  none: number;
  suspense: number;
  /** Lines another run already handed to the writer (re-sent or overlapping statements). */
  alreadyHandled: number;
}

/** A line that waits for a person, with everything needed to book it later. */
export interface ReviewItem {
  documentId: string;
  importId: string;
  account: string;
  statementId: string;
  journal: string;
  ledgerAccount: string;
  entry: BankEntry;
  decision: MatchDecision;
  reason: string;
  /** Booked to the suspense account (vraagposten). */
  suspense?: boolean;
}

export interface PlannedBooking {
  event: JournalEntryBookEvent;
  decision: MatchDecision;
  suspense: boolean;
  /** The line's details and the decision's reasons, kept on its document (a suspense line can be moved later). */
  line: ReviewItem;
}

export interface StatementPlan {
  statements: StatementOutcome[];
  bookings: PlannedBooking[];
  reviews: ReviewItem[];
  /** Document ids of lines skipped because they were already queued or booked. */
  alreadyHandled: string[];
}

export interface PlanContext {
  tenant: string;
  administration: string;
  settings: BankImportSettings;
  directory: BankAccountDirectory;
  matcher: Matcher;
  debtorsAccount?: string;
  creditorsAccount?: string;
  /** Lines already in the writer's hands (status queued, sending, booked, duplicate) by document id. */
  handled?: ReadonlySet<string>;
  occurredAt?: string;
}

/**
 * Decides what happens to each line of the statements of one file: statements that do not add up are
 * rejected whole; otherwise each line is matched, and becomes a booking (`auto`, or suspense when the
 * tenant has a suspense account) or a review item with the decision's reasons; a line the parser flagged
 * (`BankEntry.flags`, e.g. a bank reference seen twice) is always a review item. Pure apart from the
 * matcher consuming open items across the lines of the file.
 */
export function planStatements(statements: readonly BankStatement[], ctx: PlanContext): StatementPlan {
  const plan: StatementPlan = { statements: [], bookings: [], reviews: [], alreadyHandled: [] };
  for (const statement of statements) {
    const account = statement.accountIban ?? statement.account;
    const outcome: StatementOutcome = {
      statementId: statement.statementId,
      account,
      status: 'accepted',
      entries: statement.entries.length,
      auto: 0,
      proposals: 0,
      none: 0,
      suspense: 0,
      alreadyHandled: 0,
    };
    plan.statements.push(outcome);
    const rejection = statementRejection(statement);
    if (rejection) {
      outcome.status = 'rejected';
      outcome.reason = rejection;
      continue;
    }
    let bank: ReturnType<BankAccountDirectory['resolve']>;
    try {
      bank = ctx.directory.resolve(statement);
    } catch (error) {
      outcome.status = 'rejected';
      outcome.reason = error instanceof Error ? error.message : String(error);
      continue;
    }
    outcome.journal = bank.journal;
    const booking: BookingContext = {
      tenant: ctx.tenant,
      administration: ctx.administration,
      account,
      accounts: { [account]: { journal: bank.journal, ledgerAccount: bank.ledgerAccount } },
      connector: BANK_IMPORT_CONNECTOR,
      ...(ctx.debtorsAccount ? { debtorsAccount: ctx.debtorsAccount } : {}),
      ...(ctx.creditorsAccount ? { creditorsAccount: ctx.creditorsAccount } : {}),
      ...(ctx.settings.differenceAccount ? { differenceAccount: ctx.settings.differenceAccount } : {}),
      ...(ctx.settings.suspenseAccount ? { suspenseAccount: ctx.settings.suspenseAccount } : {}),
      ...(ctx.occurredAt ? { occurredAt: ctx.occurredAt } : {}),
    };
    for (const entry of statement.entries) {
      const documentId = bankEntryDocumentId(ctx.tenant, entry.importId);
      if (ctx.handled?.has(documentId)) {
        outcome.alreadyHandled++;
        plan.alreadyHandled.push(documentId);
        continue;
      }
      const decision = ctx.matcher.match(entry);
      const details = (reason: string): ReviewItem => ({
        documentId,
        importId: entry.importId,
        account,
        statementId: statement.statementId,
        journal: bank.journal,
        ledgerAccount: bank.ledgerAccount,
        entry,
        decision,
        reason,
      });
      if (entry.flags?.length) {
        // The statement is booked, this line waits for a person with the parser's reason (and the match).
        plan.reviews.push(details(`not booked automatically: ${entry.flags.join('; ')}`));
        if (decision.decision === 'none') outcome.none++;
        else outcome.proposals++;
        continue;
      }
      const result = toBookingEvent(entry, decision, booking);
      if (result.status === 'booked') {
        plan.bookings.push({
          event: result.event,
          decision,
          suspense: result.suspense,
          line: {
            ...details(
              result.suspense
                ? `booked to suspense account ${ctx.settings.suspenseAccount}`
                : 'booked automatically',
            ),
            suspense: result.suspense,
          },
        });
        if (result.suspense) outcome.suspense++;
        else outcome.auto++;
      } else {
        plan.reviews.push(details(result.reason));
        if (decision.decision === 'none') outcome.none++;
        else outcome.proposals++;
      }
    }
  }
  return plan;
}
