import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParameters } from '../../support/fuzz.ts';
import { keyRecord, memo, request, testApi } from './fixtures.ts';

// A generous limit: these tests send many requests within the frozen test minute.
const unlimited = () => testApi({}, keyRecord({ rateLimitPerMinute: 100_000 }));

const ANSWERS = new Set([200, 202, 400, 403, 404, 405, 409, 413, 415]);

describe('PartnerApi with hostile input', () => {
  it('answers any JSON body with a client status and a problem naming path and rule, never a crash', async () => {
    const { api, documents } = unlimited();
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (body) => {
        // Act
        const response = await api.handle(request('POST', '/v1/events', JSON.stringify(body)));
        // Assess
        expect(ANSWERS.has(response.statusCode)).toBe(true);
        if (response.statusCode >= 400) {
          const problem = JSON.parse(response.body) as { errors: { path: string; rule: string }[] };
          expect(problem.errors.length).toBeGreaterThan(0);
          for (const error of problem.errors)
            expect(typeof error.path === 'string' && typeof error.rule === 'string').toBe(true);
        }
      }),
      fuzzParameters(300),
    );
    expect(documents.published).toHaveLength(0);
  });

  it('answers mutated events (random field replaced) with 202 or a 400 naming the field', async () => {
    const { api } = unlimited();
    const base = memo('fuzz');
    const paths = [
      'data.journal',
      'data.date',
      'data.description',
      'data.lines',
      'administration',
      'source.externalId',
      'type',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.anything(), async (path, value) => {
        // Prepare
        const event = structuredClone(base) as Record<string, unknown>;
        const keys = path.split('.');
        let target = event;
        for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
        target[keys.at(-1) as string] = value;
        const { id: _id, ...withoutId } = event;
        // Act
        const response = await api.handle(request('POST', '/v1/events', JSON.stringify(withoutId)));
        // Assess
        expect([200, 202, 400, 403]).toContain(response.statusCode);
      }),
      fuzzParameters(300),
    );
  });

  it('answers arbitrary paths and methods without crashing', async () => {
    const { api } = unlimited();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        fc.webPath(),
        async (method, path) => {
          // Act
          const response = await api.handle(
            request(method, path || '/', method === 'GET' ? undefined : '{}'),
          );
          // Assess
          expect(response.statusCode).toBeLessThan(500);
        },
      ),
      fuzzParameters(200),
    );
  });
});
