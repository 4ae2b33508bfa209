import type { DocumentStore } from '../../documents/index.ts';
import type { MirrorStore } from '../../mirror/index.ts';
import type { BankImportSettings } from '../../tenant/index.ts';
import {
  DEFAULT_TOLERANCE,
  type InvoiceMatch,
  type LearnedFact,
  learn,
  type MatchCorrection,
  type MatchDecision,
  toBookingEvent,
  withinShortPaymentTolerance,
} from '../matching/index.ts';
import type { BankEntry } from '../statement.ts';
import { BankAccountDirectory, controlAccounts } from './bank-account-directory.ts';
import { matcherOptions } from './bank-import-settings.ts';
import type { DynamoMatchMemory } from './dynamo-match-memory.ts';
import { BankCorrectionError } from './errors.ts';
import { MirrorOpenItemSource } from './mirror-open-items.ts';
import { type EventSink, publishSettling } from './settling-publisher.ts';
import { BANK_IMPORT_CONNECTOR, bankEntryDocumentId } from './statement-plan.ts';

/** A person's confirmation or correction of one bank line, as the partner API receives it. */
export interface BankCorrectionRequest {
  administration: string;
  importId: string;
  relationNumber?: string;
  ledgerAccount?: string;
  vatCode?: string;
  /** Invoices the line pays; needed to book a payment to a relation. */
  invoiceNumbers?: string[];
  /** ISO date of the confirmation; defaults to the line's booking date. */
  confirmedAt?: string;
  /** Book the line now (default). `false` only teaches the memory. */
  book?: boolean;
  /** The line itself, when no review document holds it (e.g. it was booked automatically). */
  entry?: BankEntry;
  /** The statement's account (IBAN) for such a line. */
  account?: string;
}

export interface BankCorrectionDeps {
  tenant: string;
  documents: DocumentStore;
  publisher: EventSink;
  memory: DynamoMatchMemory;
  mirror: Pick<MirrorStore, 'read' | 'readOpenItems' | 'settlements'>;
  settings: BankImportSettings;
}

export type CorrectionBooking =
  | { status: 'queued' | 'already-final'; eventId: string }
  | { status: 'conflict' | 'not-booked'; eventId?: string; reason: string };

export interface BankCorrectionResult {
  importId: string;
  documentId: string;
  learned: LearnedFact[];
  memoryVersion: number;
  booking: CorrectionBooking;
}

interface ReviewDetails {
  entry?: BankEntry;
  account?: string;
  journal?: string;
  ledgerAccount?: string;
  /** The line was booked to the suspense account (vraagposten). */
  suspense?: boolean;
}

/** Statuses in which the line's own event is with the writer or in CASH: it is not sent again. */
const IN_WRITER = new Set(['queued', 'sending', 'booked', 'duplicate']);

function toleranceCents(amountCents: number, settings: BankImportSettings): number {
  const tolerance = { ...DEFAULT_TOLERANCE, ...settings.tolerance };
  const relative = Math.floor((Math.abs(amountCents) * tolerance.relativeBasisPoints) / 10_000);
  return Math.min(Math.max(tolerance.absoluteCents, relative), tolerance.maxCents);
}

/**
 * The difference a person's match may leave as a payment difference: the rounding tolerance, or for a short
 * payment within the tenant's short-payment tolerance, that shortfall (the invoices are then settled).
 */
function allowedDifference(
  amountCents: number,
  invoices: readonly { outstandingCents: number }[],
  settings: BankImportSettings,
): number {
  const rounding = toleranceCents(amountCents, settings);
  const total = invoices.reduce((sum, item) => sum + item.outstandingCents, 0);
  const shortfall = Math.sign(amountCents) === Math.sign(total) ? Math.abs(total) - Math.abs(amountCents) : 0;
  const tolerance = matcherOptions(settings).shortPaymentTolerance;
  return withinShortPaymentTolerance(shortfall, total, tolerance) ? Math.max(rounding, shortfall) : rounding;
}

/**
 * Splits a payment over the invoices a person named: paid in full (difference within tolerance goes to
 * betalingsverschillen), else in the given order, the last invoice taking what remains.
 */
