import type { ArticleUpsert } from '../../../events/index.ts';
import { ARTICLE } from '../records/catalog.ts';
import type { CashMappingContext, CashMappingIssue, CashMappingResult } from './mapping-types.ts';
import { RecordAssembler } from './record-assembler.ts';

/**
 * article.upsert → one 2260 record. Stock is not written here: stock per warehouse is record 2300, which
 * CASH changes through its own stock mutations.
 */
export function mapArticle(article: ArticleUpsert, ctx: CashMappingContext): CashMappingResult {
  const issues: CashMappingIssue[] = [];
  const record = new RecordAssembler(ARTICLE, { amountNotation: ctx.settings.amountNotation }, issues)
    .set('2260', article.code, 'data.code')
    .set('2001', article.description, 'data.description')
    .set('2208', article.group, 'data.group')
    .set('2281', article.gtin, 'data.gtin')
    .set('2283', article.unit, 'data.unit')
    .set('2267', article.salesPriceCents, 'data.salesPriceCents')
    .set('2268', article.purchasePriceCents, 'data.purchasePriceCents')
    .set('2422', article.vatCode, 'data.vatCode')
    .set('2230', article.supplierNumber, 'data.supplierNumber');
  const built = record.build();
  return built ? { ok: true, records: [built], invoiceNumbers: [] } : { ok: false, issues };
}
