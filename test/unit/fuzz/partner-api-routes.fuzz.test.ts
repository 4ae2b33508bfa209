import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BankRuleStore } from '../../../lib/partner-api/index.ts';
import { fuzzParameters, STACK_FRAME } from '../../support/fuzz.ts';
import { keyRecord, request, signedRequest, testApi } from '../partner-api/fixtures.ts';
import { InMemoryMatchMemory } from '../partner-api/in-memory-match-memory.ts';

type Answer = { statusCode: number; headers?: Record<string, string>; body: string };

/** Never a 5xx; a 4xx is an RFC 9457 problem document; no stack frame anywhere in the body. */
function expectWellFormed(response: Answer): void {
  expect(response.statusCode).toBeLessThan(500);
  expect(response.body).not.toMatch(STACK_FRAME);
  if (response.statusCode < 400) return;
  expect(response.headers?.['content-type']).toBe('application/problem+json');
  const problem = JSON.parse(response.body) as Record<string, unknown>;
  expect(problem.status).toBe(response.statusCode);
  expect(typeof problem.title).toBe('string');
  expect(typeof problem.type).toBe('string');
  expect(Array.isArray(problem.errors)).toBe(true);
}

function api() {
  const record = keyRecord({ rateLimitPerMinute: 1_000_000, scopes: ['bank-rules:write'] });
  return testApi({ bankRules: new BankRuleStore(new InMemoryMatchMemory()) }, record);
}

/** Any JSON, and text that is not JSON at all. */
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null'),
  fc.string({ maxLength: 200 }),
);
/** A path segment: ordinary, percent-escaped (also malformed escapes) or plain junk. */
const segment = fc.oneof(
  fc.constantFrom('DEMO', 'OTHER', 'demo', '..', '%', '%zz', '%00', 'evt_0', 'r1'),
  fc.string({ minLength: 1, maxLength: 30 }).map((text) => encodeURIComponent(text)),
  fc.stringMatching(/^[^/?#]{1,20}$/),
);

const ROUTES = {
  'POST /v1/events': { method: 'POST', path: () => fc.constant('/v1/events') },
  'GET /v1/documents/{id}': { method: 'GET', path: () => segment.map((id) => `/v1/documents/${id}`) },
  'POST /v1/corrections': { method: 'POST', path: () => fc.constant('/v1/corrections') },
  'GET bank-rules': { method: 'GET', path: () => segment.map((a) => `/v1/administrations/${a}/bank-rules`) },
  'POST bank-rules': {
    method: 'POST',
    path: () => segment.map((a) => `/v1/administrations/${a}/bank-rules`),
  },
  'GET bank-rules/{id}': {
    method: 'GET',
    path: () => fc.tuple(segment, segment).map(([a, id]) => `/v1/administrations/${a}/bank-rules/${id}`),
  },
  'DELETE bank-rules/{id}': {
    method: 'DELETE',
    path: () => fc.tuple(segment, segment).map(([a, id]) => `/v1/administrations/${a}/bank-rules/${id}`),
  },
  'POST bank-rules/{id}/accept': {
    method: 'POST',
    path: () =>
      fc.tuple(segment, segment).map(([a, id]) => `/v1/administrations/${a}/bank-rules/${id}/accept`),
  },
  'GET bank-deny-list': {
    method: 'GET',
    path: () => segment.map((a) => `/v1/administrations/${a}/bank-deny-list`),
  },
  'PUT bank-deny-list': {
    method: 'PUT',
    path: () => segment.map((a) => `/v1/administrations/${a}/bank-deny-list`),
  },
  'POST bank-deny-list': {
    method: 'POST',
    path: () => segment.map((a) => `/v1/administrations/${a}/bank-deny-list`),
  },
} as const;

describe('every partner-API route under fuzzed input', () => {
  it.each(Object.entries(ROUTES))(
    '%s: never 5xx, a problem document on 4xx, no stack',
    async (_name, route) => {
      // Prepare
      const { api: partnerApi } = api();
      const bodyOf = route.method === 'GET' || route.method === 'DELETE' ? fc.constant('') : body;
      await fc.assert(
        fc.asyncProperty(
          route.path(),
          bodyOf,
          fc.dictionary(
            fc.constantFrom('If-Match', 'if-match', 'content-type'),
            fc.string({ maxLength: 40 }),
          ),
          fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 20 }), {
            maxKeys: 3,
          }),
          async (path, text, headers, query) => {
            // Act
            const response = await partnerApi.handle({
              ...request(route.method, path, text, headers),
              query,
            });
            // Assess
            expectWellFormed(response);
          },
        ),
        fuzzParameters(40),
      );
    },
  );

  it('POST /webhooks/{connector} (signed): never 5xx, a problem document on 4xx, no stack', async () => {
    // Prepare
    const { api: partnerApi, documents } = api();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('woocommerce', 'lightspeed', 'invoice-mailbox', 'partner-api', 'x'),
        body,
        async (connector, text) => {
          // Act
          const response = await partnerApi.handle(signedRequest('POST', `/webhooks/${connector}`, text));
          // Assess
          expectWellFormed(response);
        },
      ),
      fuzzParameters(40),
    );
    expect(documents.published.every((event) => event.source.connector === 'woocommerce')).toBe(true);
  });

  it('answers forged or broken authentication on any route with 401/403 problems, never 5xx', async () => {
    // Prepare
    const { api: partnerApi } = api();
    const routes = Object.values(ROUTES);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.dictionary(
          fc.constantFrom(
            'authorization',
            'x-cashlink-key-id',
            'x-cashlink-timestamp',
            'x-cashlink-nonce',
            'x-cashlink-signature',
          ),
          fc.string({ maxLength: 80 }),
        ),
        async (route, headers) => {
          // Act
          const response = await partnerApi.handle({
            method: route.method,
            path: '/v1/administrations/DEMO/bank-rules',
            headers: { authorization: '', ...headers },
            body: '',
          });
          // Assess
          expectWellFormed(response);
        },
      ),
      fuzzParameters(60),
    );
  });
});
