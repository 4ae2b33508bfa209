export { formatScaledAmount, parseCashAmount, parseDecimalText, scaleNumber, wholeDigits } from './amount.ts';
export type { CashRecord } from './cash-record.ts';
export * from './catalog.ts';
export { type FieldFormatOptions, type FieldInput, formatField, toCashDate } from './field-format.ts';
export { type FieldKind, type FieldSpec, field, type RecordSpec, recordSpec } from './field-spec.ts';
export { type BuildRecordResult, buildRecord, type RecordValues } from './record-builder.ts';
