import { z } from 'zod';
import { CHANGE_EVENT_TYPES, ChangeEvent } from '../../events/change-event.ts';
import { AdministrationCode } from '../../events/fields.ts';
import type { DeliveryControlMessage, DeliveryMessage } from './delivery-target.ts';

const TargetName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a connector name: a-z, 0-9 and -');

export const DeliveryMessageBody = z.object({
  target: TargetName,
  subscription: z.string().min(1).max(200),
  administration: AdministrationCode,
  deliveryKey: z.string().regex(/^[0-9a-f]{64}$/, '64 hex digits'),
  mode: z.enum(['change', 'full-load', 'reconcile']),
  event: ChangeEvent,
});

export const DeliveryControlBody = z.object({
  control: z.enum(['full-load', 'reconcile']),
  target: TargetName,
  administration: AdministrationCode,
  types: z.array(z.enum(CHANGE_EVENT_TYPES)).min(1).max(CHANGE_EVENT_TYPES.length),
  runId: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, '1 to 80 of A-Z, a-z, 0-9, _ and -'),
  cursor: z.string().max(2000).optional(),
  requestedAt: z.string().datetime({ offset: true }),
});

/** What one queue message holds once read; `invalid` names the field, rule and value that failed. */
export type QueueBody =
  | { kind: 'delivery'; message: DeliveryMessage }
  | { kind: 'control'; control: DeliveryControlMessage }
  | { kind: 'invalid'; reason: string; administration?: string };

/** Reads a delivery queue's message body: a DeliveryMessage, a DeliveryControlMessage, or why it is neither. */
export function readQueueBody(body: string): QueueBody {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { kind: 'invalid', reason: `body: not JSON (${(error as Error).message})` };
  }
  const named = (value ?? {}) as Record<string, unknown>;
  const administration =
    typeof named.administration === 'string' && AdministrationCode.safeParse(named.administration).success
      ? named.administration
      : undefined;
  const schema = typeof named.control === 'string' ? DeliveryControlBody : DeliveryMessageBody;
  const parsed = schema.safeParse(value);
  if (parsed.success) {
    return 'control' in parsed.data
      ? { kind: 'control', control: parsed.data as DeliveryControlMessage }
      : { kind: 'delivery', message: parsed.data as DeliveryMessage };
  }
  const issues = parsed.error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.join('.') || '(body)';
    return `${path}: ${issue.message} (${issue.code}), value ${quotedValue(value, issue.path)}`;
  });
  return { kind: 'invalid', reason: issues.join('; '), ...(administration ? { administration } : {}) };
}

function quotedValue(root: unknown, path: readonly PropertyKey[]): string {
  let value = root;
  for (const part of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[part];
  const text = value === undefined ? 'missing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
