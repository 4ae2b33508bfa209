import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Log, LogLevel } from './log.ts';

export interface Observability {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
}

/**
 * Logger, metrics and tracer for one function. Service name and namespace come from the stack's
 * POWERTOOLS_* variables; the tenant is a persistent log key and a (bounded) metric dimension.
 */
export function observability(serviceName: string): Observability {
  const tenant = process.env.TENANT ?? 'local';
  const logger = new Logger({ serviceName, persistentKeys: { tenant } });
  const metrics = new Metrics({
    serviceName,
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'cashlink',
    defaultDimensions: { tenant },
  });
  const tracer = new Tracer({
    serviceName,
    enabled: Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME) && !process.env.AWS_ENDPOINT_URL,
  });
  return { logger, metrics, tracer };
}

/** The logger as the `Log` library code reports through. */
export function logOf(logger: Pick<Logger, LogLevel>): Log {
  return (level, message, details) => logger[level](message, details ?? {});
}
