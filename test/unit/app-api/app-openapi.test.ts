import { describe, expect, it } from 'vitest';
import { type AppServices, appRoutes } from '../../../functions/app-api/app-routes.ts';
import { type ApiKeysServices, apiKeysRoutes } from '../../../lib/app-api/api-keys/index.ts';
import { APP_OPERATIONS } from '../../../lib/app-api/index.ts';
import { buildOpenApiDocument } from '../../../lib/partner-api/index.ts';

type Operation = { security?: unknown; operationId?: string; responses: Record<string, unknown> };

describe('app API description', () => {
  // The routes are only listed here, never called: their services are not needed. The API-key routes are
  // the partner-api function's (only it may read the key table), behind the same router.
  const routes = [
    ...appRoutes({ ops: new Proxy({}, { get: () => ({}) }) } as unknown as AppServices),
    ...apiKeysRoutes({} as unknown as ApiKeysServices),
  ];
  const paths = buildOpenApiDocument().paths as Record<string, Record<string, Operation>>;

  it('describes every route the function serves, with bearerAuth, and nothing it does not serve', () => {
    // Act
    const described = Object.entries(paths)
      .filter(([path]) => path.startsWith('/v1/app/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
    // Assess
    expect(described.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of routes) {
      const op = paths[route.path]?.[route.method.toLowerCase()] as Operation;
      expect(op.security).toEqual([{ bearerAuth: [] }]);
      expect(op.responses['401']).toBeDefined();
    }
  });

  it('documents each route with the action the router checks', () => {
    // Assess
    for (const route of routes) {
      const doc = APP_OPERATIONS.find((op) => op.method === route.method && op.path === route.path);
      expect(doc?.action, `${route.method} ${route.path}`).toBe(route.action);
    }
  });

  it('declares the bearer scheme', () => {
    // Act
    const schemes = (buildOpenApiDocument().components as { securitySchemes: Record<string, unknown> })
      .securitySchemes;
    // Assess
    expect(schemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });
});
