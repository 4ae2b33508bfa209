import { z } from 'zod';
import { EVENT_TYPES, type EventType } from '../../../events/index.ts';
import { PARTNER_SCOPES } from '../../partner-api/api-key.ts';
import type { ApiKeyStore, ApiKeySummary } from '../../partner-api/api-key-store.ts';
import { HttpProblem } from '../../partner-api/errors.ts';
import { jsonResponse, quoted } from '../../partner-api/http.ts';
import type { AppRoute, AppRouteContext } from '../app-route.ts';
import { requireAdministration } from '../runs/administration-check.ts';
import { parseBody } from '../runs/route-input.ts';

/**
 * The services of the API-key routes. They run in the partner-api function, the only one IAM lets read
 * the API-key table (its records hold the signing keys): the app-api function never sees a key record.
 */
export interface ApiKeysServices {
  tenant: string;
  keys: Pick<ApiKeyStore, 'list' | 'create' | 'revoke' | 'get'>;
}

export const NewKeyInput = z
  .object({
    name: z.string().trim().min(1).max(100).describe('who holds the key, e.g. the partner company'),
    administrations: z.array(z.string().min(1).max(20)).min(1).max(200),
    eventTypes: z.array(z.enum(EVENT_TYPES)).min(1).optional().describe('all event types when omitted'),
    scopes: z.array(z.enum(PARTNER_SCOPES)).optional(),
    rateLimitPerMinute: z.number().int().min(1).max(100_000).optional(),
    description: z.string().max(200).optional(),
  })
  .strict();

/** A key as the app lists it (contract: `{ id, name, scopes, administrations, createdAt, lastUsedAt? }`). */
function view(key: ApiKeySummary) {
  return {
    id: key.id,
    name: key.partner,
    scopes: key.scopes ?? ['bank-rules:read'],
    administrations: key.administrations,
    eventTypes: key.eventTypes,
    rateLimitPerMinute: key.rateLimitPerMinute,
    createdAt: key.createdAt,
    ...(key.revokedAt ? { revokedAt: key.revokedAt } : {}),
    ...(key.description ? { description: key.description } : {}),
  };
}

function keyId(context: AppRouteContext): string {
  const id = context.params.id ?? '';
  if (!/^[0-9a-f]{12}$/.test(id))
    throw new HttpProblem(404, 'Not Found', `no API key ${quoted(id)}`, [
      { path: 'id', rule: 'unknown-key', message: 'no such key', value: quoted(id) },
    ]);
  return id;
}

/** Instellingen › API-sleutels: list, make (the secret is answered once) and revoke partner API keys. */
export function apiKeysRoutes(services: ApiKeysServices): AppRoute[] {
  return [
    {
      method: 'GET',
      path: '/v1/app/api-keys',
      action: 'operate',
      async handle(context) {
        const all = context.request.query?.revoked === 'true';
        const keys = (await services.keys.list()).filter((key) => key.tenant === services.tenant);
        return jsonResponse(200, { items: keys.filter((key) => all || !key.revokedAt).map(view) });
      },
    },
    {
      method: 'POST',
      path: '/v1/app/api-keys',
      action: 'operate',
      async handle(context) {
        const input = parseBody(context, NewKeyInput, 'API key');
        for (const administration of input.administrations)
          requireAdministration(context, 'operate', administration);
        const created = await services.keys.create(
          {
            tenant: services.tenant,
            partner: input.name,
            administrations: input.administrations,
            eventTypes: input.eventTypes ?? ([...EVENT_TYPES] as EventType[]),
            ...(input.scopes ? { scopes: input.scopes } : {}),
            ...(input.rateLimitPerMinute ? { rateLimitPerMinute: input.rateLimitPerMinute } : {}),
            ...(input.description ? { description: input.description } : {}),
          },
          context.now,
        );
        const { secretDigest: _digest, signingKey: _signing, ...summary } = created.record;
        // The only time the secret and the signing key leave the function: they are stored as digests only.
        return jsonResponse(201, {
          ...view(summary),
          apiKey: created.apiKey,
          signingKey: created.signingKey,
        });
      },
    },
    {
      method: 'DELETE',
      path: '/v1/app/api-keys/{id}',
      action: 'operate',
      async handle(context) {
        const id = keyId(context);
        const record = await services.keys.get(id);
        if (!record || record.tenant !== services.tenant || !(await services.keys.revoke(id, context.now)))
          throw new HttpProblem(404, 'Not Found', `no API key ${quoted(id)}`, [
            { path: 'id', rule: 'unknown-key', message: 'no such key', value: quoted(id) },
          ]);
        return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' };
      },
    },
  ];
}
