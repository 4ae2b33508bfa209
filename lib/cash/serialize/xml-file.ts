import type { CashRecord } from '../records/cash-record.ts';

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

/**
 * The CASH XML import file (API 3.0 / CASHWeb XML import) for users without the REST API:
 * `<CASH><R0301><F0201>8000</F0201>…</R0301>…</CASH>`, R-prefixed 4-digit records, one rubriek per element.
 */
export function toCashXml(records: CashRecord[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<CASH>'];
  for (const record of records) {
    const tag = `R${record.record.padStart(4, '0')}`;
    lines.push(`  <${tag}>`);
    for (const [rubriek, value] of Object.entries(record.fields)) {
      const field = `F${rubriek.padStart(4, '0')}`;
      lines.push(`    <${field}>${escapeXml(value)}</${field}>`);
    }
    lines.push(`  </${tag}>`);
  }
  lines.push('</CASH>', '');
  return lines.join('\n');
}
