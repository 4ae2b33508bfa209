/** One CASH record in CASH notation, ready to serialize: `{ record: '0301', fields: { '0201': '8000', … } }`. */
export interface CashRecord {
  /** Four-digit record number, e.g. `0301`. */
  record: string;
  /** Four-digit rubriek → value already in CASH notation (uppercased, `JJMMDD`, `-1264,50`, …). */
  fields: Record<string, string>;
}
