import { describe, expect, it } from 'vitest';
import { relationsRoutes } from '../../../lib/app-api/relations/index.ts';
import type { MirrorRelation } from '../../../lib/mirror/index.ts';
import { InMemoryDocuments } from '../partner-api/fixtures.ts';
import { ADMINISTRATIONS, call, TENANT, USERS } from './harness.ts';

const RELATIONS: MirrorRelation[] = [
  { relationNumber: '10002', name: 'Bakkerij Zoet', email: 'info@zoet.example', kvk: '12345678' },
  { relationNumber: '10001', name: 'Autobedrijf Snel', vatId: 'NL001234567B01' },
  { relationNumber: '10003', name: 'Café Het Plein' },
];

function setup() {
  const documents = new InMemoryDocuments();
  const routes = relationsRoutes({
    tenant: TENANT,
    administrations: ADMINISTRATIONS,
    documents,
    publisher: documents,
    mirror: { read: async (administration) => (administration === 'DEMO' ? RELATIONS : []) },
  });
  return { routes, documents };
}

const BASE = '/v1/app/administrations/DEMO/relations';

describe('Function: relationsRoutes', () => {
  it('lists the mirror sorted by name, searchable, in pages', async () => {
    // Prepare
    const { routes } = setup();

    // Act
    const all = await call(routes, USERS.reader, 'GET', `${BASE}?limit=2`);
    const next = await call(routes, USERS.reader, 'GET', `${BASE}?limit=2&cursor=${all.json.nextCursor}`);
    const found = await call(routes, USERS.reader, 'GET', `${BASE}?q=zoet`);

    // Assess
    expect(all.status).toBe(200);
    expect(all.json.items.map((r: MirrorRelation) => r.name)).toEqual(['Autobedrijf Snel', 'Bakkerij Zoet']);
    expect(next.json).toEqual({ items: [RELATIONS[2]] });
    expect(found.json.items.map((r: MirrorRelation) => r.relationNumber)).toEqual(['10002']);
  });

  it.each([
    ['limit=0', 'limit', 'range'],
    ['limit=abc', 'limit', 'range'],
    ['cursor=%3Cscript%3E', 'cursor', 'cursor'],
  ])('answers 400 for %s naming the parameter', async (query, path, rule) => {
    // Act
    const answer = await call(setup().routes, USERS.reader, 'GET', `${BASE}?${query}`);

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.json.errors[0]).toMatchObject({ path, rule });
  });

  it('creates a relation as a relation.upsert event of connector app-api, once per ref', async () => {
    // Prepare
    const { routes, documents } = setup();
    const body = {
      ref: 'new-relation-1',
      name: 'Nieuwe Klant',
      roles: ['customer'],
      iban: 'NL91 ABNA 0417 1643 00',
    };

    // Act
    const first = await call(routes, USERS.bookkeeper, 'POST', BASE, body);
    const again = await call(routes, USERS.bookkeeper, 'POST', BASE, body);

    // Assess
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ status: 'queued', externalId: 'relation:new-relation-1' });
    expect(again.json.eventId).toBe(first.json.eventId);
    expect(documents.published).toHaveLength(2);
    expect(documents.published[0]).toMatchObject({
      type: 'relation.upsert',
      administration: 'DEMO',
      tenant: TENANT,
      source: { connector: 'app-api', externalId: 'relation:new-relation-1' },
      data: { name: 'Nieuwe Klant', iban: 'NL91ABNA0417164300' },
    });
  });

  it.each([
    ['a bad IBAN', { iban: 'NL00 BANK 1234' }, 'data.iban'],
    ['a bad VAT id', { vatId: '123' }, 'data.vatId'],
    ['a bad KvK number', { kvk: '1234' }, 'data.kvk'],
    ['no name', { name: '' }, 'data.name'],
  ])('refuses %s with 400 naming the field, sending nothing', async (_name, patch, path) => {
    // Prepare
    const { routes, documents } = setup();

    // Act
    const answer = await call(routes, USERS.bookkeeper, 'POST', BASE, {
      name: 'X',
      roles: ['customer'],
      ...patch,
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.json.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(documents.published).toEqual([]);
  });

  it('edits a numbered relation as its own event per content', async () => {
    // Prepare
    const { routes, documents } = setup();

    // Act
    const a = await call(routes, USERS.bookkeeper, 'PUT', `${BASE}/10001`, {
      name: 'Autobedrijf Snel',
      roles: ['customer'],
    });
    const b = await call(routes, USERS.bookkeeper, 'PUT', `${BASE}/10001`, {
      name: 'Autobedrijf Snel BV',
      roles: ['customer'],
    });

    // Assess
    expect(a.status).toBe(202);
    expect(b.json.eventId).not.toBe(a.json.eventId);
    expect(documents.published.map((e) => (e.data as { relationNumber?: string }).relationNumber)).toEqual([
      '10001',
      '10001',
    ]);
  });

  it.each([
    ['a read-only user creating', USERS.reader, 'POST', BASE, 'role'],
    ['a bookkeeper of another administration', USERS.outsider, 'GET', BASE, 'administration-not-granted'],
    [
      'a bookkeeper on an administration not granted',
      USERS.bookkeeper,
      'PUT',
      '/v1/app/administrations/OTHER/relations/10001',
      'administration-not-granted',
    ],
  ] as const)('refuses %s (403 %s)', async (_name, user, method, url, rule) => {
    // Act
    const answer = await call(setup().routes, user, method, url, { name: 'X', roles: ['customer'] });

    // Assess
    expect(answer.status).toBe(403);
    expect(answer.json.errors[0].rule).toBe(rule);
  });

  it.each([
    ['not JSON', '{', 'json'],
    ['an array', '[]', 'body-shape'],
    ['a bad ref', { ref: 'x', name: 'X', roles: ['customer'] }, 'ref'],
  ])('answers 400 for a body that is %s', async (_name, body, rule) => {
    // Act
    const answer = await call(setup().routes, USERS.bookkeeper, 'POST', BASE, body);

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.json.errors[0].rule).toBe(rule);
  });
});
