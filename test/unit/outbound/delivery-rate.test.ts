import { describe, expect, it } from 'vitest';
import { deliveryRateOf, OutboundConfigError } from '../../../lib/outbound/index.ts';

describe('deliveryRateOf', () => {
  it.each([
    [undefined, { burst: 10, intervalMs: 1_000 }],
    [{ delivery: { requestsPerMinute: 120, burst: 4 } }, { burst: 4, intervalMs: 500 }],
    [{ delivery: { requestsPerMinute: 7 } }, { burst: 10, intervalMs: 8_572 }],
  ])('reads %j as %j', (settings, expected) => {
    // Act & Assess
    expect(deliveryRateOf(settings)).toEqual(expected);
  });

  it.each([
    [{ delivery: { requestsPerMinute: 0 } }, 'delivery.requestsPerMinute'],
    [{ delivery: { requestsPerMinute: 1.5 } }, 'delivery.requestsPerMinute'],
    [{ delivery: { burst: '5' } }, 'delivery.burst'],
  ])('refuses %j naming %s', (settings, field) => {
    // Act & Assess
    expect(() => deliveryRateOf(settings)).toThrow(OutboundConfigError);
    expect(() => deliveryRateOf(settings)).toThrow(new RegExp(`^${field.replace('.', '\\.')}: `));
  });
});
