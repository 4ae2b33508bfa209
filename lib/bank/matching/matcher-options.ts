import type { ShortPaymentTolerance } from './short-payments.ts';
import type { AmountTolerance, MatcherOptions } from './types.ts';

/** Defaults: tolerance €0.05 or 0.1 % (at most €10); auto from 0.9 with a 0.1 lead over the next candidate. */
export const DEFAULT_TOLERANCE: AmountTolerance = {
  absoluteCents: 5,
  relativeBasisPoints: 10,
  maxCents: 1000,
};

export interface ResolvedOptions {
  tolerance: AmountTolerance;
  autoThreshold: number;
  autoMargin: number;
  suggestedRuleAutoAfter: number;
  autoBookPartialPayments: boolean;
  shortPaymentTolerance: ShortPaymentTolerance | undefined;
  consumeMatchedItems: boolean;
  subsetMaxItems: number;
  subsetMaxCandidates: number;
}

export function resolveOptions(options: MatcherOptions): ResolvedOptions {
  return {
    tolerance: { ...DEFAULT_TOLERANCE, ...options.tolerance },
    autoThreshold: options.autoThreshold ?? 0.9,
    autoMargin: options.autoMargin ?? 0.1,
    suggestedRuleAutoAfter: options.suggestedRuleAutoAfter ?? 2,
    autoBookPartialPayments: options.autoBookPartialPayments ?? false,
    shortPaymentTolerance: options.shortPaymentTolerance,
    consumeMatchedItems: options.consumeMatchedItems ?? true,
    subsetMaxItems: options.subsetMaxItems ?? 6,
    subsetMaxCandidates: options.subsetMaxCandidates ?? 40,
  };
}

/** The rounding tolerance for an amount: never more than 1 % of it (five cents off on ten is no rounding). */
export function roundingTolerance(options: ResolvedOptions, amountCents: number): number {
  const { absoluteCents, relativeBasisPoints, maxCents } = options.tolerance;
  const relative = Math.floor((Math.abs(amountCents) * relativeBasisPoints) / 10_000);
  return Math.min(maxCents, Math.max(absoluteCents, relative), Math.floor(Math.abs(amountCents) / 100));
}
