import type { SQSClient } from '@aws-sdk/client-sqs';
import { DeliveryQueue } from './delivery-queue.ts';
import { OutboundConfigError } from './outbound-config-error.ts';

/**
 * The targets' delivery queues from `DELIVERY_QUEUES` (JSON `{ "<target>": "<queue url>" }`, set by the
 * stack): target name → its queue, undefined for a target the tenant has none for. Unset = no targets.
 */
export function deliveryQueuesOf(
  sqs: Pick<SQSClient, 'send'>,
  raw: string | undefined,
): (target: string) => DeliveryQueue | undefined {
  if (!raw) return () => undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new OutboundConfigError('DELIVERY_QUEUES', 'JSON: { "<target>": "<queue url>" }', raw);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new OutboundConfigError('DELIVERY_QUEUES', 'an object { "<target>": "<queue url>" }', value);
  const queues = new Map<string, DeliveryQueue>();
  for (const [target, url] of Object.entries(value)) {
    if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url))
      throw new OutboundConfigError(`DELIVERY_QUEUES.${target}`, 'a queue URL', url);
    queues.set(target, new DeliveryQueue(sqs, url));
  }
  return (target) => queues.get(target);
}
