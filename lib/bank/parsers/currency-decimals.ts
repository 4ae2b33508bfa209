/**
 * ISO 4217 minor units: how many decimals an amount in a currency may carry. Entries keep integer cents
 * (hundredths), so a currency with three decimals can hold at most two significant ones here, and one without
 * decimals none: `1000.50 JPY` is an error, not 1000.50 yen.
 */
const MINOR_UNITS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

/** The decimals of a currency (2 for any code not listed, as for EUR, USD, GBP, CHF…). */
export function currencyDecimals(currency: string): number {
  return MINOR_UNITS[currency.toUpperCase()] ?? 2;
}

/**
 * Why an amount text has more significant decimals than its currency allows (undefined when it does not).
 * Trailing zeros do not count: camt.053 allows five decimals and `18.150` EUR is 18.15.
 */
export function excessDecimals(raw: string, currency: string): string | undefined {
  const fraction = /[.,](\d+)\s*$/.exec(raw.trim())?.[1];
  if (!fraction) return undefined;
  const significant = fraction.replace(/0+$/, '').length;
  const allowed = currencyDecimals(currency);
  if (significant <= allowed) return undefined;
  return `${significant} significant decimal${significant === 1 ? '' : 's'}, ${currency.toUpperCase()} has ${allowed}`;
}
