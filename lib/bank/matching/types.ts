import type { BankEntry } from '../statement.ts';
import type { ShortPaymentTolerance } from './short-payments.ts';

/**
 * An open item (openstaande post) from the CASH mirror. `amountCents` is positive for a receivable
 * (debiteur) and negative for a payable (crediteur); `outstandingCents` has the same sign.
 */
export interface OpenItem {
  relationNumber: string;
  relationName: string;
  /** Bank accounts CASH knows for the relation. */
  ibans: string[];
  invoiceNumber: string;
  invoiceDate: string;
  dueDate?: string;
  amountCents: number;
  outstandingCents: number;
  /** Betalingskenmerk or RF reference printed on the invoice. */
  paymentReference?: string;
  /** Recent bookings that took part of it off (CASH's re-read does not show them yet), for the reasons. */
  settledBy?: OpenItemSettledBy[];
}

/** Who settled (part of) an open item and how much, signed like the item. */
export interface OpenItemSettledBy {
  label: string;
  cents: number;
}

export type Direction = 'in' | 'out';

/** Conditions of a rule; all given conditions must hold. */
export interface RuleConditions {
  counterpartyIban?: string;
  /** Normalized name fragment (compared after name normalisation). */
  nameContains?: string;
  /** Case-insensitive fragment of the remittance text. */
  textContains?: string;
  /** Regular expression over the remittance text (case-insensitive). */
  textRegex?: string;
  amountMinCents?: number;
  amountMaxCents?: number;
  direction?: Direction;
}

/** What a rule does: identify the relation, or book to a ledger account (grootboekrekening). */
export interface RuleAction {
  relationNumber?: string;
  ledgerAccount?: string;
  vatCode?: string;
  description?: string;
}

export interface MatchRule {
  id: string;
  origin: 'user' | 'suggested';
  conditions: RuleConditions;
  action: RuleAction;
  /** How many confirmed lines agreed with this rule; suggested rules act alone only after enough. */
  confirmations: number;
  createdAt?: string;
  /** The line the rule was drafted from, for people deciding whether to accept it. */
  draftedFrom?: string;
}

export interface RelationCount {
  count: number;
  lastSeen: string;
}

/** Learned counterparty → relation observations (IBAN or normalized name). */
export interface LearnedCounterparty {
  /** By relation number. Maps, not objects, for everything keyed by outside data (`__proto__` is a name too). */
  relations: Map<string, RelationCount>;
}

export interface DenyList {
  /** IBANs shared by many parties (PSP payouts, factoring, collection agencies). */
  ibans: string[];
  /** Dutch bank codes whose accounts are all shared (e.g. a PSP that is its own bank). */
  bankCodes: string[];
  /** Fragments of normalized counterparty names that mark a shared account. */
  namePatterns: string[];
}

/** The connector's memory per administration: serializable JSON, versioned. */
export interface MatchMemory {
  format: 'cashlink.match-memory';
  version: 1;
  /** By normalized IBAN. */
  ibans: Map<string, LearnedCounterparty>;
  /** By name key (`nameKey`). */
  names: Map<string, LearnedCounterparty>;
  rules: MatchRule[];
  /** Tenant additions to the built-in deny-list. */
  denyList: DenyList;
}

export interface AmountTolerance {
  /** Payment differences up to this many cents count as paid in full. */
  absoluteCents: number;
  /** …or up to this many basis points (10 = 0.1 %) of the amount… */
  relativeBasisPoints: number;
  /** …but never more than this. */
  maxCents: number;
}

export interface MatcherOptions {
  tolerance?: Partial<AmountTolerance>;
  /** Confidence a candidate needs for automatic booking. */
  autoThreshold?: number;
  /** Lead the best candidate needs over the next one. */
  autoMargin?: number;
  /** Confirmations after which a suggested rule acts without a person. */
  suggestedRuleAutoAfter?: number;
  /** Book partial payments automatically when the line names its invoice unambiguously (remainder stays open). */
  autoBookPartialPayments?: boolean;
  /**
   * Short payments (discount, costs taken off) of invoices the line names: within these limits the invoice is
   * settled and the difference booked as a payment difference; every limit given must hold.
   */
  shortPaymentTolerance?: ShortPaymentTolerance;
  /** Subtract automatic matches from the open items, so a second payment of the same invoice is not auto. */
  consumeMatchedItems?: boolean;
  /** Upper bound for the subset search over one relation's items. */
  subsetMaxItems?: number;
  subsetMaxCandidates?: number;
}

export interface InvoiceMatch {
  invoiceNumber: string;
  /** The part of the entry allocated to this invoice, signed like the open item. */
  amountCents: number;
}

export type DecisionKind = 'auto' | 'proposal' | 'none';

export interface MatchCandidate {
  relationNumber?: string;
  /** The relation's name in CASH, for the person choosing between candidates. */
  relationName?: string;
  ledgerAccount?: string;
  matches: InvoiceMatch[];
  confidence: number;
  reasons: string[];
  /** Entry amount minus the allocated amounts (payment difference, betalingsverschil). */
  differenceCents: number;
  partial: boolean;
  /** Why this candidate may not be booked without a person, however confident (e.g. the text names another invoice). */
  notAutomatic?: string[];
}

export interface MatchDecision {
  importId: string;
  decision: DecisionKind;
  relationNumber?: string;
  ledgerAccount?: string;
  vatCode?: string;
  ruleId?: string;
  matches: InvoiceMatch[];
  differenceCents: number;
  confidence: number;
  reasons: string[];
  /** For proposals: the alternatives a person chooses from, best first. */
  candidates: MatchCandidate[];
}

/** A person's confirmation or correction of one line (through the partner API). */
export interface MatchCorrection {
  importId: string;
  entry: BankEntry;
  relationNumber?: string;
  ledgerAccount?: string;
  vatCode?: string;
  invoiceNumbers?: string[];
  /** ISO date of the confirmation; defaults to the entry's booking date. */
  confirmedAt?: string;
}

export interface LearnedFact {
  kind: 'iban' | 'name' | 'rule-suggested' | 'rule-confirmed' | 'iban-refused' | 'iban-shared';
  detail: string;
}

export interface LearnResult {
  memory: MatchMemory;
  learned: LearnedFact[];
}
