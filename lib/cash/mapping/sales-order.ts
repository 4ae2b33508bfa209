import type { SalesOrderCreate } from '../../../events/index.ts';
import type { CashRecord } from '../records/cash-record.ts';
import { SALES_ORDER, SALES_ORDER_LINE } from '../records/catalog.ts';
import type { CashMappingContext, CashMappingIssue, CashMappingResult } from './mapping-types.ts';
import { RecordAssembler } from './record-assembler.ts';

function fallbackReference(externalOrderNumber: string): string | undefined {
  const spec = SALES_ORDER.fields['2406'];
  return spec && Array.from(externalOrderNumber.trim()).length <= spec.length
    ? externalOrderNumber
    : undefined;
}

/** sales-order.create → one 2400 header and one 2410 line per order line, all carrying the order number. */
export function mapSalesOrder(order: SalesOrderCreate, ctx: CashMappingContext): CashMappingResult {
  const issues: CashMappingIssue[] = [];
  const options = { amountNotation: ctx.settings.amountNotation };
  const orderNumber = order.orderNumber ?? ctx.orderNumber;
  const orderNumberPath = order.orderNumber === undefined ? 'context.orderNumber' : 'data.orderNumber';
  const header = new RecordAssembler(SALES_ORDER, options, issues)
    .set('2400', orderNumber, orderNumberPath)
    .set('2401', order.orderDate, 'data.orderDate')
    .set('2402', order.deliveryDate, 'data.deliveryDate')
    // The source's own order number is the reference a person searches for when none is given; as a mere
    // fallback it is left out (it stays on the event) rather than failing the order when it exceeds F2406.
    .set(
      '2406',
      order.reference ?? fallbackReference(order.externalOrderNumber),
      order.reference ? 'data.reference' : 'data.externalOrderNumber',
    )
    .set('2422', order.vatCode, 'data.vatCode')
    .set('2332', order.paymentMethod, 'data.paymentMethod')
    .set('2333', order.paidCents, 'data.paidCents')
    .set('2983', order.currency, 'data.currency');
  if (order.customer.relationNumber)
    header.set('2220', order.customer.relationNumber, 'data.customer.relationNumber');
  else if (order.customer.relationRef) {
    const resolved = ctx.resolveRelation?.(order.customer.relationRef);
    if (resolved) header.set('2220', resolved, 'data.customer.relationRef');
    else {
      header.issue(
        'data.customer.relationRef',
        'unresolved-relation',
        `relation ${order.customer.relationRef} has no CASH relation number yet`,
        order.customer.relationRef,
        '2220',
      );
    }
  }
  const records: CashRecord[] = [];
  const built = header.build();
  if (built) records.push(built);
  order.lines.forEach((line, index) => {
    const path = `data.lines.${index}`;
    const record = new RecordAssembler(SALES_ORDER_LINE, options, issues)
      .set('2400', orderNumber, orderNumberPath)
      .set('2426', index + 1, path)
      .set('2260', line.articleCode, `${path}.articleCode`)
      .set('2001', line.description, `${path}.description`)
      .set('2410', { decimal: line.quantity }, `${path}.quantity`)
      .set('2267', line.unitPriceCents, `${path}.unitPriceCents`)
      .set('2209', line.warehouse, `${path}.warehouse`)
      .set('2402', line.deliveryDate, `${path}.deliveryDate`);
    if (line.discountPercent !== undefined)
      record.set('2002', { decimal: line.discountPercent }, `${path}.discountPercent`);
    const builtLine = record.build();
    if (builtLine) records.push(builtLine);
  });
  return issues.length ? { ok: false, issues } : { ok: true, records, invoiceNumbers: [] };
}
