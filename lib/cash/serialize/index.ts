export { type ExportRow, type ExportValue, parseCashDate, parseExportRows } from './export-rows.ts';
export { restRecordKey, toCashFields, toImportRequest } from './rest-body.ts';
export { escapeXml, parseCashXml, toCashXml } from './xml-file.ts';
