/**
 * The tenant model: the tenant file's schema (`infra/tenants/<tenant>.json`), the connector registry with
 * each connector's settings schema, and the environment variable names. Both the CDK stack (infra/) and
 * the functions read it, so it depends on neither.
 */
export { type BankImportSettings, bankImportSettings } from './bank-import-settings.ts';
export {
  type ConnectorDefinition,
  type ConnectorGrant,
  type ConnectorName,
  type ConnectorTriggers,
  connectorNames,
  connectorRegistry,
  connectors,
  type HttpMethod,
  type HttpRouteDefinition,
  type ScheduleDefinition,
} from './connector-registry.ts';
export { commonSettings, MAX_SILENT_AFTER_HOURS, openSettings } from './connector-settings.ts';
export {
  checkSubscriptions,
  DEFAULT_DELIVERY_SETTINGS,
  DeliverySettings,
  DeliverySubscription,
  SubscriptionFilter,
} from './delivery-subscriptions.ts';
export {
  ENV,
  type EnvName,
  LAMBDA_ENVIRONMENT_LIMIT_BYTES,
  OUTBOX_PREFIX,
  SINGLE_FUNCTION_ENV,
} from './env-names.ts';
export { parseRuntimeConfig, parseTenantConfig } from './parse-tenant-config.ts';
export {
  Administration,
  type ConnectorConfig,
  ConnectorMappings,
  ConnectorSchedule,
  Deployment,
  MAPPING_CHOICES,
  MailInbound,
  MailOutbound,
  PartnerApi,
  TenantConfig,
  type TenantConfigInput,
  type TenantRuntimeConfig,
  toRuntimeConfig,
  WebApp,
} from './tenant-config.ts';
export { TenantConfigError, type TenantConfigIssue } from './tenant-config-error.ts';
export {
  administrationsFor,
  deliveryTargets,
  enabledConnectors,
  schedulesFor,
  servedAdministrationCodes,
} from './tenant-connectors.ts';
export { listTenants, loadTenantConfig } from './tenant-files.ts';
