/**
 * Short payments of an invoice the line names: within the tenant's tolerance the customer took a discount
 * (betalingskorting) or paid costs off, and the difference goes to the payment-difference account; beyond it
 * the payment is partial (remainder stays open) or, when the text speaks of a discount, a person decides.
 */
export interface ShortPaymentTolerance {
  /** Largest shortfall as basis points of the outstanding amount (200 = 2 %). */
  basisPoints?: number;
  /** Largest shortfall in cents. */
  cents?: number;
}

/** Words with which payers announce a discount they took. */
const DISCOUNT_MARKER =
  /\b(?:korting|betalingskorting|kredietbeperking|contantkorting|skonto|discount)\b|\b\d{1,2}(?:[.,]\d{1,2})?\s?%/i;

export function mentionsDiscount(text: string): boolean {
  return DISCOUNT_MARKER.test(text);
}

/**
 * Whether a shortfall (cents, positive) on an outstanding amount (cents, any sign) is within the tolerance:
 * every limit given must hold. Integer arithmetic only: basis points × amount against shortfall × 10,000.
 */
export function withinShortPaymentTolerance(
  shortfallCents: number,
  outstandingCents: number,
  tolerance: ShortPaymentTolerance | undefined,
): boolean {
  if (!tolerance || (tolerance.basisPoints === undefined && tolerance.cents === undefined)) return false;
  if (shortfallCents <= 0) return false;
  if (tolerance.cents !== undefined && shortfallCents > tolerance.cents) return false;
  if (
    tolerance.basisPoints !== undefined &&
    BigInt(shortfallCents) * 10_000n > BigInt(Math.abs(outstandingCents)) * BigInt(tolerance.basisPoints)
  )
    return false;
  return true;
}