export function allocatePayment(
  amountCents: number,
  invoices: readonly { invoiceNumber: string; outstandingCents: number }[],
  toleranceCentsAllowed: number,
): InvoiceMatch[] {
  const total = invoices.reduce((sum, item) => sum + item.outstandingCents, 0);
  if (Math.abs(amountCents - total) <= toleranceCentsAllowed) {
    return invoices.map((item) => ({
      invoiceNumber: item.invoiceNumber,
      amountCents: item.outstandingCents,
    }));
  }
  let remaining = amountCents;
  return invoices.map((item, index) => {
    const last = index === invoices.length - 1;
    const share = last
      ? remaining
      : Math.sign(item.outstandingCents) === Math.sign(remaining)
        ? Math.sign(remaining) * Math.min(Math.abs(item.outstandingCents), Math.abs(remaining))
        : 0;
    remaining -= share;
    return { invoiceNumber: item.invoiceNumber, amountCents: share };
  });
}

/**
 * Applies a person's confirmation or correction of a bank line: the memory learns it (IBAN, name,
 * suggested rule; saved with optimistic concurrency) and, unless `book: false`, the line is booked now
 * under the line's own event id, so a review item turns into a booking and the writer books it once.
 * Throws BankCorrectionError for requests that cannot be applied, naming the field.
 */
