/**
 * CASH rubriek types as the public wrappers describe them (docs/cash-interface.md §1.4):
 * S = uppercase text, L = mixed-case text, N = numeric, I = decimal amount, D = date (JJMMDD on import),
 * Y4 = JJMM / JJPP period, Y2 = JJ year.
 */
export type FieldKind = 'S' | 'L' | 'N' | 'I' | 'D' | 'Y4' | 'Y2';

export interface FieldSpec {
  /** Four-digit rubriek number, e.g. '0201'. */
  rubriek: string;
  /** English name used in code. */
  name: string;
  /** The Dutch term a bookkeeper knows. */
  dutch: string;
  kind: FieldKind;
  /** Maximum length in characters; for I, the digits before the decimal separator. */
  length: number;
  decimals?: number;
  required?: boolean;
}

export interface RecordSpec {
  /** Four-digit record number, e.g. '0301'. */
  record: string;
  name: string;
  fields: Record<string, FieldSpec>;
}

export function field(
  rubriek: string,
  name: string,
  dutch: string,
  kind: FieldKind,
  length: number,
  extra: Partial<Pick<FieldSpec, 'decimals' | 'required'>> = {},
): FieldSpec {
  return { rubriek, name, dutch, kind, length, ...extra };
}

export function recordSpec(record: string, name: string, fields: FieldSpec[]): RecordSpec {
  return { record, name, fields: Object.fromEntries(fields.map((f) => [f.rubriek, f])) };
}
