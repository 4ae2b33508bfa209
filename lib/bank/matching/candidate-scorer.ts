import { citationForms, unexplainedCitations } from './cited-invoices.ts';
import {
  addCandidateSet,
  combine,
  dayNumber,
  euros,
  type ReferenceHit,
  type RelationEvidence,
  round3,
} from './line-evidence.ts';
import type { LineFindings } from './line-findings.ts';
import { type ResolvedOptions, roundingTolerance } from './matcher-options.ts';
import type { IndexedItem, OpenItemIndex } from './open-item-index.ts';
import { mentionsDiscount, withinShortPaymentTolerance } from './short-payments.ts';
import { findSubsetSums } from './subset-sum.ts';
import type { InvoiceMatch, MatchCandidate } from './types.ts';

/** Citation forms per open item, worked out once per run (an item is scored against many lines). */
const FORMS = new WeakMap<IndexedItem, string[]>();

function formsOf(indexed: IndexedItem): string[] {
  let forms = FORMS.get(indexed);
  if (!forms) {
    forms = citationForms(indexed.item.invoiceNumber, indexed.item.paymentReference);
    FORMS.set(indexed, forms);
  }
  return forms;
}

/** The set's items settled for what is outstanding on each. */
function inFull(set: readonly IndexedItem[]): InvoiceMatch[] {
  return set.map((indexed) => ({
    invoiceNumber: indexed.item.invoiceNumber,
    amountCents: indexed.remaining,
  }));
}

/** Reference hits that name an invoice by itself (not the loose digit and short-number forms). */
const NAMING_HITS = new Set(['payment-reference', 'invoice-number']);

/**
 * Builds and scores the candidate sets of open items of one relation for a line: the cited items, items of
 * the amount, invoice minus credit note, subset sums; then partial payments, short payments within the
 * tenant's tolerance, and references in the text that name another invoice (which forbid booking alone).
 */
export class CandidateScorer {
  constructor(
    private readonly index: OpenItemIndex,
    private readonly options: ResolvedOptions,
  ) {}

  relationCandidates(
    line: LineFindings,
    relation: string,
    relationEvidence: RelationEvidence | undefined,
  ): MatchCandidate[] {
    const { entry, hits } = line;
    const amount = entry.amountCents;
    const sign = Math.sign(amount);
    const tolerance = roundingTolerance(this.options, amount);
    // One pass over the relation's items: those of the entry's sign (active), and the cited ones of that
    // sign and of both signs (invoice minus credit note), each in index order.
    const all = this.index.byRelation.get(relation) ?? [];
    const active: IndexedItem[] = [];
    const cited: IndexedItem[] = [];
    const citedBothSigns: IndexedItem[] = [];
    for (const indexed of all) {
      const ofSign = Math.sign(indexed.remaining) === sign;
      if (ofSign) active.push(indexed);
      if (indexed.remaining !== 0 && hits.has(indexed)) {
        citedBothSigns.push(indexed);
        if (ofSign) cited.push(indexed);
      }
    }
    const sets: IndexedItem[][] = [];
    const seen = new Set<string>();
    for (const indexed of cited) addCandidateSet(sets, seen, [indexed]);
    if (cited.length >= 2 && cited.length <= 12) addCandidateSet(sets, seen, cited);
    // Invoice minus credit note (factuur minus creditnota), when the payer cites both.
    if (citedBothSigns.length > cited.length && cited.length >= 1 && citedBothSigns.length <= 12)
      addCandidateSet(sets, seen, citedBothSigns);
    const pool =
      active.length > 200
        ? (this.index.byAmount.get(amount) ?? []).filter((i) => i.item.relationNumber === relation)
        : active;
    for (const indexed of pool) {
      if (Math.abs(indexed.remaining - amount) <= tolerance) addCandidateSet(sets, seen, [indexed]);
    }
    const fullyCovered = sets.some(
      (set) => Math.abs(set.reduce((sum, i) => sum + i.remaining, 0) - amount) <= tolerance,
    );
    if (!fullyCovered && active.length >= 2 && ((relationEvidence?.weight ?? 0) >= 0.7 || cited.length > 0)) {
      // One payment for several invoices: bounded subset search, cited items first, then oldest first.
      const ordered = [...active]
        .sort(
          (a, b) =>
            Number(hits.has(b)) - Number(hits.has(a)) ||
            a.item.invoiceDate.localeCompare(b.item.invoiceDate) ||
            a.position - b.position,
        )
        .slice(0, this.options.subsetMaxCandidates);
      const solutions = findSubsetSums(
        ordered.map((indexed) => Math.abs(indexed.remaining)),
        Math.abs(amount),
        {
          maxItems: this.options.subsetMaxItems,
          minItems: 2,
          toleranceCents: tolerance,
          maxSolutions: 3,
          maxSteps: 50_000,
        },
      );
      for (const solution of solutions)
        addCandidateSet(
          sets,
          seen,
          solution.map((index) => ordered[index] as IndexedItem),
        );
    }
    return sets.map((set) =>
      this.scoreSet(line, relation, set, relationEvidence, tolerance, cited.length, active),
    );
  }

