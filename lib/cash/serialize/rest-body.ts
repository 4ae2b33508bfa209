import type { CashRecord } from '../records/cash-record.ts';
import type { CashFields, ImportRequest } from '../rest/wire.ts';
import type { CashAdapterSettings } from '../settings/cash-adapter-settings.ts';

/** `0301` → `R301` or `R0301`, per the recordKey setting. */
export function restRecordKey(record: string, recordKey: CashAdapterSettings['recordKey']): string {
  return recordKey === 'R0301' ? `R${record.padStart(4, '0')}` : `R${String(Number(record))}`;
}

export function toCashFields(record: CashRecord): CashFields {
  return Object.fromEntries(
    Object.entries(record.fields).map(([rubriek, value]) => [`F${rubriek.padStart(4, '0')}`, value]),
  );
}

/**
 * The `POST /import` body. With oneRecordPerElement every record is its own element of `content.cash`
 * (`[{R301:[l1]},{R301:[l2]}]`); otherwise consecutive records of one kind share an element.
 */
export function toImportRequest(
  admin: string,
  records: CashRecord[],
  settings: Pick<CashAdapterSettings, 'recordKey' | 'oneRecordPerElement'>,
): ImportRequest {
  const cash: Array<Record<string, CashFields[]>> = [];
  let previousKey: string | undefined;
  for (const record of records) {
    const key = restRecordKey(record.record, settings.recordKey);
    const last = cash[cash.length - 1];
    if (!settings.oneRecordPerElement && last && key === previousKey) last[key]?.push(toCashFields(record));
    else cash.push({ [key]: [toCashFields(record)] });
    previousKey = key;
  }
  return { admin, format: 0, content: { cash } };
}
