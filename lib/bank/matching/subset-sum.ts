export interface SubsetSearchOptions {
  /** Largest subset size (one payment for at most this many invoices). */
  maxItems: number;
  /** Accepted |sum − target| in cents. */
  toleranceCents: number;
  /** Stop after this many solutions (two already mean "ambiguous"). */
  maxSolutions: number;
  /** Bound on search steps, so a pathological relation cannot stall a batch. */
  maxSteps: number;
  minItems: number;
}

/**
 * Finds subsets of positive amounts whose sum is within tolerance of the target. Deterministic:
 * amounts are searched largest first, ties by input position; solutions are returned as sorted input
 * indexes. Bounded in size, solutions and steps.
 */
export function findSubsetSums(
  amounts: readonly number[],
  targetCents: number,
  options: SubsetSearchOptions,
): number[][] {
  const order = amounts
    .map((amount, index) => ({ amount, index }))
    .filter((item) => item.amount > 0 && item.amount <= targetCents + options.toleranceCents)
    .sort((a, b) => b.amount - a.amount || a.index - b.index);
  const suffix = new Array<number>(order.length + 1).fill(0);
  for (let i = order.length - 1; i >= 0; i--)
    suffix[i] = (suffix[i + 1] as number) + (order[i] as { amount: number }).amount;

  const solutions: number[][] = [];
  const chosen: number[] = [];
  let steps = 0;
  const low = targetCents - options.toleranceCents;
  const high = targetCents + options.toleranceCents;

  const visit = (start: number, sum: number): void => {
    if (solutions.length >= options.maxSolutions || steps > options.maxSteps) return;
    if (chosen.length >= options.minItems && sum >= low && sum <= high) {
      solutions.push(
        chosen.map((position) => (order[position] as { index: number }).index).sort((a, b) => a - b),
      );
      return;
    }
    if (chosen.length >= options.maxItems) return;
    for (let i = start; i < order.length; i++) {
      steps++;
      if (steps > options.maxSteps || solutions.length >= options.maxSolutions) return;
      if (sum + (suffix[i] as number) < low) return; // even taking everything left is too little
      const next = sum + (order[i] as { amount: number }).amount;
      if (next > high) continue;
      chosen.push(i);
      visit(i + 1, next);
      chosen.pop();
    }
  };
  visit(0, 0);
  return solutions;
}
