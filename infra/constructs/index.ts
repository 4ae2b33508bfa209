export { AppUserPool, type AppUserPoolProps } from './app-user-pool.ts';
export {
  ConnectorFunction,
  type ConnectorFunctionProps,
  type ConnectorResources,
} from './connector-function.ts';
export { EventQueue, type EventQueueProps } from './event-queue.ts';
export { MailIntake, type MailIntakeProps, type MailRoute, mailRoutes } from './mail-intake.ts';
export { PartnerHttpApi, type PartnerHttpApiProps } from './partner-http-api.ts';
export { TenantBuckets } from './tenant-buckets.ts';
export {
  ERROR_RATE_THRESHOLD_PERCENT,
  EVENT_AGE_THRESHOLD,
  type MonitoredConnector,
  TenantMonitoring,
  type TenantMonitoringProps,
} from './tenant-monitoring.ts';
export { type ConnectorScheduleProps, SCHEDULE_TIME_ZONE, TenantSchedules } from './tenant-schedules.ts';
export { IDEMPOTENCY_TTL_ATTRIBUTE, TABLE_TTL_ATTRIBUTE, TenantTables } from './tenant-tables.ts';
export { WebHosting, type WebHostingProps, type WebSignIn } from './web-hosting.ts';
