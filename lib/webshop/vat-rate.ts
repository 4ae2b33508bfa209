/** VAT rates in use in the EU (standard, reduced, parking), the candidates a rate derived from amounts snaps to. */
const KNOWN_RATES = [
  '0',
  '3',
  '4',
  '5',
  '5.5',
  '6',
  '7',
  '8',
  '9',
  '9.5',
  '10',
  '12',
  '13',
  '13.5',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
  '20',
  '21',
  '22',
  '23',
  '24',
  '25',
  '25.5',
  '27',
];

/** A rate string (`"21"`, `"5.5"`) as hundredths of a percent, exactly; undefined when it is not one. */
export function rateHundredths(rate: string): bigint | undefined {
  const match = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(rate.trim());
  if (!match) return undefined;
  const fraction = (match[2] ?? '').padEnd(4, '0');
  if (!/^\d\d0*$/.test(fraction)) return undefined;
  return BigInt(match[1] as string) * 100n + BigInt(fraction.slice(0, 2));
}

/** Hundredths of a percent as the rate string: 2100 → "21", 550 → "5.5", 1234 → "12.34". */
export function rateText(hundredths: bigint): string {
  const whole = hundredths / 100n;
  const fraction = String(hundredths % 100n)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** The VAT on `netCents` at `rate`, rounded half away from zero, exactly in BigInt. */
export function vatAt(netCents: number, rate: string): number | undefined {
  const hundredths = rateHundredths(rate);
  if (hundredths === undefined) return undefined;
  const product = BigInt(netCents) * hundredths;
  const abs = product < 0n ? -product : product;
  const rounded = (abs + 5000n) / 10000n;
  return Number(product < 0n ? -rounded : rounded);
}

/**
 * The rate the shop applied, from amounts it rounded: a known EU rate whose VAT on `netCents` is within
 * `toleranceCents` of `vatCents` (rounding per line adds up to a cent per line), else the ratio to two decimals.
 * Undefined when nothing can be said (no net amount, or VAT on nothing).
 */
export function deriveRatePercent(
  netCents: number,
  vatCents: number,
  toleranceCents = 1,
): string | undefined {
  if (netCents === 0) return undefined;
  if (vatCents === 0) return '0';
  let best: { rate: string; distance: number } | undefined;
  for (const rate of KNOWN_RATES) {
    const expected = vatAt(netCents, rate) ?? 0;
    const distance = Math.abs(expected - vatCents);
    if (distance <= toleranceCents && (!best || distance < best.distance)) best = { rate, distance };
  }
  if (best) return best.rate;
  const num = BigInt(vatCents) * 10000n;
  const den = BigInt(netCents);
  if (num < 0n !== den < 0n) return undefined;
  const absNum = num < 0n ? -num : num;
  const absDen = den < 0n ? -den : den;
  return rateText((absNum + absDen / 2n) / absDen);
}
