import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { AppRouter } from '../../lib/app-api/index.ts';
import type { Observability } from '../../lib/runtime/powertools.ts';
import { toHttpRequest } from '../partner-api/partner-api-handler.ts';

export interface AppApiHandlerDeps {
  /** Builds (once per container) the router with its stores. */
  router: () => Promise<AppRouter>;
  observability: Observability;
}

/**
 * The web app's API Lambda behind `ANY /v1/app/{proxy+}`. It verifies the bearer token itself (in AWS the
 * HTTP API's JWT authorizer checks it first too); every answer is JSON, a file, or an RFC 9457 problem.
 * Bodies are not logged: they hold what people typed.
 */
export function createAppApiHandler(deps: AppApiHandlerDeps) {
  const { logger, metrics, tracer } = deps.observability;

  const handle = async (
    event: APIGatewayProxyEventV2,
    _context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const request = toHttpRequest(event);
    const router = await deps.router();
    const response = await router.handle(request);
    metrics.addMetric(`Responses${Math.floor(response.statusCode / 100)}xx`, MetricUnit.Count, 1);
    const level = response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info';
    logger[level]('app API request', {
      method: request.method,
      // The path only: query strings may carry search terms a person typed.
      path: request.path,
      status: response.statusCode,
      requestId: response.headers['x-request-id'],
      ...(response.statusCode >= 400 && !response.isBase64Encoded
        ? { problem: response.body.slice(0, 2_000) }
        : {}),
    });
    return {
      statusCode: response.statusCode,
      headers: response.headers,
      body: response.body,
      ...(response.isBase64Encoded ? { isBase64Encoded: true } : {}),
    };
  };

  return middy(handle)
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}
