import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTenantConfig, TenantConfigError } from '../../../lib/tenant/index.ts';
import { tenantsDirectory } from '../../support/tenants.ts';

type Json = Record<string, unknown>;

/** The demo tenant file with `cashRateLimit` set (or left out). */
function withRateLimit(cashRateLimit: unknown): Json {
  const input = JSON.parse(readFileSync(join(tenantsDirectory, 'demo.json'), 'utf8')) as Json;
  if (cashRateLimit !== undefined) input.cashRateLimit = cashRateLimit;
  return input;
}

describe('cashRateLimit in the tenant file', () => {
  it('is optional: without it the limiter takes its defaults', () => {
    // Act
    const config = parseTenantConfig(withRateLimit(undefined));
    // Assess
    expect(config.cashRateLimit).toBeUndefined();
  });

  it('reads a token bucket and fills the rest with defaults', () => {
    // Act
    const config = parseTenantConfig(withRateLimit({ burst: 30, requestsPerMinute: 60 }));
    // Assess
    expect(config.cashRateLimit).toMatchObject({ algorithm: 'token-bucket', burst: 30, syncReserve: 5 });
  });

  it('refuses a bucket whose rolling minute could pass CASH’s budget, naming the field', () => {
    // Act
    const attempt = () => parseTenantConfig(withRateLimit({ burst: 41, requestsPerMinute: 60 }));
    // Assess
    expect(attempt).toThrow(TenantConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as TenantConfigError).issues.map((i) => i.field)).toContain('cashRateLimit.burst');
    }
  });
});
