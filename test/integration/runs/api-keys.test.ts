import { beforeAll, describe, expect, it } from 'vitest';
import { apiKeysRoutes } from '../../../lib/app-api/api-keys/index.ts';
import { ApiKeyStore, Authenticator, InMemoryNonceStore } from '../../../lib/partner-api/index.ts';
import { call, rules, users } from '../../unit/app-api-ops/fixtures.ts';
import { type TestResources, testResources } from '../helpers.ts';

describe('app API keys on the API-key table (partner-api function)', () => {
  let resources: TestResources;
  let store: ApiKeyStore;

  beforeAll(async () => {
    resources = await testResources();
    // The API-key table has the pk/sk layout of the documents table.
    store = new ApiKeyStore(resources.clients.documents, resources.documentsTable);
  });

  it('makes a key answered once, lists it without secrets, and revokes it', async () => {
    // Prepare
    const routes = apiKeysRoutes({ tenant: 'demo', keys: store });
    // Act
    const created = await call(routes, 'POST', '/v1/app/api-keys', {
      body: { name: 'Webshop BV', administrations: ['DEMO'], scopes: ['bank-rules:write'] },
    });
    const listed = await call(routes, 'GET', '/v1/app/api-keys');
    const id = created.json.id as string;
    const authenticated = await new Authenticator(store, 'demo', new InMemoryNonceStore()).authenticate({
      method: 'POST',
      path: '/v1/events',
      headers: { authorization: `Bearer ${created.json.apiKey as string}` },
      body: '',
    });
    const revoked = await call(routes, 'DELETE', '/v1/app/api-keys/{id}', { params: { id } });
    const after = await call(routes, 'GET', '/v1/app/api-keys');
    const withRevoked = await call(routes, 'GET', '/v1/app/api-keys', { query: { revoked: 'true' } });
    // Assess
    expect(created.status).toBe(201);
    expect(created.json.apiKey).toMatch(/^clk_[0-9a-f]{12}_[0-9a-f]{64}$/);
    expect(authenticated.id).toBe(id);
    const items = listed.json.items as Record<string, unknown>[];
    expect(items).toEqual([
      expect.objectContaining({
        id,
        name: 'Webshop BV',
        scopes: ['bank-rules:write'],
        administrations: ['DEMO'],
      }),
    ]);
    expect(JSON.stringify(listed.json)).not.toMatch(/secretDigest|signingKey|clk_/);
    expect(revoked.status).toBe(204);
    expect(after.json.items).toEqual([]);
    expect((withRevoked.json.items as { revokedAt?: string }[])[0]?.revokedAt).toBeDefined();
  });

  it('refuses a key for an administration the tenant lacks, and an unknown id', async () => {
    // Prepare
    const routes = apiKeysRoutes({ tenant: 'demo', keys: store });
    // Act
    const bad = await call(routes, 'POST', '/v1/app/api-keys', {
      user: users.operator,
      body: { name: 'X', administrations: ['NOPE'] },
    });
    const unknown = await call(routes, 'DELETE', '/v1/app/api-keys/{id}', { params: { id: '000000000000' } });
    // Assess
    expect([bad.status, unknown.status]).toEqual([403, 404]);
    expect(rules(bad.json)).toEqual(['administration-not-granted']);
  });
});
