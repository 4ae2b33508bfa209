/**
 * Public surface of the infrastructure package. The runtime imports only the CDK-free modules:
 * `env-names.ts`, `connectors.ts`, `tenant-config.ts` (and its error), never the stack or constructs.
 */

export {
  type ConnectorDefinition,
  type ConnectorGrant,
  type ConnectorName,
  type ConnectorTriggers,
  connectorNames,
  connectorRegistry,
  connectors,
  type HttpRouteDefinition,
  MAX_SILENT_AFTER_HOURS,
  type ScheduleDefinition,
} from '../lib/tenant/connector-registry.ts';
export { ENV, type EnvName, LAMBDA_ENVIRONMENT_LIMIT_BYTES, OUTBOX_PREFIX } from '../lib/tenant/env-names.ts';
export {
  Administration,
  administrationsFor,
  type ConnectorConfig,
  ConnectorSchedule,
  enabledConnectors,
  listTenants,
  loadTenantConfig,
  MailInbound,
  PartnerApi,
  parseRuntimeConfig,
  parseTenantConfig,
  schedulesFor,
  TenantConfig,
  type TenantConfigInput,
  type TenantRuntimeConfig,
  toRuntimeConfig,
} from '../lib/tenant/tenant-config.ts';
export { TenantConfigError, type TenantConfigIssue } from '../lib/tenant/tenant-config-error.ts';
export {
  type BuildAppOptions,
  buildApp,
  DEFAULT_PROJECT_ROOT,
  DEFAULT_TENANTS_DIRECTORY,
  stackNameOf,
} from './app.ts';
export * from './constructs/index.ts';
export { InfraError } from './infra-error.ts';
export { TenantStack, type TenantStackProps } from './tenant-stack.ts';
