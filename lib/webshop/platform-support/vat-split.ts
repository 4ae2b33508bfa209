/**
 * Splits an amount by a VAT rate in integer arithmetic, rounding half away from zero, for platforms whose order
 * rows carry a rate and one price but no VAT amount (CCV Shop). `amountIncludesVat` says which side is given.
 */
export function splitByRate(
  amountCents: number,
  ratePercent: string,
  amountIncludesVat: boolean,
): { netCents: number; vatCents: number; grossCents: number } {
  const [whole = '0', fraction = ''] = ratePercent.split('.');
  const scale = 10n ** BigInt(fraction.length);
  const rate = BigInt(whole) * scale + BigInt(fraction === '' ? '0' : fraction);
  const hundred = 100n * scale;
  const amount = BigInt(amountCents);
  const sign = amount < 0n ? -1n : 1n;
  const abs = amount * sign;
  const divide = (numerator: bigint, denominator: bigint): bigint =>
    (2n * numerator + denominator) / (2n * denominator);
  if (amountIncludesVat) {
    const net = divide(abs * hundred, hundred + rate) * sign;
    return { netCents: Number(net), vatCents: Number(amount - net), grossCents: amountCents };
  }
  const vat = divide(abs * rate, hundred) * sign;
  return { netCents: amountCents, vatCents: Number(vat), grossCents: Number(amount + vat) };
}
