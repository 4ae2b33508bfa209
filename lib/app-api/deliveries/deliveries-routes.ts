import { z } from 'zod';
import { CHANGE_EVENT_TYPES } from '../../../events/change-event.ts';
import {
  DELIVERY_STATUSES,
  DeliveryCursorError,
  type DeliveryRecord,
  type DeliveryRetry,
  DeliveryRetryError,
  type DeliveryStore,
  decodeDeliveryCursor,
} from '../../outbound/index.ts';
import { HttpProblem } from '../../partner-api/errors.ts';
import { jsonResponse, quoted } from '../../partner-api/http.ts';
import type { AppRoute, AppRouteContext } from '../app-route.ts';
import { requireAdministration } from '../runs/administration-check.ts';
import { badCursor, pageOf, parseBody, unknownConnector } from '../runs/route-input.ts';

export interface DeliveriesServices {
  /** The stack's delivery targets (enabled connectors with a delivery queue), in registry order. */
  targets: readonly string[];
  records: Pick<DeliveryStore, 'list'>;
  /** "Send again"; without one (no delivery queues in the stack) the route answers 501. */
  retry?: Pick<DeliveryRetry, 'retry'>;
}

export const DeliveryRetryInput = z
  .object({
    administration: z.string().min(1).max(20),
    target: z.string().min(1).max(40),
    type: z.enum(CHANGE_EVENT_TYPES),
    key: z.string().min(1).max(200),
  })
  .strict();

/** A delivery record as the web app shows it: what went where, how it stands, what the target answered. */
export function deliverySummary(record: DeliveryRecord): Record<string, unknown> {
  const { deliveryKey: _key, contentHash: _hash, subscription: _subscription, ...shown } = record;
  return shown;
}

const RETRY_STATUS: Record<DeliveryRetryError['reason'], number> = {
  'unknown-record': 404,
  'not-failed': 409,
  'not-in-mirror': 409,
  'not-retryable': 409,
  'no-queue': 501,
};

function targetOf(name: string | undefined, targets: readonly string[]): string {
  const target = name || targets[0];
  if (target === undefined || !targets.includes(target)) throw unknownConnector(name ?? '', targets);
  return target;
}

function administrationOf(context: AppRouteContext, name: string | undefined): string {
  const administration = name || context.administrations[0];
  if (administration === undefined)
    throw new HttpProblem(404, 'Not Found', 'the tenant has no administration');
  return requireAdministration(context, 'read', administration);
}

/**
 * Leveringen: what the hub sent to each outside system (webshops, field service, …) per record, the target's
 * answer when it failed, and "send again" for a failed one. The list is per administration and target, like
 * the Deliveries table it reads.
 */
export function deliveriesRoutes(services: DeliveriesServices): AppRoute[] {
  return [
    {
      method: 'GET',
      path: '/v1/app/deliveries/targets',
      action: 'read',
      async handle() {
        return jsonResponse(200, { targets: services.targets, canRetry: services.retry !== undefined });
      },
    },
    {
      method: 'GET',
      path: '/v1/app/deliveries',
      action: 'read',
      async handle(context) {
        const query = context.request.query ?? {};
        const page = pageOf(context);
        const administration = administrationOf(context, query.administration);
        const target = targetOf(query.target, services.targets);
        const status = query.status || undefined;
        if (status !== undefined && !(DELIVERY_STATUSES as readonly string[]).includes(status))
          throw new HttpProblem(400, 'Bad Request', 'the status is not a delivery status', [
            {
              path: 'status',
              rule: 'enum',
              message: `one of ${DELIVERY_STATUSES.join(', ')}`,
              value: quoted(status),
            },
          ]);
        if (page.cursor !== undefined) {
          try {
            decodeDeliveryCursor(page.cursor);
          } catch (error) {
            if (error instanceof DeliveryCursorError) throw badCursor(page.cursor, error);
            throw error;
          }
        }
        const answer = await services.records.list({
          administration,
          target,
          limit: page.limit,
          ...(status ? { status: status as DeliveryRecord['status'] } : {}),
          ...(page.cursor ? { cursor: page.cursor } : {}),
        });
        return jsonResponse(200, {
          items: answer.items.map(deliverySummary),
          ...(answer.nextCursor ? { nextCursor: answer.nextCursor } : {}),
        });
      },
    },
    {
      method: 'POST',
      path: '/v1/app/deliveries/retry',
      action: 'operate',
      async handle(context) {
        const input = parseBody(context, DeliveryRetryInput, 'retry request');
        requireAdministration(context, 'operate', input.administration);
        targetOf(input.target, services.targets);
        if (!services.retry)
          throw new HttpProblem(501, 'Not Implemented', 'this stack has no delivery queues to send to');
        try {
          const message = await services.retry.retry(input);
          return jsonResponse(202, {
            status: 'pending',
            target: message.target,
            type: message.event.type,
            key: message.event.key,
          });
        } catch (error) {
          if (!(error instanceof DeliveryRetryError)) throw error;
          const status = RETRY_STATUS[error.reason];
          throw new HttpProblem(
            status,
            status === 404 ? 'Not Found' : status === 409 ? 'Conflict' : 'Not Implemented',
            error.message,
            [{ path: 'key', rule: error.reason, message: error.message, value: quoted(input.key) }],
            {},
            { cause: error },
          );
        }
      },
    },
  ];
}
