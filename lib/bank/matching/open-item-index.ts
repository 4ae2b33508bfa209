import { invoiceShape, isDistinctiveShape } from './cited-invoices.ts';
import { normalizeIban } from './iban.ts';
import { quoteValue } from './input-issues.ts';
import {
  invoiceDigits,
  nameKey,
  nameTokens,
  normalizeInvoiceNumber,
  significantNameTokens,
  splitTradeNames,
  typoKeys,
} from './normalize.ts';
import { normalizePaymentReference } from './references.ts';
import type { OpenItem, OpenItemSettledBy } from './types.ts';

export interface IndexedItem {
  item: OpenItem;
  position: number;
  /** Outstanding amount still free in this run (automatic matches consume it). */
  remaining: number;
  /** What took the rest off: recent bookings (`OpenItem.settledBy`), then the lines of this run. */
  settledBy: OpenItemSettledBy[];
}

export type HitKind = 'payment-reference' | 'invoice-number' | 'invoice-digits' | 'short-number';

export function addToIndex<K, V>(index: Map<K, V[]>, key: K, value: V): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}

export function addToSetIndex<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (set) set.add(value);
  else index.set(key, new Set([value]));
}

function openItemProblem(item: OpenItem): string | undefined {
  if (item === null || typeof item !== 'object') return 'not an object';
  if (typeof item.relationNumber !== 'string' || item.relationNumber === '')
    return `relationNumber ${quoteValue(item.relationNumber)} is not a relation number`;
  if (typeof item.invoiceNumber !== 'string' || item.invoiceNumber === '')
    return `invoiceNumber ${quoteValue(item.invoiceNumber)} is missing`;
  if (typeof item.invoiceDate !== 'string')
    return `invoiceDate ${quoteValue(item.invoiceDate)} is not a date`;
  if (!Number.isSafeInteger(item.amountCents))
    return `amountCents ${quoteValue(item.amountCents)} is not whole cents`;
  if (!Number.isSafeInteger(item.outstandingCents))
    return `outstandingCents ${quoteValue(item.outstandingCents)} is not whole cents`;
  if (!Array.isArray(item.ibans)) return 'ibans is not a list';
  return undefined;
}

/**
 * The open items of one run, indexed once: by relation, invoice-number tokens, payment reference, amount,
 * IBAN, name and name tokens (with typo keys). Everything keyed by outside data is a Map, so relation names
 * such as `constructor` or `__proto__` are keys like any other.
 */
export class OpenItemIndex {
  /** Open items that could not be used, with the reason (field, rule, value). */
  readonly rejectedItems: string[] = [];
  readonly items: IndexedItem[] = [];
  readonly byRelation = new Map<string, IndexedItem[]>();
  /** Items something settled (part of), by relation: recent bookings, then lines of this run (`settle`). */
  readonly settled = new Map<string, IndexedItem[]>();
  readonly relationNames = new Map<string, string>();
  readonly byInvoiceToken = new Map<string, { item: IndexedItem; kind: HitKind }[]>();
  readonly byPaymentReference = new Map<string, IndexedItem[]>();
  readonly byAmount = new Map<number, IndexedItem[]>();
  readonly byIban = new Map<string, Set<string>>();
  readonly byName = new Map<string, Set<string>>();
  readonly byNameToken = new Map<string, string[]>();
  /** Relations by typo key (`typoKeys`) of their name tokens of 5+ characters. */
  readonly byNameTypoKey = new Map<number, string[]>();
  readonly relationTokens = new Map<string, string[][]>();
  /** Per relation: bit 1 when it has a positive open item (receivable), bit 2 for a negative one (payable). */
  readonly relationSigns = new Map<string, number>();
  /** Distinctive shapes of the invoice numbers (`invoiceShape`), to see invoice numbers in free text. */
  readonly invoiceShapes = new Set<string>();

  constructor(openItems: readonly OpenItem[]) {
    // Open items normally arrive through parseOpenItems; anything malformed that slips through is set aside
    // with its reason instead of breaking every match of the run.
    openItems.forEach((item, position) => {
      const problem = openItemProblem(item);
      if (problem) this.rejectedItems.push(`open item ${position}: ${problem}`);
      else
        this.items.push({
          item,
          position,
          remaining: item.outstandingCents,
          settledBy: Array.isArray(item.settledBy) ? [...item.settledBy] : [],
        });
    });
    for (const indexed of this.items) {
      this.indexItem(indexed);
      if (indexed.settledBy.length > 0) addToIndex(this.settled, indexed.item.relationNumber, indexed);
    }
  }

