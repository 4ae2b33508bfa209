/**
 * Splits `total` cents over `weights` in proportion, exactly: each share rounded down, the cents left over to
 * the largest remainders (ties to the first), so the shares always add up to `total`. Signs follow `total`.
 */
export function allocateCents(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, w) => a + BigInt(Math.abs(w)), 0n);
  if (weights.length === 0) return [];
  if (sum === 0n) return weights.map((_, i) => (i === 0 ? total : 0));
  const sign = total < 0 ? -1n : 1n;
  const abs = BigInt(Math.abs(total));
  const shares = weights.map((w) => (abs * BigInt(Math.abs(w))) / sum);
  const remainders = weights.map((w, i) => ({ i, rest: (abs * BigInt(Math.abs(w))) % sum }));
  let left = abs - shares.reduce((a, s) => a + s, 0n);
  remainders.sort((a, b) => (b.rest > a.rest ? 1 : b.rest < a.rest ? -1 : a.i - b.i));
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i] = (shares[i] as bigint) + 1n;
    left--;
  }
  return shares.map((s) => Number(s * sign));
}
