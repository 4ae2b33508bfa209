import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkSubscriptions,
  DEFAULT_DELIVERY_SETTINGS,
  DeliverySettings,
  DeliverySubscription,
  parseTenantConfig,
  TenantConfigError,
} from '../../../lib/tenant/index.ts';
import { tenantsDirectory } from '../../support/tenants.ts';

type Json = Record<string, unknown>;
const demoInput = (): Json => JSON.parse(readFileSync(join(tenantsDirectory, 'demo.json'), 'utf8')) as Json;

function issuesOf(input: Json): ReadonlyArray<{ field: string; message: string }> {
  try {
    parseTenantConfig(input, 'demo.json');
  } catch (error) {
    if (error instanceof TenantConfigError) return error.issues;
    throw error;
  }
  return [];
}

/** A target as the registry would declare it (no connector on main takes deliveries yet). */
const webshopTrigger = { accepts: ['article.changed', 'stock.changed'] as const };

function check(subscriptions: unknown[]): string[] {
  const issues: string[] = [];
  checkSubscriptions(
    'webshop',
    { subscriptions: subscriptions.map((s) => DeliverySubscription.parse(s)) },
    webshopTrigger,
    ['DEMO'],
    (path, message) => issues.push(`${path.join('.')}: ${message}`),
  );
  return issues;
}

describe('Delivery subscriptions in the tenant file', () => {
  it('refuses subscriptions on a connector without the deliveries trigger, naming the field', () => {
    // Prepare
    const input = demoInput();
    const connectors = (input.connectors ?? {}) as Json;
    connectors['cash-sync'] = {
      ...((connectors['cash-sync'] as Json | undefined) ?? {}),
      subscriptions: [{ administration: 'DEMO', events: ['article.changed'] }],
    };
    input.connectors = connectors;
    // Act
    const issues = issuesOf(input);
    // Assess
    expect(issues).toEqual([
      expect.objectContaining({
        field: expect.stringContaining('cash-sync'),
        message: expect.stringContaining('no deliveries trigger'),
      }),
    ]);
  });

  it('accepts a subscription to types the target accepts', () => {
    // Act / Assess
    expect(
      check([{ administration: 'DEMO', events: ['stock.changed'], filter: { articleGroups: ['webshop'] } }]),
    ).toEqual([]);
  });

  it('names an event type the target does not accept, and an unknown administration', () => {
    // Act
    const issues = check([{ administration: 'OTHER', events: ['article.changed', 'open-item.changed'] }]);
    // Assess
    expect(issues).toEqual([
      'connectors.webshop.subscriptions.0.administration: unknown administration OTHER',
      'connectors.webshop.subscriptions.0.events.1: webshop does not accept open-item.changed (it accepts article.changed, stock.changed)',
    ]);
  });

  it.each([
    { input: { administration: 'DEMO', events: ['article.deleted'] }, path: 'events.0' },
    { input: { administration: 'DEMO', events: [] }, path: 'events' },
    {
      input: {
        administration: 'DEMO',
        events: ['relation.changed'],
        filter: { relationNumbers: { from: '9', to: '1' } },
      },
      path: 'filter.relationNumbers.to',
    },
    {
      input: { administration: 'DEMO', events: ['relation.changed'], filter: { colour: 'red' } },
      path: 'filter',
    },
  ])('names the field of a bad subscription: $path', ({ input, path }) => {
    // Act
    const result = DeliverySubscription.safeParse(input);
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });

  it('defaults the delivery settings sensibly and bounds maxAttempts by SQS', () => {
    // Act / Assess
    expect(DEFAULT_DELIVERY_SETTINGS).toEqual({ requestsPerMinute: 60, burst: 10, maxAttempts: 5 });
    expect(DeliverySettings.safeParse({ maxAttempts: 5000 }).success).toBe(false);
  });
});
