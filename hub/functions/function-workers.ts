import { join } from 'node:path';
import type { HubConsole } from '../console/hub-console.ts';
import type { ProvisionedStack } from '../provision/stack-provisioner.ts';
import type { SynthesizedStack } from '../synth/stack-synthesizer.ts';
import { resolveString } from '../template/intrinsics.ts';
import type { FunctionDefinition, StackTemplate } from '../template/stack-template.ts';
import { FunctionWorker } from './function-worker.ts';
import type { ThreadReserve } from './thread-reserve.ts';

export interface FunctionWorkersOptions {
  template: StackTemplate;
  synthesized: SynthesizedStack;
  provisioned: ProvisionedStack;
  endpoint: string;
  region: string;
  /** Secret name → value, handed to the functions as `CASHLINK_SECRETS`. */
  secrets: Record<string, string>;
  stateDir: string;
  console: HubConsole;
  /** Rewrites a function's `TENANT_CONFIG` (the CASH simulator on another port). */
  tenantConfig?: (raw: string) => string;
  /** Threads started ahead (`npm start`), adopted by the functions' first environments. */
  reserve?: ThreadReserve;
  /** Variables one function gets beyond the template's (function name → variables), e.g. the sign-in provider's. */
  extraEnvironment?: (name: string) => Record<string, string> | undefined;
}

/**
 * One worker per Lambda function of the template, with exactly the environment the template gives it
 * (intrinsics resolved) plus the local endpoint and secrets; the hub warms them (`LocalHub`). CDK's inline
 * deploy-time helpers (custom resources) have no part in a running hub and are skipped.
 */
export function createFunctionWorkers(options: FunctionWorkersOptions): Map<string, FunctionWorker> {
  const { template, synthesized } = options;
  const workers = new Map<string, FunctionWorker>();
  for (const fn of template.functions) {
    if (fn.inline) continue;
    const bundle = fn.serviceName ? synthesized.bundles.get(fn.serviceName) : undefined;
    if (!bundle) {
      options.console.warn(`${fn.serviceName ?? fn.logicalId}: no bundle for this function; it will not run`);
      continue;
    }
    const name = fn.serviceName ?? fn.logicalId;
    const worker = new FunctionWorker({
      name,
      modulePath: bundle,
      exportName: fn.handler.split('.').pop() ?? 'handler',
      timeoutMs: fn.timeoutSeconds * 1000,
      memoryMb: fn.memoryMb,
      environment: environmentOf(fn, name, options),
      logPath: join(options.stateDir, 'logs', `${name}.log`),
      onLogLine: (line) => {
        if (line.level === 'ERROR' || line.level === 'CRITICAL')
          options.console.fail(`${name}: ${line.message}`);
      },
      // As many environments as its queue mappings may keep busy at once (their MaximumConcurrency).
      concurrency: template.sqsConcurrencyOf(fn.logicalId),
      ...(options.reserve ? { reserve: options.reserve } : {}),
    });
    workers.set(fn.logicalId, worker);
  }
  return workers;
}

function environmentOf(
  fn: FunctionDefinition,
  name: string,
  options: FunctionWorkersOptions,
): Record<string, string> {
  const { provisioned, endpoint, region } = options;
  const environment: Record<string, string> = {};
  // What the hub gives a function itself (the sign-in provider's pool id for the app API) replaces the
  // template's value, which may name a resource the hub does not create (a Cognito user pool).
  const extra = options.extraEnvironment?.(name) ?? {};
  for (const [key, value] of Object.entries(fn.environment)) {
    if (key in extra) continue;
    environment[key] = resolveString(value, provisioned.context, `${fn.logicalId} environment ${key}`);
  }
  if (environment.TENANT_CONFIG && options.tenantConfig)
    environment.TENANT_CONFIG = options.tenantConfig(environment.TENANT_CONFIG);
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    ...environment,
    ...extra,
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'test',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
    AWS_LAMBDA_FUNCTION_NAME: provisioned.names.get(fn.logicalId) ?? name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    _HANDLER: fn.handler,
    // No X-Ray daemon locally; metrics and logs still go to the function's log file.
    POWERTOOLS_TRACE_ENABLED: 'false',
    CASHLINK_SECRETS: JSON.stringify(options.secrets),
  };
}
