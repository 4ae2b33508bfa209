import { randomBytes } from 'node:crypto';
import { HttpProblem } from '../../partner-api/errors.ts';
import { jsonResponse } from '../../partner-api/http.ts';
import { type HourEntry, HourEntryInput, type HoursStore } from '../../sales-invoices/index.ts';
import type { AppRoute } from '../app-route.ts';
import { answering, badRequest, jsonObjectBody, pageAnswer, pageOf, param } from '../relations/index.ts';
import { zodProblems } from './zod-problems.ts';

export interface HoursServices {
  hours: HoursStore;
}

const BASE = '/v1/app/administrations/{administration}/hours';
const HOUR_ID = /^\d{4}-\d{2}-\d{2}-[0-9a-f]{12}$/;

/**
 * Uren: hours per customer and project, entered per administration and billed with Uren en facturen.
 * `?relation=` and `?project=` narrow the list, `?unbilled=true` leaves billed hours out; oldest first.
 */
export function hoursRoutes(services: HoursServices): AppRoute[] {
  return [
    {
      method: 'GET',
      path: BASE,
      action: 'read',
      handle: (context) =>
        answering(async () => {
          const page = pageOf(context);
          const query = context.request.query ?? {};
          const entries = (await services.hours.list(param(context, 'administration')))
            .filter((e) => !query.relation || e.relationNumber === query.relation)
            .filter((e) => !query.project || e.project === query.project)
            .filter((e) => query.unbilled !== 'true' || e.invoiceId === undefined)
            .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
          return jsonResponse(200, pageAnswer(entries, page));
        }),
    },
    {
      method: 'POST',
      path: BASE,
      action: 'act',
      handle: (context) =>
        answering(async () => {
          const body = jsonObjectBody(context);
          const parsed = HourEntryInput.safeParse(body);
          if (!parsed.success)
            throw badRequest('the hours are invalid; nothing was stored', zodProblems(parsed.error, body));
          const entry: HourEntry = {
            ...parsed.data,
            id: `${parsed.data.date}-${randomBytes(6).toString('hex')}`,
            administration: param(context, 'administration'),
            createdAt: context.now.toISOString(),
            createdBy: context.user.username,
          };
          await services.hours.add(entry);
          return jsonResponse(201, entry);
        }),
    },
    {
      method: 'DELETE',
      path: `${BASE}/{id}`,
      action: 'act',
      handle: (context) =>
        answering(async () => {
          const id = param(context, 'id');
          if (!HOUR_ID.test(id))
            throw badRequest('not an hours id', [
              { path: 'id', rule: 'hour-id', message: 'an id this API gave', value: id.slice(0, 80) },
            ]);
          const outcome = await services.hours.remove(param(context, 'administration'), id);
          if (outcome === 'not-found')
            throw new HttpProblem(404, 'Not Found', `no hours ${id}`, [
              { path: 'id', rule: 'not-found', message: 'no such hours', value: id },
            ]);
          if (outcome === 'billed')
            throw new HttpProblem(409, 'Conflict', `hours ${id} are on an invoice`, [
              {
                path: 'id',
                rule: 'billed',
                message: 'billed hours stay: credit the invoice instead',
                value: id,
              },
            ]);
          return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' };
        }),
    },
  ];
}
