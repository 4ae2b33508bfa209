import { describe, expect, it } from 'vitest';
import { choicesRoutes, vatCodeChoices } from '../../../lib/app-api/choices/index.ts';
import { meRoutes } from '../../../lib/app-api/me/index.ts';
import { DEMO_VAT_RULES } from '../../../lib/invoices/index.ts';
import type { MirrorKind, MirrorSnapshot } from '../../../lib/mirror/index.ts';
import { parse, request, router, TENANT, USERS } from './fixtures.ts';

const MIRROR: Partial<Record<MirrorKind, unknown[]>> = {
  ledgerAccounts: [
    { account: '8000', description: 'Omzet hoog' },
    { account: '4000', description: 'Inkoopkosten', vatCode: '2' },
    { account: '4310', description: 'Kantoorbenodigdheden' },
  ],
  relations: [
    { relationNumber: '1077', name: 'Bakkerij De Korenaar B.V.', iban: 'NL91ABNA0417164300' },
    { relationNumber: '2001', name: 'Kantoorhandel Jansen' },
  ],
  costCentres: [
    { code: 'K1', description: 'Kantoor' },
    { code: 'K9', description: 'Oud', blocked: true },
  ],
  journals: [{ code: 'INK', description: 'Inkoopboek', kind: 'purchase' }],
  articles: [],
};

function api() {
  const reads: Array<[string, string]> = [];
  const mirror = {
    async read<K extends MirrorKind>(administration: string, kind: K): Promise<MirrorSnapshot[K]> {
      reads.push([administration, kind]);
      return (MIRROR[kind] ?? []) as MirrorSnapshot[K];
    },
  };
  const routes = [
    ...meRoutes({
      tenant: TENANT,
      administrationNames: new Map([
        ['DEMO', 'Demo B.V.'],
        ['TWEE', 'Twee B.V.'],
      ]),
    }),
    ...choicesRoutes({ mirror, vatCodes: () => vatCodeChoices(DEMO_VAT_RULES) }),
  ];
  return { api: router(routes), reads };
}

describe('GET /v1/app/me', () => {
  it.each([
    [
      'operator',
      [
        { code: 'DEMO', name: 'Demo B.V.' },
        { code: 'TWEE', name: 'Twee B.V.' },
      ],
    ],
    ['bookkeeper', [{ code: 'DEMO', name: 'Demo B.V.' }]],
    ['outsider', []],
  ] as const)('answers the %s with the administrations granted', async (user, administrations) => {
    // Prepare
    const { api: app } = api();
    // Act
    const response = await app.handle(request('GET', '/v1/app/me', { user }));
    // Assess
    expect(response.statusCode).toBe(200);
    expect(parse(response)).toEqual({ user: USERS[user], tenant: TENANT, administrations });
  });
});

describe('GET /v1/app/administrations/{administration}/choices', () => {
  it('answers ledger accounts from the mirror sorted by code, searched by code or name', async () => {
    // Prepare
    const { api: app, reads } = api();
    // Act
    const all = parse(
      await app.handle(
        request('GET', '/v1/app/administrations/DEMO/choices', {
          user: 'reader',
          query: { kind: 'ledgerAccounts' },
        }),
      ),
    );
    const byName = parse(
      await app.handle(
        request('GET', '/v1/app/administrations/DEMO/choices', {
          query: { kind: 'ledgerAccounts', q: 'kantoor' },
        }),
      ),
    );
    const byCode = parse(
      await app.handle(
        request('GET', '/v1/app/administrations/DEMO/choices', {
          query: { kind: 'ledgerAccounts', q: '80' },
        }),
      ),
    );
    // Assess
    expect(all.items).toEqual([
      { value: '4000', label: 'Inkoopkosten', detail: 'BTW 2' },
      { value: '4310', label: 'Kantoorbenodigdheden' },
      { value: '8000', label: 'Omzet hoog' },
    ]);
    expect(byName.items.map((c: { value: string }) => c.value)).toEqual(['4310']);
    expect(byCode.items.map((c: { value: string }) => c.value)).toEqual(['8000']);
    expect(reads[0]).toEqual(['DEMO', 'ledgerAccounts']);
  });

  it('leaves blocked cost centres out and shows relations with their IBAN', async () => {
    // Prepare
    const { api: app } = api();
    // Act
    const centres = parse(
      await app.handle(
        request('GET', '/v1/app/administrations/DEMO/choices', { query: { kind: 'costCentres' } }),
      ),
    );
    const relations = parse(
      await app.handle(
        request('GET', '/v1/app/administrations/DEMO/choices', {
          query: { kind: 'relations', q: 'korenaar', limit: '5' },
        }),
      ),
    );
    // Assess
    expect(centres.items).toEqual([{ value: 'K1', label: 'Kantoor' }]);
    expect(relations.items).toEqual([
      { value: '1077', label: 'Bakkerij De Korenaar B.V.', detail: 'NL91ABNA0417164300' },
    ]);
  });

  it('answers VAT codes from the settings, each once', async () => {
    // Prepare
    const { api: app, reads } = api();
    // Act
    const response = parse(
      await app.handle(
        request('GET', '/v1/app/administrations/DEMO/choices', { query: { kind: 'vatCodes' } }),
      ),
    );
    // Assess
    expect(response.items.map((c: { value: string }) => c.value)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
    ]);
    expect(response.items[2].detail).toContain('inkoop standaard ≥ 15%');
    expect(reads).toEqual([]);
  });

  it.each([
    [{}, 'kind', 'required'],
    [{ kind: 'openItems' }, 'kind', 'enum'],
    [{ kind: 'relations', limit: '500' }, 'limit', 'range'],
  ])('answers 400 for %o', async (query, path, rule) => {
    // Prepare
    const { api: app } = api();
    // Act
    const response = await app.handle(request('GET', '/v1/app/administrations/DEMO/choices', { query }));
    // Assess
    expect(response.statusCode).toBe(400);
    expect(parse(response).errors[0]).toMatchObject({ path, rule });
  });

  it('answers 403 for an administration not granted, without reading the mirror', async () => {
    // Prepare
    const { api: app, reads } = api();
    // Act
    const response = await app.handle(
      request('GET', '/v1/app/administrations/TWEE/choices', {
        user: 'bookkeeper',
        query: { kind: 'relations' },
      }),
    );
    // Assess
    expect(response.statusCode).toBe(403);
    expect(reads).toEqual([]);
  });
});
