import type { NormalizedEvent } from '../../events/index.ts';
import {
  type InvoiceNumberRegistry,
  resolveInvoiceNumbers,
} from '../cash/mapping/invoice-number-registry.ts';
import { mapEvent } from '../cash/mapping/map-event.ts';
import type { CashMappingContext } from '../cash/mapping/mapping-types.ts';
import type { CashRecord } from '../cash/records/index.ts';
import type { CashRestClient } from '../cash/rest/cash-rest-client.ts';
import type { ExportRow } from '../cash/serialize/index.ts';
import { toImportRequest } from '../cash/serialize/index.ts';
import type { CashAdapterSettings } from '../cash/settings/index.ts';
import type { WritePlan } from '../documents/index.ts';
import type { CashPort, ImportOutcome, MappingResult, NumberScope } from './cash-port.ts';

/** The writer's CASH seam over REST API 4.0: mapping, one import per call, recovery look-ups, numbering. */
export class CashRestPort implements CashPort {
  constructor(
    private readonly client: CashRestClient,
    private readonly settings: CashAdapterSettings,
    private readonly invoiceNumbers: InvoiceNumberRegistry,
  ) {}

  async map(event: NormalizedEvent, plan: WritePlan): Promise<MappingResult> {
    const resolveRelation = (ref: string) => plan.relationNumbers?.[ref];
    const ctx: CashMappingContext = {
      settings: this.settings,
      reference: plan.reference,
      ...(plan.entryNumber ? { entryNumber: plan.entryNumber } : {}),
      ...(plan.relationNumber ? { relationNumber: plan.relationNumber } : {}),
      ...(plan.orderNumber ? { orderNumber: plan.orderNumber } : {}),
      resolveRelation,
    };
    const unresolved = missingRelationRefs(event, plan);
    if (unresolved.length > 0) {
      return {
        ok: false,
        issues: unresolved.map((ref) => ({
          source: 'mapping',
          path: 'data',
          rule: 'unknown-relation-ref',
          value: ref,
          message: `relationRef ${ref} names no relation.upsert of this source that was booked or is in this batch`,
        })),
      };
    }
    ctx.invoiceNumbers = await resolveInvoiceNumbers(event, this.invoiceNumbers, ctx);
    const result = mapEvent(event, ctx);
    if (!result.ok) {
      return {
        ok: false,
        issues: result.issues.map((i) => ({
          source: 'mapping',
          path: i.eventPath,
          rule: i.rule,
          message: i.message,
          ...(i.rubriek ? { rubriek: i.rubriek } : {}),
          ...(i.value !== undefined ? { value: i.value } : {}),
        })),
      };
    }
    const changed = result.invoiceNumbers.filter((u) => u.original !== u.cashNumber);
    return {
      ok: true,
      records: result.records,
      ...(changed.length > 0
        ? { invoiceNumbers: Object.fromEntries(changed.map((u) => [u.original, u.cashNumber])) }
        : {}),
    };
  }

  prepareSubmit(): void {
    this.client.acquireAhead();
  }

  async submit(administration: string, records: CashRecord[]): Promise<ImportOutcome> {
    const result = await this.client.import(
      administration,
      toImportRequest(administration, records, this.settings),
    );
    if (result.status !== 'rejected') return result;
    return {
      status: 'rejected',
      errors: result.errors.map((e) => ({
        message: e.message,
        ...(e.line !== undefined ? { line: Number(e.line) } : {}),
        ...(e.rubriek ? { rubriek: e.rubriek } : {}),
        ...(e.value !== undefined ? { value: e.value } : {}),
        ...(e.source ? { source: e.source } : {}),
      })),
    };
  }

  async findExisting(
    administration: string,
    attempts: Array<{ event: NormalizedEvent; plan: WritePlan }>,
  ): Promise<Set<string>> {
    const found = new Set<string>();
    const entryYears = new Set<number>();
    let needRelations = false;
    let needOrders = false;
    for (const { event, plan } of attempts) {
      if (event.type === 'journal-entry.book' && plan.year) entryYears.add(plan.year);
      // Only a number we reserved proves the write landed; an update of an existing relation is resent (it is idempotent).
      if (event.type === 'relation.upsert' && !event.data.relationNumber) needRelations = true;
      if (event.type === 'sales-order.create') needOrders = true;
    }
    const entries = new Map<string, ExportRow[]>();
    for (const year of entryYears) {
      const yy = String(year % 100).padStart(2, '0');
      for (const row of await this.client.exportRows(administration, '0301T', [`${yy}01`, `${yy}13`])) {
        const k = `${row.named.journal}#${Number(row.named.entryNumber)}#${year}`;
        entries.set(k, [...(entries.get(k) ?? []), row]);
      }
    }
    const relations = needRelations
      ? new Set(
          (await this.client.exportRows(administration, '0101T')).map((r) =>
            String(Number(r.named.relationNumber)),
          ),
        )
      : new Set<string>();
    const orders = needOrders
      ? new Set(
          (await this.client.exportRows(administration, '2400')).map((r) => Number(r.named.orderNumber)),
        )
      : new Set<number>();
    for (const { event, plan } of attempts) {
      if (event.type === 'journal-entry.book') {
        const rows = entries.get(`${plan.journal}#${plan.entryNumber}#${plan.year}`) ?? [];
        // Our kenmerk on the lines tells our boekstuk from one someone else booked under that number.
        if (rows.some((r) => r.named.reference === plan.reference || r.raw.F0711 === plan.reference))
          found.add(plan.reference);
      } else if (event.type === 'relation.upsert' && !event.data.relationNumber) {
        if (plan.relationNumber && relations.has(String(Number(plan.relationNumber))))
          found.add(plan.reference);
      } else if (event.type === 'sales-order.create') {
        if (plan.orderNumber && orders.has(plan.orderNumber)) found.add(plan.reference);
      }
    }
    return found;
  }

  async firstFreeNumber(administration: string, scope: NumberScope): Promise<number> {
    if (scope.kind === 'entry') return this.client.nextEntryNumber(administration, scope.year, scope.journal);
    if (scope.kind === 'relation') {
      const rows = await this.client.exportRows(administration, '0101T');
      return firstFreeRelationNumber(
        rows.map((r) => Number(r.named.relationNumber) || 0),
        scope.range,
      );
    }
    const rows = await this.client.exportRows(administration, '2400');
    return Math.max(0, ...rows.map((r) => Number(r.named.orderNumber) || 0)) + 1;
  }
}

/**
 * One above the highest number in use, within the range when there is one (numbers of other ranges, or
 * hand-made ones outside every range, do not count); the range start when the range is still empty.
 */
export function firstFreeRelationNumber(
  inUse: readonly number[],
  range?: { from: number; to: number },
): number {
  let highest = range ? range.from - 1 : 0;
  for (const n of inUse) {
    if (range && (n < range.from || n > range.to)) continue;
    if (n > highest) highest = n;
  }
  return highest + 1;
}

function missingRelationRefs(event: NormalizedEvent, plan: WritePlan): string[] {
  const refs =
    event.type === 'journal-entry.book'
      ? event.data.lines.flatMap((l) => (l.relationRef ? [l.relationRef] : []))
      : event.type === 'sales-order.create' && event.data.customer.relationRef
        ? [event.data.customer.relationRef]
        : [];
  return [...new Set(refs)].filter((ref) => !plan.relationNumbers?.[ref]);
}
