import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CHANGE_EVENT_TYPES } from '../../../events/change-event.ts';
import { AdministrationCode } from '../../../events/fields.ts';
import { toFieldIssues } from '../../../events/index.ts';
import {
  DELIVERY_STATUSES,
  type DeliveryControlMessage,
  DeliveryCursorError,
  type DeliveryRecord,
  decodeDeliveryCursor,
} from '../../outbound/index.ts';
import { hasScope, type PartnerScope } from '../api-key.ts';
import { HttpProblem } from '../errors.ts';
import { type HttpRequest, type HttpResponse, jsonResponse, quoted } from '../http.ts';
import { requireAdministration } from './administration-access.ts';
import type { RouteContext } from './route-context.ts';

const TargetName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a connector name: a-z, 0-9 and -, at most 40');

export const DeliveryListParams = z.object({
  administration: AdministrationCode,
  target: TargetName,
  status: z.enum(DELIVERY_STATUSES).optional(),
  key: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});

export const DeliveryControlInput = z.object({
  administration: AdministrationCode,
  target: TargetName,
  types: z.array(z.enum(CHANGE_EVENT_TYPES)).min(1).max(CHANGE_EVENT_TYPES.length),
});

/** A delivery record as the API shows it (without the table's keys). */
export function deliveryView(record: DeliveryRecord): Record<string, unknown> {
  return { ...record };
}

function requireScope(ctx: RouteContext, scope: PartnerScope): void {
  if (hasScope(ctx.identity, scope)) return;
  throw new HttpProblem(403, 'Forbidden', `the API key lacks the scope ${scope}`, [
    {
      path: 'authorization',
      rule: 'scope-not-granted',
      message: `the API key needs scope ${scope}`,
      value: scope,
    },
  ]);
}

function badRequest(
  detail: string,
  issues: { path: string; rule: string; message: string; value?: unknown }[],
) {
  return new HttpProblem(400, 'Bad Request', detail, issues);
}

/** `GET /v1/deliveries?administration=&target=&status=&key=&limit=&cursor=`: one page of delivery records. */
export async function listDeliveries(request: HttpRequest, ctx: RouteContext): Promise<HttpResponse> {
  const parsed = DeliveryListParams.safeParse(request.query ?? {});
  if (!parsed.success)
    throw badRequest(
      'the query is not a valid delivery list query',
      toFieldIssues(parsed.error, request.query ?? {}),
    );
  const params = parsed.data;
  requireAdministration(
    ctx,
    params.administration,
    `the API key may not read the deliveries of ${quoted(params.administration)}`,
  );
  requireScope(ctx, 'deliveries:read');
  if (!ctx.deliveries) throw notConfigured('delivery records are not available in this deployment');
  if (params.cursor !== undefined) {
    try {
      decodeDeliveryCursor(params.cursor);
    } catch (error) {
      if (!(error instanceof DeliveryCursorError)) throw error;
      throw badRequest('the cursor is not valid', [
        { path: 'cursor', rule: 'cursor', message: error.message, value: quoted(params.cursor) },
      ]);
    }
  }
  const page = await ctx.deliveries.list({
    administration: params.administration,
    target: params.target,
    limit: params.limit,
    ...(params.status ? { status: params.status } : {}),
    ...(params.key ? { key: params.key } : {}),
    ...(params.cursor ? { cursor: params.cursor } : {}),
  });
  return jsonResponse(200, {
    items: page.items.map(deliveryView),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  });
}

/** `POST /v1/deliveries/full-load` and `/reconcile`: the control message on the target's queue (202). */
export async function requestDeliveryRun(
  body: unknown,
  ctx: RouteContext,
  control: DeliveryControlMessage['control'],
): Promise<HttpResponse> {
  const parsed = DeliveryControlInput.safeParse(body);
  if (!parsed.success)
    throw badRequest(`the body is not a valid ${control} request`, toFieldIssues(parsed.error, body));
  const input = parsed.data;
  requireAdministration(
    ctx,
    input.administration,
    `the API key may not start deliveries of ${quoted(input.administration)}`,
  );
  requireScope(ctx, 'deliveries:write');
  if (!ctx.deliveryQueues) throw notConfigured('outbound deliveries are not available in this deployment');
  const queue = ctx.deliveryQueues(input.target);
  if (!queue)
    throw badRequest('no such delivery target', [
      {
        path: 'target',
        rule: 'unknown-target',
        message: 'this tenant delivers to no such target',
        value: input.target,
      },
    ]);
  const message: DeliveryControlMessage = {
    control,
    target: input.target,
    administration: input.administration,
    types: [...new Set(input.types)],
    runId: `${control === 'full-load' ? 'fl' : 'rc'}_${randomBytes(12).toString('hex')}`,
    requestedAt: ctx.now.toISOString(),
  };
  await queue.sendControl(message);
  return jsonResponse(202, message);
}

function notConfigured(detail: string): HttpProblem {
  return new HttpProblem(501, 'Not Implemented', detail, [
    { path: 'path', rule: 'not-configured', message: detail },
  ]);
}