  /** Takes `cents` (signed like the item) off an item for `label`, so later lines see it settled. */
  settle(indexed: IndexedItem, cents: number, label: string): void {
    indexed.remaining -= cents;
    if (indexed.settledBy.length === 0) addToIndex(this.settled, indexed.item.relationNumber, indexed);
    indexed.settledBy.push({ label, cents });
  }

  /** Whether the relation has an open item of this sign (as listed; consuming items in a run does not count). */
  hasItemsOfSign(relation: string, sign: number): boolean {
    const bits = this.relationSigns.get(relation) ?? 0;
    return (bits & (sign > 0 ? 1 : sign < 0 ? 2 : 0)) !== 0;
  }

  private indexItem(indexed: IndexedItem): void {
    const { item } = indexed;
    addToIndex(this.byRelation, item.relationNumber, indexed);
    const signBit = item.outstandingCents > 0 ? 1 : item.outstandingCents < 0 ? 2 : 0;
    this.relationSigns.set(item.relationNumber, (this.relationSigns.get(item.relationNumber) ?? 0) | signBit);
    addToIndex(this.byAmount, item.outstandingCents, indexed);
    if (!this.relationNames.has(item.relationNumber)) {
      const relationName = typeof item.relationName === 'string' ? item.relationName : '';
      this.relationNames.set(item.relationNumber, relationName);
      this.indexRelationName(item.relationNumber, relationName);
      for (const raw of item.ibans) {
        const iban = normalizeIban(raw);
        if (iban) addToSetIndex(this.byIban, iban, item.relationNumber);
      }
    }
    const shape = invoiceShape(item.invoiceNumber);
    if (isDistinctiveShape(shape)) this.invoiceShapes.add(shape);
    const full = normalizeInvoiceNumber(item.invoiceNumber);
    const isShortNumber = /^\d{1,4}$/.test(full);
    if (full.length >= 3)
      addToIndex(this.byInvoiceToken, full, {
        item: indexed,
        kind: isShortNumber ? 'short-number' : 'invoice-number',
      });
    const digits = invoiceDigits(item.invoiceNumber);
    if (digits.length >= 5 && digits !== full)
      addToIndex(this.byInvoiceToken, digits, { item: indexed, kind: 'invoice-digits' });
    if (typeof item.paymentReference === 'string' && item.paymentReference !== '') {
      const reference = normalizePaymentReference(item.paymentReference);
      if (reference) addToIndex(this.byPaymentReference, reference.value, indexed);
      else {
        // A free-form reference (order number, customer code) is still a token people copy.
        const token = normalizeInvoiceNumber(item.paymentReference);
        if (token.length >= 6 && token !== full)
          addToIndex(this.byInvoiceToken, token, { item: indexed, kind: 'invoice-number' });
      }
    }
  }

  private indexRelationName(relationNumber: string, name: string): void {
    const variants: string[][] = [];
    // Arrays, not sets, per token: far less memory; a local set keeps one relation from appearing twice.
    const tokens = new Set<string>();
    const typoKeySet = new Set<number>();
    // A name without "h.o.d.n." splits into itself; indexing it twice would only add the same keys again
    // (sets) and a second, equal variant (only the best variant's similarity counts).
    const parts = [name];
    for (const part of splitTradeNames(name)) if (!parts.includes(part)) parts.push(part);
    for (const part of parts) {
      const key = nameKey(part);
      if (key === '') continue;
      addToSetIndex(this.byName, key, relationNumber);
      const significant = significantNameTokens(part);
      if (significant.length === 0) continue;
      variants.push(nameTokens(part));
      for (const token of significant) {
        tokens.add(token);
        if (token.length >= 5) for (const typoKey of typoKeys(token)) typoKeySet.add(typoKey);
      }
    }
    for (const token of tokens) addToIndex(this.byNameToken, token, relationNumber);
    for (const typoKey of typoKeySet) addToIndex(this.byNameTypoKey, typoKey, relationNumber);
    this.relationTokens.set(relationNumber, variants);
  }
}
