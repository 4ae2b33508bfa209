import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { HttpRequest, PartnerApi } from '../../lib/partner-api/index.ts';
import { connectorRuns, type RunWriter } from '../../lib/runs/index.ts';
import type { Observability } from '../../lib/runtime/powertools.ts';

export interface PartnerApiHandlerDeps {
  /** Where every invocation is recorded as a run (the web app's Runs); none in tests that do not look. */
  runs?: RunWriter;
  /** Builds (once per container) the API with its stores. */
  api: () => Promise<PartnerApi>;
  observability: Observability;
}

/** API Gateway v2 (HTTP API, payload 2.0) event → the API's request: lower-case headers, decoded body. */
export function toHttpRequest(event: APIGatewayProxyEventV2): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const raw = event.body ?? '';
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const [routeMethod, routePath] =
    event.routeKey && event.routeKey !== '$default' ? event.routeKey.split(' ') : [];
  return {
    method: event.requestContext?.http?.method ?? routeMethod ?? 'GET',
    path: event.rawPath ?? event.requestContext?.http?.path ?? routePath ?? '/',
    headers,
    body,
    query: Object.fromEntries(
      Object.entries(event.queryStringParameters ?? {}).filter(
        (e): e is [string, string] => e[1] !== undefined,
      ),
    ),
    ...(event.requestContext?.requestId ? { requestId: event.requestContext.requestId } : {}),
  };
}

/**
 * The partner API Lambda behind the tenant's HTTP API. It authenticates requests itself (API keys or HMAC
 * signatures), so the gateway forwards them unauthorized; every answer is JSON or an RFC 9457 problem.
 */
export function createPartnerApiHandler(deps: PartnerApiHandlerDeps) {
  const { logger, metrics, tracer } = deps.observability;

  const handle = async (
    event: APIGatewayProxyEventV2,
    _context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const request = toHttpRequest(event);
    const api = await deps.api();
    const response = await api.handle(request);
    const family = `${Math.floor(response.statusCode / 100)}xx`;
    metrics.addMetric(`Responses${family}`, MetricUnit.Count, 1);
    const level = response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info';
    logger[level]('partner API request', {
      method: request.method,
      path: request.path,
      status: response.statusCode,
      // Problems are logged whole so support can tell a partner what was wrong; success bodies are not.
      ...(response.statusCode >= 400 ? { problem: response.body.slice(0, 4_000) } : {}),
    });
    return { statusCode: response.statusCode, headers: response.headers, body: response.body };
  };

  return middy(handle)
    .use(
      connectorRuns({
        connector: 'partner-api',
        runs: deps.runs,
        log: (level, message, details) => logger[level](message, details ?? {}),
      }),
    )
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}
