import { CashFieldError } from '../errors/cash-field-error.ts';
import type { CashRecord } from './cash-record.ts';
import { type FieldFormatOptions, type FieldInput, formatField } from './field-format.ts';
import type { RecordSpec } from './field-spec.ts';

/** Rubriek → raw value; undefined and empty strings mean "not given". */
export type RecordValues = Record<string, FieldInput | undefined>;

export type BuildRecordResult = { ok: true; record: CashRecord } | { ok: false; errors: CashFieldError[] };

function isEmpty(value: FieldInput | undefined): value is undefined {
  return value === undefined || (typeof value === 'string' && value.trim() === '');
}

/**
 * Formats all values of one record against its catalog spec. Collects every problem (unknown rubriek, missing
 * required rubriek, illegal value) instead of stopping at the first, so one report fixes a whole record.
 * Per-rubriek options (e.g. truncating only the description) go in `overrides`.
 */
export function buildRecord(
  spec: RecordSpec,
  values: RecordValues,
  options: FieldFormatOptions,
  overrides: Record<string, Partial<FieldFormatOptions>> = {},
): BuildRecordResult {
  const fields: Record<string, string> = {};
  const errors: CashFieldError[] = [];
  for (const [rubriek, value] of Object.entries(values)) {
    if (isEmpty(value)) continue;
    const fieldSpec = spec.fields[rubriek];
    if (!fieldSpec) {
      errors.push(
        new CashFieldError({
          record: spec.record,
          rubriek,
          value,
          rule: 'unknown-rubriek',
          message: `rubriek ${rubriek} is not part of record ${spec.record} (${spec.name})`,
        }),
      );
      continue;
    }
    try {
      const text = formatField(spec.record, fieldSpec, value, { ...options, ...overrides[rubriek] });
      if (text !== '') fields[rubriek] = text;
    } catch (error) {
      if (error instanceof CashFieldError) errors.push(error);
      else throw error;
    }
  }
  for (const fieldSpec of Object.values(spec.fields)) {
    if (
      fieldSpec.required &&
      fields[fieldSpec.rubriek] === undefined &&
      !errors.some((e) => e.rubriek === fieldSpec.rubriek)
    ) {
      errors.push(
        new CashFieldError({
          record: spec.record,
          rubriek: fieldSpec.rubriek,
          value: values[fieldSpec.rubriek],
          rule: 'required',
          message: `${fieldSpec.dutch} is required`,
        }),
      );
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, record: { record: spec.record, fields } };
}
