import type { ChangeEvent } from '../../events/change-event.ts';
import type { SubscriptionFilter } from '../tenant/delivery-subscriptions.ts';

/** A subscription as the router holds it: the target, its id for the delivery record, and what it wants. */
export interface RoutedSubscription {
  target: string;
  /** `<target>#<administration>#<index in the tenant file>`. */
  id: string;
  administration: string;
  events: readonly ChangeEvent['type'][];
  filter: SubscriptionFilter;
}

const articleOf = (event: ChangeEvent): { code: string; group?: string } | undefined =>
  event.type === 'article.changed' || event.type === 'stock.changed' ? event.data : undefined;

const relationOf = (event: ChangeEvent): string | undefined =>
  event.type === 'relation.changed' ||
  event.type === 'open-item.changed' ||
  event.type === 'sales-order.changed'
    ? event.data.relationNumber
    : undefined;

/**
 * Whether a subscription routes a change event: same administration, a chosen type, and every filter
 * criterion that applies to the type holds (an article filter does not hold back relations).
 */
export function matchesSubscription(subscription: RoutedSubscription, event: ChangeEvent): boolean {
  if (event.administration !== subscription.administration) return false;
  if (!subscription.events.includes(event.type)) return false;
  const { articleGroups, articleCodes, relationNumbers, ledgerAccounts } = subscription.filter;
  const article = articleOf(event);
  if (article && articleGroups && !(article.group && articleGroups.includes(article.group))) return false;
  if (article && articleCodes && !articleCodes.includes(article.code)) return false;
  if (relationNumbers && event.type !== 'article.changed' && event.type !== 'stock.changed') {
    const number = Number(relationOf(event) ?? Number.NaN);
    if (!(number >= Number(relationNumbers.from) && number <= Number(relationNumbers.to))) return false;
  }
  if (ledgerAccounts && event.type === 'open-item.changed') {
    const ledger = event.key.slice(event.key.lastIndexOf('#') + 1);
    if (!ledgerAccounts.includes(ledger)) return false;
  }
  return true;
}

/** The subscriptions of every target in a tenant's connectors (enabled ones only). */
export function subscriptionsOf(
  connectors: Readonly<
    Record<
      string,
      | { enabled?: boolean; subscriptions?: ReadonlyArray<Omit<RoutedSubscription, 'target' | 'id'>> }
      | undefined
    >
  >,
): RoutedSubscription[] {
  return Object.entries(connectors).flatMap(([target, entry]) =>
    entry && entry.enabled !== false
      ? (entry.subscriptions ?? []).map((s, index) => ({
          target,
          id: `${target}#${s.administration}#${index}`,
          administration: s.administration,
          events: s.events,
          filter: s.filter ?? {},
        }))
      : [],
  );
}
