import { z } from 'zod';
import { CHANGE_EVENT_TYPES, type ChangeEventType } from '../../events/change-event.ts';
import { AdministrationCode } from '../../events/fields.ts';

const RelationNumberText = z.string().regex(/^[0-9]{1,6}$/, 'a CASH relation number (1 to 6 digits)');

/** Which records of the chosen types a subscription routes; every given criterion must hold. */
export const SubscriptionFilter = z
  .object({
    articleGroups: z
      .array(z.string().min(1).max(40))
      .min(1)
      .optional()
      .describe('articles and stock: only these CASH article groups'),
    articleCodes: z
      .array(z.string().min(1).max(40))
      .min(1)
      .optional()
      .describe('articles and stock: only these article codes'),
    relationNumbers: z
      .object({ from: RelationNumberText, to: RelationNumberText })
      .strict()
      .refine((range) => Number(range.from) <= Number(range.to), {
        message: 'from must not be above to',
        path: ['to'],
      })
      .optional()
      .describe('relations, open items and sales orders: only relation numbers in this range'),
    ledgerAccounts: z
      .array(z.string().min(1).max(10))
      .min(1)
      .optional()
      .describe('open items: only those on these ledger accounts (the last part of their key)'),
  })
  .strict();
export type SubscriptionFilter = z.infer<typeof SubscriptionFilter>;

export const DeliverySubscription = z
  .object({
    administration: AdministrationCode,
    events: z.array(z.enum(CHANGE_EVENT_TYPES)).min(1, 'choose at least one change event type'),
    filter: SubscriptionFilter.default({}),
  })
  .strict();
export type DeliverySubscription = z.infer<typeof DeliverySubscription>;

/** The target's rate limit and retries (the rate limit is shared across the target's invocations). */
export const DeliverySettings = z
  .object({
    requestsPerMinute: z.number().int().min(1).max(6000).default(60),
    burst: z.number().int().min(1).max(1000).default(10),
    maxAttempts: z
      .number()
      .int()
      .min(1)
      .max(1000, 'SQS allows a maxReceiveCount of at most 1000')
      .default(5)
      .describe("deliveries of a message before it goes to the target's dead-letter queue"),
  })
  .strict();
export type DeliverySettings = z.infer<typeof DeliverySettings>;

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = DeliverySettings.parse({});

/** What the registry says of a target: whether it takes deliveries, and which change event types. */
interface DeliveryTrigger {
  accepts: readonly ChangeEventType[];
}

/**
 * Checks a connector's subscriptions against its registry entry and the tenant's administrations: only a
 * connector with the `deliveries` trigger may subscribe, only to types it accepts, in known administrations.
 */
export function checkSubscriptions(
  connector: string,
  entry: { subscriptions?: DeliverySubscription[]; delivery?: unknown },
  trigger: DeliveryTrigger | undefined,
  administrations: readonly string[],
  addIssue: (path: (string | number)[], message: string) => void,
): void {
  const at = (...path: (string | number)[]) => ['connectors', connector, ...path];
  if (!trigger) {
    if (entry.subscriptions)
      addIssue(
        at('subscriptions'),
        `${connector} takes no deliveries of change events (no deliveries trigger)`,
      );
    if (entry.delivery) addIssue(at('delivery'), `${connector} takes no deliveries of change events`);
    return;
  }
  entry.subscriptions?.forEach((subscription, index) => {
    if (!administrations.includes(subscription.administration))
      addIssue(
        at('subscriptions', index, 'administration'),
        `unknown administration ${subscription.administration}`,
      );
    subscription.events.forEach((type, position) => {
      if (!trigger.accepts.includes(type))
        addIssue(
          at('subscriptions', index, 'events', position),
          `${connector} does not accept ${type} (it accepts ${trigger.accepts.join(', ') || 'none'})`,
        );
    });
  });
}
