import type { AppTokenVerifierPort, DocumentQueriesPort } from '../../lib/app-api/index.ts';
import { HttpProblem } from '../../lib/partner-api/index.ts';

/**
 * Seams the lead wires at merge, where another team's part lands:
 * - `appTokenVerifier`: `createAppTokenVerifier(process.env)` from `lib/identity/` (identity team);
 * - `documentQueries`: `DocumentQueries` of `lib/documents/` (index team).
 * Until then the routes that need them answer 503 naming what is missing: nothing pretends to work.
 */
export function appTokenVerifier(): AppTokenVerifierPort {
  return {
    verify: async () => {
      throw notWired('sign-in verification', 'lib/identity createAppTokenVerifier');
    },
  };
}

export function documentQueries(): DocumentQueriesPort {
  const fail = async (): Promise<never> => {
    throw notWired('the document index', 'lib/documents DocumentQueries');
  };
  return { reviewQueue: fail, list: fail };
}

function notWired(what: string, part: string): HttpProblem {
  return new HttpProblem(503, 'Service Unavailable', `${what} is not part of this build`, [
    {
      path: '(deployment)',
      rule: 'not-configured',
      message: `${part} is not wired into the app-api function`,
    },
  ]);
}