export async function applyBankCorrection(
  deps: BankCorrectionDeps,
  request: BankCorrectionRequest,
): Promise<BankCorrectionResult> {
  const { tenant, documents, settings } = deps;
  const { administration, importId } = request;
  if (Boolean(request.relationNumber) === Boolean(request.ledgerAccount)) {
    throw new BankCorrectionError('relationNumber', 'give either relationNumber or ledgerAccount');
  }
  const documentId = bankEntryDocumentId(tenant, importId);
  const document = await documents.get(documentId);
  if (document && document.administration !== administration) {
    throw new BankCorrectionError(
      'administration',
      `line ${importId} belongs to administration ${document.administration}, not ${administration}`,
    );
  }
  const details = (document?.result ?? {}) as ReviewDetails;
  const entry = details.entry ?? request.entry;
  if (!entry || entry.importId !== importId) {
    throw new BankCorrectionError(
      'importId',
      `no review item for line ${importId} in ${administration}; send the line as entry with its account`,
    );
  }
  const correction: MatchCorrection = {
    importId,
    entry,
    ...(request.relationNumber ? { relationNumber: request.relationNumber } : {}),
    ...(request.ledgerAccount ? { ledgerAccount: request.ledgerAccount } : {}),
    ...(request.vatCode ? { vatCode: request.vatCode } : {}),
    ...(request.invoiceNumbers ? { invoiceNumbers: request.invoiceNumbers } : {}),
    ...(request.confirmedAt ? { confirmedAt: request.confirmedAt } : {}),
  };
  // Invoices are checked before anything is learned, so a wrong request changes nothing.
  const open = request.relationNumber
    ? await new MirrorOpenItemSource(deps.mirror).load(administration, new Set([documentId]))
    : undefined;
  const chosen = (request.invoiceNumbers ?? []).map((invoiceNumber) => {
    const item = open?.items.find(
      (candidate) =>
        candidate.relationNumber === request.relationNumber && candidate.invoiceNumber === invoiceNumber,
    );
    if (!item) {
      throw new BankCorrectionError(
        'invoiceNumbers',
        `invoice ${invoiceNumber} of relation ${request.relationNumber ?? '(none)'} is not open in the CASH mirror`,
      );
    }
    if (item.outstandingCents === 0) {
      const by = (item.settledBy ?? []).map((settled) => settled.label).join(', ');
      throw new BankCorrectionError(
        'invoiceNumbers',
        `invoice ${invoiceNumber} of relation ${request.relationNumber} is already settled by ${by}`,
      );
    }
    return item;
  });
  const saved = await deps.memory.update(administration, (memory) => {
    const result = learn(memory, correction);
    return { memory: result.memory, value: result.learned };
  });
  const base = { importId, documentId, learned: saved.value, memoryVersion: saved.version };
  if (request.book === false) {
    return { ...base, booking: { status: 'not-booked', reason: 'only learned, as asked' } };
  }
  // A suspense line is moved out with its own entry in the memorial journal; its suspense booking stands.
  const reclassify = details.suspense === true;
  if (reclassify && !(settings.memorialJournal && settings.suspenseAccount)) {
    return {
      ...base,
      booking: {
        status: 'not-booked',
        reason:
          'line was booked to the suspense account; set memorialJournal in the bank-import settings to move it, or move it in CASH',
      },
    };
  }
  if (!reclassify && document && IN_WRITER.has(document.status)) {
    return {
      ...base,
      booking: {
        status: 'not-booked',
        reason: `line is already ${document.status === 'booked' || document.status === 'duplicate' ? 'booked in CASH' : `with the writer (${document.status})`}; the memory learned the correction, change the booking in CASH`,
      },
    };
  }

  let matches: InvoiceMatch[] = [];
  let debtors: ReturnType<typeof controlAccounts> = {};
  if (request.relationNumber) {
    const wanted = request.invoiceNumbers ?? [];
    if (wanted.length === 0) {
      return {
        ...base,
        booking: {
          status: 'not-booked',
          reason: `give invoiceNumbers to book the payment to relation ${request.relationNumber}; learned only`,
        },
      };
    }
    matches = allocatePayment(
      entry.amountCents,
      chosen,
      allowedDifference(entry.amountCents, chosen, settings),
    );
    debtors = controlAccounts(settings, open?.mirrorItems ?? []);
  }

  const account = details.account ?? request.account;
  if (!account) throw new BankCorrectionError('account', `the account of line ${importId} is not known`);
  const bank =
    details.journal && details.ledgerAccount
      ? { journal: details.journal, ledgerAccount: details.ledgerAccount }
      : new BankAccountDirectory(
          administration,
          settings,
          await deps.mirror.read(administration, 'journals'),
          await deps.mirror.read(administration, 'ledgerAccounts'),
        ).resolve({ account, bank: 'generic' });
  // Reclassification: the suspense account plays the bank line's part, under a new import id of its own.
  const booked = reclassify
    ? {
        entry: { ...entry, importId: `${importId}:reclass` },
        account: 'suspense',
        journal: settings.memorialJournal as string,
        ledgerAccount: settings.suspenseAccount as string,
      }
    : { entry, account, journal: bank.journal, ledgerAccount: bank.ledgerAccount };
  const allocated = matches.reduce((sum, match) => sum + match.amountCents, 0);
  const decision: MatchDecision = {
    importId,
    decision: 'auto',
    ...(request.relationNumber ? { relationNumber: request.relationNumber } : {}),
    ...(request.ledgerAccount ? { ledgerAccount: request.ledgerAccount } : {}),
    ...(request.vatCode ? { vatCode: request.vatCode } : {}),
    matches,
    differenceCents: entry.amountCents - allocated,
    confidence: 1,
    reasons: ['confirmed by a person'],
    candidates: [],
  };
  const result = toBookingEvent(booked.entry, decision, {
    tenant,
    administration,
    account: booked.account,
    accounts: { [booked.account]: { journal: booked.journal, ledgerAccount: booked.ledgerAccount } },
    connector: BANK_IMPORT_CONNECTOR,
    ...debtors,
    ...(settings.differenceAccount ? { differenceAccount: settings.differenceAccount } : {}),
  });
  if (result.status !== 'booked') {
    return { ...base, booking: { status: 'not-booked', reason: result.reason } };
  }
  const [outcome] = await publishSettling(deps.mirror.settlements, deps.publisher, [result.event]);
  if (!outcome || outcome.status === 'invalid') {
    return {
      ...base,
      booking: { status: 'not-booked', reason: outcome?.message ?? 'the writer queue refused the booking' },
    };
  }
  if (outcome.status === 'conflict') {
    return { ...base, booking: { status: 'conflict', eventId: outcome.id, reason: outcome.message } };
  }
  return { ...base, booking: { status: outcome.status, eventId: outcome.id } };
}
