import { z } from 'zod';

/**
 * How the writers and cash-sync of a tenant share each CASH API key's budget (the tenant file's
 * `cashRateLimit`). `token-bucket`: an idle key lets `burst` requests through at once and refills at
 * `requestsPerMinute`, so any rolling minute holds at most `burst + requestsPerMinute`; cash-sync leaves
 * `syncReserve` tokens for bookings. `fixed-window`: the earlier 1-second windows of 1 request (≤ 61 per
 * rolling minute), kept for comparison.
 */
export const CashRateLimitSettings = z
  .object({
    algorithm: z.enum(['token-bucket', 'fixed-window']).default('token-bucket'),
    /** CASH's own budget per API key and rolling minute; the limiter stays at or under it. */
    cashLimitPerMinute: z.number().int().min(1).max(100_000).default(100),
    requestsPerMinute: z.number().int().min(1).max(100_000).default(60),
    burst: z.number().int().min(1).max(100_000).default(20),
    /** Tokens cash-sync's mirror reads leave in the bucket, so they never hold up a first booking. */
    syncReserve: z.number().int().min(0).default(5),
    /** A CASH call waits at most this long for a token before the batch is retried later. */
    maxWaitMs: z.number().int().min(0).max(900_000).default(60_000),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.algorithm === 'token-bucket' && s.burst + s.requestsPerMinute > s.cashLimitPerMinute)
      ctx.addIssue({
        code: 'custom',
        path: ['burst'],
        message: `burst + requestsPerMinute (${s.burst} + ${s.requestsPerMinute}) must be at most cashLimitPerMinute (${s.cashLimitPerMinute}): that sum is what one rolling minute can hold`,
      });
    if (s.algorithm === 'fixed-window' && s.cashLimitPerMinute < 61)
      ctx.addIssue({
        code: 'custom',
        path: ['cashLimitPerMinute'],
        message: `fixed-window lets up to 61 requests into a rolling minute; cashLimitPerMinute ${s.cashLimitPerMinute} is lower`,
      });
    if (s.syncReserve >= s.burst)
      ctx.addIssue({
        code: 'custom',
        path: ['syncReserve'],
        message: `syncReserve ${s.syncReserve} must be below burst ${s.burst}, or cash-sync could never take a token`,
      });
  });
export type CashRateLimitSettings = z.infer<typeof CashRateLimitSettings>;
export type CashRateLimitSettingsInput = z.input<typeof CashRateLimitSettings>;
