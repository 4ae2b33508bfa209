import { z } from 'zod';
import { CHANGE_EVENT_TYPES } from '../../events/change-event.ts';
import { DELIVERY_STATUSES } from '../outbound/delivery-record.ts';
import { DeliveryControlInput } from './routes/deliveries.ts';

export const DeliveryRecordView = z
  .object({
    administration: z.string(),
    target: z.string().describe('the target connector'),
    type: z
      .enum([...CHANGE_EVENT_TYPES, 'invalid'])
      .describe('invalid: a queue message that was no delivery'),
    key: z.string().describe("the record's key in the mirror (article code, relation number, …)"),
    status: z.enum(DELIVERY_STATUSES),
    deliveryKey: z.string().describe('sha256(target|type|key|contentHash)'),
    contentHash: z.string(),
    subscription: z.string().optional(),
    mode: z.enum(['change', 'full-load', 'reconcile']).optional(),
    occurredAt: z.string().optional(),
    attempts: z.number().int(),
    lastAttemptAt: z.string().optional(),
    deliveredAt: z.string().optional(),
    remoteId: z.string().optional().describe("the record's id at the target"),
    answer: z.string().optional().describe("the target's answer, cut to 2 000 characters"),
    error: z.string().optional(),
    reason: z.string().optional().describe('why the target skipped it'),
    queuedBy: z.string().optional().describe('the full load or reconcile that queued it last'),
    updatedAt: z.string(),
  })
  .describe("one record's delivery to one target");

export const DeliveryList = z.object({
  items: z.array(DeliveryRecordView),
  nextCursor: z.string().optional().describe('pass as cursor for the next page; absent on the last'),
});

export const DeliveryRunAccepted = z.object({
  control: z.enum(['full-load', 'reconcile']),
  target: z.string(),
  administration: z.string(),
  types: z.array(z.enum(CHANGE_EVENT_TYPES)),
  runId: z.string().describe('the run on the Runs page (connector delivery-<target>)'),
  requestedAt: z.string(),
});

export { DeliveryControlInput };

interface PathHelpers {
  ref: (name: string) => Record<string, unknown>;
  problem: (description: string) => Record<string, unknown>;
  common: Record<string, unknown>;
}

/** GET /v1/deliveries and the full-load and reconcile requests (scopes deliveries:read / deliveries:write). */
export function deliveryOpenApiPaths({ ref, problem, common }: PathHelpers): Record<string, unknown> {
  const query = (name: string, schema: Record<string, unknown>, required = false, description?: string) => ({
    name,
    in: 'query',
    required,
    schema,
    ...(description ? { description } : {}),
  });
  const run = (operationId: string, summary: string) => ({
    post: {
      operationId,
      summary,
      requestBody: { required: true, content: { 'application/json': { schema: ref('DeliveryRunRequest') } } },
      responses: {
        '202': {
          description: 'the request is on the target’s queue; follow the run on the Runs page',
          content: { 'application/json': { schema: ref('DeliveryRunAccepted') } },
        },
        '400': problem('invalid body (field, rule and value), or a target this tenant does not deliver to'),
        ...common,
        '403': problem('administration not granted to the key, or scope deliveries:write missing'),
        '415': problem('the body is not application/json'),
        '501': problem('no outbound deliveries in this deployment'),
      },
    },
  });
  return {
    '/v1/deliveries': {
      get: {
        operationId: 'listDeliveries',
        summary: 'Delivery records of one administration and target: pending, delivered, failed or skipped',
        parameters: [
          query('administration', { type: 'string', pattern: '^[A-Za-z0-9_-]{1,20}$' }, true),
          query('target', { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }, true),
          query('status', { type: 'string', enum: [...DELIVERY_STATUSES] }),
          query('key', { type: 'string', maxLength: 200 }, false, 'only this record key (article code, …)'),
          query('limit', { type: 'integer', minimum: 1, maximum: 100, default: 50 }),
          query('cursor', { type: 'string' }, false, 'nextCursor of the previous page'),
        ],
        responses: {
          '200': {
            description: 'one page',
            content: { 'application/json': { schema: ref('DeliveryList') } },
          },
          '400': problem('invalid query parameter or cursor'),
          ...common,
          '403': problem('administration not granted to the key, or scope deliveries:read missing'),
          '501': problem('no delivery records in this deployment'),
        },
      },
    },
    '/v1/deliveries/full-load': run(
      'requestFullLoad',
      'Queue every mirror record of the types for the target (paged, resumable; records it holds unchanged are left out)',
    ),
    '/v1/deliveries/reconcile': run(
      'requestReconcile',
      "Compare the target's records with the mirror, queue what is missing or different, report what only the target has",
    ),
  };
}
