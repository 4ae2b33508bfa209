import type { AppTokenVerifierPort, DocumentQueriesPort } from '../../lib/app-api/index.ts';
import { createAppTokenVerifier } from '../../lib/identity/index.ts';
import { HttpProblem } from '../../lib/partner-api/index.ts';

/** Cognito in AWS, the hub's local provider on one machine: chosen by the function's environment. */
export function appTokenVerifier(): AppTokenVerifierPort {
  return createAppTokenVerifier(process.env);
}

/**
 * A seam the lead wires at merge, where another team's part lands: `DocumentQueries` of `lib/documents/`
 * (index team). Until then the routes that need it answer 503 naming what is missing: nothing pretends.
 */
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
