import { XMLParser } from 'fast-xml-parser';
import type { CashRecord } from '../records/cash-record.ts';
import type { ExportResponse } from '../rest/wire.ts';

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

const reader = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  // Every record element (depth 2: cash.Rnnnn) is a list, even when CASH sends just one.
  isArray: (_name, path) => String(path).split('.').length === 2,
});

/**
 * Reads CASH XML (an SOAP 3.0 `exportResult`, possibly prefixed with `Content-type: text/xml`, or a file written
 * by toCashXml) into the same shape as a REST export, `{ R2229: [ { F0101: '…' } ] }`, for parseExportRows.
 */
export function parseCashXml(text: string): ExportResponse {
  const start = text.indexOf('<');
  if (start < 0) return {};
  const parsed = reader.parse(text.slice(start)) as Record<string, unknown>;
  const root = Object.entries(parsed).find(([key]) => key.toLowerCase() === 'cash')?.[1];
  const result: ExportResponse = {};
  if (!root || typeof root !== 'object') return result;
  for (const [tag, rows] of Object.entries(root as Record<string, unknown>)) {
    if (!/^R\d+T?$/i.test(tag) || !Array.isArray(rows)) continue;
    result[tag.toUpperCase()] = rows.map((row) =>
      Object.fromEntries(
        Object.entries(row && typeof row === 'object' ? (row as Record<string, unknown>) : {}).map(
          ([k, v]) => [k, v === undefined || v === null ? '' : String(v)],
        ),
      ),
    );
  }
  return result;
}
