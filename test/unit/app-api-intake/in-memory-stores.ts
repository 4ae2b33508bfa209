import {
  type CreditNoteReference,
  type HourEntry,
  HoursNotBillableError,
  type HoursStore,
  invoiceNumber,
  type SalesInvoiceMailing,
  type SalesInvoiceRecord,
  type SalesInvoiceStore,
} from '../../../lib/sales-invoices/index.ts';

export class InMemoryHoursStore implements HoursStore {
  readonly entries = new Map<string, HourEntry>();
  async list(administration: string): Promise<HourEntry[]> {
    return [...this.entries.values()].filter((e) => e.administration === administration);
  }
  async getMany(administration: string, ids: readonly string[]): Promise<HourEntry[]> {
    return (await this.list(administration)).filter((e) => ids.includes(e.id));
  }
  async add(entry: HourEntry): Promise<void> {
    this.entries.set(entry.id, { ...entry });
  }
  async remove(administration: string, id: string): Promise<'removed' | 'not-found' | 'billed'> {
    const entry = this.entries.get(id);
    if (!entry || entry.administration !== administration) return 'not-found';
    if (entry.invoiceId) return 'billed';
    this.entries.delete(id);
    return 'removed';
  }
  async claim(administration: string, ids: readonly string[], invoiceId: string): Promise<void> {
    const refused = ids.filter((id) => {
      const e = this.entries.get(id);
      return !e || e.administration !== administration || e.invoiceId !== undefined;
    });
    if (refused.length > 0) throw new HoursNotBillableError(refused);
    for (const id of ids) (this.entries.get(id) as HourEntry).invoiceId = invoiceId;
  }
  async release(_administration: string, ids: readonly string[], invoiceId: string): Promise<void> {
    for (const id of ids) {
      const e = this.entries.get(id);
      if (e?.invoiceId === invoiceId) delete e.invoiceId;
    }
  }
  async releaseCredited(
    _administration: string,
    ids: readonly string[],
    invoiceId: string,
    creditNoteId: string,
  ): Promise<void> {
    for (const id of ids) {
      const e = this.entries.get(id);
      if (e?.invoiceId !== invoiceId) continue;
      delete e.invoiceId;
      e.creditedBy = [...(e.creditedBy ?? []), { invoiceId, creditNoteId }];
    }
  }
}

export class InMemorySalesInvoiceStore implements SalesInvoiceStore {
  readonly records = new Map<string, SalesInvoiceRecord>();
  readonly lastSequence = new Map<string, number>();
  async issue(
    draft: Omit<SalesInvoiceRecord, 'number'>,
    year: number,
    build: (number: string) => SalesInvoiceRecord,
  ): Promise<SalesInvoiceRecord> {
    const existing = this.records.get(draft.id);
    if (existing) return existing;
    const key = `${draft.administration}#${year}`;
    const sequence = (this.lastSequence.get(key) ?? 0) + 1;
    this.lastSequence.set(key, sequence);
    const record = build(invoiceNumber(year, sequence));
    this.records.set(record.id, record);
    return record;
  }
  async get(administration: string, id: string): Promise<SalesInvoiceRecord | undefined> {
    const record = this.records.get(id);
    return record?.administration === administration ? record : undefined;
  }
  async setEvent(
    _administration: string,
    id: string,
    event: Pick<SalesInvoiceRecord, 'eventId' | 'eventType'>,
  ): Promise<void> {
    const record = this.records.get(id);
    if (record) Object.assign(record, event);
  }
  async list(administration: string, page: { limit: number; cursor?: string }) {
    const all = [...this.records.values()]
      .filter((r) => r.administration === administration)
      .sort((a, b) => b.number.localeCompare(a.number));
    const start = page.cursor ? all.findIndex((r) => r.number === page.cursor) + 1 : 0;
    const items = all.slice(start, start + page.limit);
    const more = start + page.limit < all.length;
    return { items, ...(more ? { nextCursor: items.at(-1)?.number as string } : {}) };
  }
  async beginMailing(
    administration: string,
    id: string,
    lock: { token: string; at: string },
    sentBefore: number,
    staleBefore: string,
  ): Promise<boolean> {
    const record = await this.get(administration, id);
    if (!record || (record.mailings?.length ?? 0) !== sentBefore) return false;
    if (record.mailLock && record.mailLock.at >= staleBefore) return false;
    record.mailLock = lock;
    return true;
  }
  async endMailing(administration: string, id: string, token: string, mailing?: SalesInvoiceMailing) {
    const record = await this.get(administration, id);
    if (!record) return;
    if (mailing) record.mailings = [...(record.mailings ?? []), mailing];
    if (record.mailLock?.token === token) delete record.mailLock;
  }
  async noteCredit(administration: string, id: string, credit: CreditNoteReference) {
    const record = await this.get(administration, id);
    if (record) record.creditedBy = [...(record.creditedBy ?? []), credit];
  }
}
