import { randomUUID } from 'node:crypto';
import { payloadHash } from '../../documents/index.ts';
import type { MirrorRelation } from '../../mirror/index.ts';
import { jsonResponse } from '../../partner-api/http.ts';
import type { AppRoute, AppRouteContext } from '../app-route.ts';
import { AppEventSender, type AppEventServices } from './app-event-sender.ts';
import { answering, badRequest, jsonObjectBody, pageAnswer, pageOf, param } from './intake-http.ts';

/** The CASH mirror as these routes read it (MirrorStore in the stack). */
export interface RelationMirror {
  read(administration: string, kind: 'relations'): Promise<MirrorRelation[]>;
}

export interface RelationsServices extends AppEventServices {
  mirror: RelationMirror;
}

const BASE = '/v1/app/administrations/{administration}/relations';
const RELATION_NUMBER = /^\d{1,6}$/;
/** A client-chosen key that makes a repeated "create" the same event (e.g. a double click). */
const REF = /^[A-Za-z0-9_-]{8,64}$/;

function matches(relation: MirrorRelation, q: string): boolean {
  const needle = q.toLowerCase();
  return [
    relation.relationNumber,
    relation.name,
    relation.searchName,
    relation.email,
    relation.vatId,
    relation.kvk,
  ]
    .filter((v): v is string => typeof v === 'string')
    .some((v) => v.toLowerCase().includes(needle));
}

function refOf(body: Record<string, unknown>): string {
  const ref = body.ref;
  if (ref === undefined) return randomUUID();
  if (typeof ref !== 'string' || !REF.test(ref))
    throw badRequest('ref is not a usable key', [
      { path: 'ref', rule: 'ref', message: '8-64 letters, digits, _ or -', value: String(ref).slice(0, 80) },
    ]);
  return ref;
}

const withoutRef = (body: Record<string, unknown>) => {
  const { ref: _ref, ...data } = body;
  return data;
};

/**
 * Relaties: the administration's relations from the CASH mirror (searchable), and creating or editing one
 * as a `relation.upsert` event through the partner API's door, so IBAN, VAT id, KvK and CASH's field
 * lengths are checked the same way (400 naming `data.<field>`). An edit of a numbered relation is its own
 * event (the content is part of its id): a booked edit is never "changed after booking", and sending the
 * same edit twice is one event.
 */
export function relationsRoutes(services: RelationsServices): AppRoute[] {
  const sender = new AppEventSender(services);
  const send = async (context: AppRouteContext, externalId: string, data: unknown) => {
    const administration = param(context, 'administration');
    const sent = await sender.send(
      context.user,
      administration,
      'relation.upsert',
      externalId,
      data,
      context.now,
    );
    return jsonResponse(sent.status === 'queued' ? 202 : 200, { ...sent, externalId });
  };
  return [
    {
      method: 'GET',
      path: BASE,
      action: 'read',
      handle: (context) =>
        answering(async () => {
          const page = pageOf(context);
          const q = (context.request.query?.q ?? '').trim().slice(0, 100);
          const all = await services.mirror.read(param(context, 'administration'), 'relations');
          const found = (q ? all.filter((r) => matches(r, q)) : [...all]).sort(
            (a, b) => a.name.localeCompare(b.name, 'nl') || a.relationNumber.localeCompare(b.relationNumber),
          );
          return jsonResponse(200, pageAnswer(found, page));
        }),
    },
    {
      method: 'POST',
      path: BASE,
      action: 'act',
      handle: (context) =>
        answering(async () => {
          const body = jsonObjectBody(context);
          const ref = refOf(body);
          return send(context, `relation:${ref}`, withoutRef(body));
        }),
    },
    {
      method: 'PUT',
      path: `${BASE}/{relation}`,
      action: 'act',
      handle: (context) =>
        answering(async () => {
          const key = param(context, 'relation');
          const body = withoutRef(jsonObjectBody(context));
          if (RELATION_NUMBER.test(key)) {
            const data = { ...body, relationNumber: key };
            return send(context, `relation:${key}:${payloadHash(data).slice(0, 16)}`, data);
          }
          if (!REF.test(key))
            throw badRequest('not a relation number or ref', [
              {
                path: 'relation',
                rule: 'relation-key',
                message: 'a relation number (1-6 digits) or the ref it was created with',
                value: key.slice(0, 80),
              },
            ]);
          // A relation created here and not numbered yet: the same event, with its content replaced.
          return send(context, `relation:${key}`, body);
        }),
    },
  ];
}