  /**
   * The references in the line that name an invoice outside the set: cited tokens the set's numbers and
   * references do not explain, and indexed hits on other open items with another number.
   */
  private foreignCitations(line: LineFindings, set: readonly IndexedItem[]): string[] {
    const forms = new Set<string>();
    for (const indexed of set) for (const form of formsOf(indexed)) forms.add(form);
    const noneOnFile = set.every(({ item }) => !item.paymentReference);
    const foreign = unexplainedCitations(
      line.cited,
      forms,
      (reference) => noneOnFile && !this.index.byPaymentReference.has(reference),
    );
    for (const [indexed, hit] of line.hits) {
      if (!NAMING_HITS.has(hit.kind) || set.includes(indexed)) continue;
      if (!formsOf(indexed).some((form) => forms.has(form))) foreign.push(indexed.item.invoiceNumber);
    }
    return [...new Set(foreign)];
  }

  private scoreSet(
    line: LineFindings,
    relation: string,
    set: IndexedItem[],
    relationEvidence: RelationEvidence | undefined,
    tolerance: number,
    citedInRelation: number,
    active: readonly IndexedItem[],
  ): MatchCandidate {
    const { entry, hits, strongRelations } = line;
    const amount = entry.amountCents;
    const ordered = [...set].sort(
      (a, b) => a.item.invoiceDate.localeCompare(b.item.invoiceDate) || a.position - b.position,
    );
    const sum = ordered.reduce((total, indexed) => total + indexed.remaining, 0);
    const difference = amount - sum;
    const reasons: string[] = [...(relationEvidence?.reasons ?? [])];
    const probabilities: number[] = [relationEvidence?.weight ?? 0];
    const notAutomatic: string[] = [];

    const citedInSet = ordered.filter((indexed) => hits.has(indexed));
    if (citedInSet.length > 0) {
      const best = Math.max(...citedInSet.map((indexed) => (hits.get(indexed) as ReferenceHit).weight));
      probabilities.push((best * citedInSet.length) / ordered.length);
      for (const indexed of citedInSet) reasons.push((hits.get(indexed) as ReferenceHit).reason);
    }
    const foreign = this.foreignCitations(line, ordered);
    // The line names its invoices unambiguously: every one by number or reference, and nothing else.
    const namedUnambiguously =
      foreign.length === 0 &&
      citedInSet.length === ordered.length &&
      citedInSet.every((indexed) => NAMING_HITS.has((hits.get(indexed) as ReferenceHit).kind));

    let partial = false;
    let matches: InvoiceMatch[];
    const invoiceList = ordered.map((indexed) => indexed.item.invoiceNumber).join(', ');
    const short = Math.sign(amount) === Math.sign(sum) && Math.abs(amount) < Math.abs(sum);
    let cap = 1;
    if (difference === 0) {
      probabilities.push(ordered.length === 1 ? 0.6 : citedInSet.length === ordered.length ? 0.6 : 0.5);
      reasons.push(
        ordered.length === 1
          ? `amount ${euros(amount)} equals invoice ${invoiceList}`
          : `amount ${euros(amount)} equals the sum of invoices ${invoiceList}`,
      );
      matches = inFull(ordered);
    } else if (Math.abs(difference) <= tolerance) {
      probabilities.push(0.45);
      reasons.push(
        `amount ${euros(amount)} is within ${euros(tolerance)} of ${ordered.length === 1 ? 'invoice' : 'invoices'} ${invoiceList} (payment difference ${euros(difference)})`,
      );
      matches = inFull(ordered);
    } else if (
      short &&
      withinShortPaymentTolerance(Math.abs(difference), sum, this.options.shortPaymentTolerance)
    ) {
      // A discount or costs taken off: the invoice is settled, the difference is a payment difference.
      reasons.push(
        `short payment: ${euros(amount)} of ${euros(sum)} on ${invoiceList}, ${euros(-difference)} within the tenant's tolerance goes to payment differences`,
      );
      matches = inFull(ordered);
      if (!namedUnambiguously) {
        cap = 0.75;
        notAutomatic.push('a short payment is booked alone only when the line names its invoices');
      }
    } else if (short && ordered.length === 1) {
      partial = true;
      const only = ordered[0] as IndexedItem;
      reasons.push(
        `partial payment: ${euros(amount)} of ${euros(only.remaining)} outstanding on invoice ${only.item.invoiceNumber}`,
      );
      matches = [{ invoiceNumber: only.item.invoiceNumber, amountCents: amount }];
      cap = 0.75;
      const sameAmount = active.find(
        (other) => other !== only && Math.abs(other.remaining - amount) <= tolerance,
      );
      if (!this.options.autoBookPartialPayments) {
        notAutomatic.push('partial payments are proposed, not booked');
      } else if (!namedUnambiguously) {
        notAutomatic.push('a partial payment is booked alone only when the line names its invoice');
      } else if (mentionsDiscount(line.text)) {
        notAutomatic.push(
          `the line speaks of a discount of ${euros(-difference)}, beyond the tenant's tolerance for short payments`,
        );
      } else if (sameAmount) {
        notAutomatic.push(
          `invoice ${sameAmount.item.invoiceNumber} of this relation is open for exactly ${euros(amount)}`,
        );
      } else {
        cap = 1;
        reasons.push(`${euros(only.remaining - amount)} stays open on invoice ${only.item.invoiceNumber}`);
      }
    } else {
      reasons.push(`amount ${euros(amount)} differs from ${euros(sum)} outstanding on ${invoiceList}`);
      matches = inFull(ordered);
      cap = 0.6;
    }

    // Date proximity: paid between (just before) the invoice date and a few months after the due date.
    const paid = dayNumber(entry.bookingDate);
    const earliest = Math.min(
      ...ordered.map((indexed) => dayNumber(indexed.item.invoiceDate) ?? Number.POSITIVE_INFINITY),
    );
    const latest = Math.max(
      ...ordered.map(
        (indexed) => dayNumber(indexed.item.dueDate ?? indexed.item.invoiceDate) ?? Number.NEGATIVE_INFINITY,
      ),
    );
    if (paid !== undefined && Number.isFinite(earliest)) {
      if (paid < earliest - 5) {
        cap = Math.min(cap, 0.8);
        reasons.push(`paid ${earliest - paid} days before the invoice date`);
      } else if (paid <= latest + 120) {
        probabilities.push(0.05);
      }
    }

    if (citedInSet.length === 0 && citedInRelation > 0) {
      // The payer named an invoice of this relation; another one of the same amount is not what they meant.
      cap = Math.min(cap, 0.7);
      reasons.push('the text cites a different invoice of this relation');
    }
    if (foreign.length > 0) {
      // Whether open elsewhere, paid already or unknown: the payer meant something else, or made a mistake.
      cap = Math.min(cap, 0.7);
      notAutomatic.push(
        `the text names ${foreign.length === 1 ? 'invoice or reference' : 'invoices or references'} ${foreign.slice(0, 3).join(', ')}, not ${invoiceList}`,
      );
    }
    if (strongRelations.length > 0 && !strongRelations.includes(relation)) {
      cap = Math.min(cap, 0.8);
      reasons.push(`the counterparty points to relation ${strongRelations.join(', ')}, not ${relation}`);
    }
    const confidence = round3(Math.min(cap, combine(probabilities)));
    const relationName = this.index.relationNames.get(relation);
    return {
      relationNumber: relation,
      ...(relationName ? { relationName } : {}),
      matches,
      confidence,
      reasons: [...new Set([...reasons, ...notAutomatic])],
      differenceCents: partial ? 0 : difference,
      partial,
      ...(notAutomatic.length > 0 ? { notAutomatic } : {}),
    };
  }
}
