import { OutboundConfigError } from './outbound-config-error.ts';

/** A target's delivery rate as the token bucket takes it. */
export interface DeliveryRateOptions {
  /** Requests an idle target may take at once. */
  burst: number;
  /** Milliseconds per request (60 000 / requests per minute). */
  intervalMs: number;
}

/** When the tenant file says nothing: a pace every platform in connectors.md §0 accepts. */
export const DEFAULT_DELIVERY_REQUESTS_PER_MINUTE = 60;

/**
 * The rate of a target from its connector settings (`connectors.<target>.delivery.requestsPerMinute`, and
 * `burst`, default a tenth of a minute's requests): one line of wiring in a delivery function.
 */
export function deliveryRateOf(settings: unknown): DeliveryRateOptions {
  const delivery = (settings as { delivery?: { requestsPerMinute?: unknown; burst?: unknown } } | undefined)
    ?.delivery;
  const perMinute = delivery?.requestsPerMinute ?? DEFAULT_DELIVERY_REQUESTS_PER_MINUTE;
  if (typeof perMinute !== 'number' || !Number.isInteger(perMinute) || perMinute < 1 || perMinute > 60_000)
    throw new OutboundConfigError('delivery.requestsPerMinute', 'a whole number from 1 to 60 000', perMinute);
  const burst = delivery?.burst ?? Math.max(1, Math.floor(perMinute / 10));
  if (typeof burst !== 'number' || !Number.isInteger(burst) || burst < 1 || burst > perMinute)
    throw new OutboundConfigError('delivery.burst', `a whole number from 1 to ${perMinute}`, burst);
  return { burst, intervalMs: Math.ceil(60_000 / perMinute) };
}
