import { DEFAULT_DELIVERY_SETTINGS } from '../tenant/delivery-subscriptions.ts';
import { OutboundConfigError } from './outbound-config-error.ts';

/** A target's delivery rate as the token bucket takes it. */
export interface DeliveryRateOptions {
  /** Requests an idle target may take at once. */
  burst: number;
  /** Milliseconds per request (60 000 / requests per minute). */
  intervalMs: number;
}

/**
 * The rate of a target from its connector settings (`connectors.<target>.delivery`, the tenant file's
 * DeliverySettings: `requestsPerMinute`, `burst`; their defaults when absent): one line of wiring in a
 * delivery function. Checked again here, so a hand-made settings object cannot start a bad bucket.
 */
export function deliveryRateOf(settings: unknown): DeliveryRateOptions {
  const delivery = (settings as { delivery?: { requestsPerMinute?: unknown; burst?: unknown } } | undefined)
    ?.delivery;
  const perMinute = delivery?.requestsPerMinute ?? DEFAULT_DELIVERY_SETTINGS.requestsPerMinute;
  if (typeof perMinute !== 'number' || !Number.isInteger(perMinute) || perMinute < 1 || perMinute > 60_000)
    throw new OutboundConfigError('delivery.requestsPerMinute', 'a whole number from 1 to 60 000', perMinute);
  const burst = delivery?.burst ?? DEFAULT_DELIVERY_SETTINGS.burst;
  if (typeof burst !== 'number' || !Number.isInteger(burst) || burst < 1 || burst > 10_000)
    throw new OutboundConfigError('delivery.burst', 'a whole number from 1 to 10 000', burst);
  return { burst, intervalMs: Math.ceil(60_000 / perMinute) };
}
