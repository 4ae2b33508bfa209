/** Public surface of the local hub (`npm start`). */
export { LocalCash, type LocalCashOptions, type RuntimeAdministration } from './cash/local-cash.ts';
export { type HubBannerInput, hubBanner } from './console/hub-banner.ts';
export { type BannerSection, HubConsole } from './console/hub-console.ts';
export { type HubEmulatorsOptions, startHubEmulators } from './emulators/hub-emulators.ts';
export { FunctionWorker, type FunctionWorkerOptions } from './functions/function-worker.ts';
export { createFunctionWorkers, type FunctionWorkersOptions } from './functions/function-workers.ts';
export {
  type EventShapeOptions,
  fromLambdaResult,
  type HttpResponseParts,
  type IncomingHttpRequest,
  toApiGatewayEvent,
} from './http/api-gateway-event.ts';
export { HttpApiServer, type HttpApiServerOptions, type HttpRequestReport } from './http/http-api-server.ts';
export { type RouteMatch, RouteTable } from './http/route-table.ts';
export {
  FunctionInvocationError,
  HubError,
  ScheduleExpressionError,
  SynthError,
  TemplateError,
} from './hub-error.ts';
export { type HubAddresses, LocalHub, type LocalHubOptions } from './local-hub.ts';
export { MailboxFolder, type MailboxFolderOptions, type MailboxUpload } from './mailbox/mailbox-folder.ts';
export { DemoPartnerKey } from './partner/demo-partner-key.ts';
export { DEFAULT_POLL_INTERVAL_MS, PollLoop, type PollLoopOptions } from './polling/poll-loop.ts';
export { orderQueues, type ProvisionedStack, StackProvisioner } from './provision/stack-provisioner.ts';
export { ActivityReport } from './report/activity-report.ts';
export { ScheduleExpression } from './schedule/schedule-expression.ts';
export { type WallClock, ZonedClock } from './schedule/zoned-clock.ts';
export { BucketMirror } from './state/bucket-mirror.ts';
export { QueueSnapshot } from './state/queue-snapshot.ts';
export { CdkAppRunner, type CdkAppRunnerOptions } from './synth/cdk-app-runner.ts';
export { type BundleRequest, FunctionBundler } from './synth/function-bundler.ts';
export { StackSynthesizer, type SynthesizedStack } from './synth/stack-synthesizer.ts';
export {
  type IntrinsicContext,
  type ResourceValues,
  resolveIntrinsics,
  resolveString,
} from './template/intrinsics.ts';
export * from './template/stack-template.ts';
export { BucketWatcher, type ObjectChange } from './triggers/bucket-watcher.ts';
export {
  encodeS3EventKey,
  S3NotificationTrigger,
  s3ObjectCreatedEvent,
} from './triggers/s3-notification-trigger.ts';
export { type ScheduleReport, ScheduleTrigger } from './triggers/schedule-trigger.ts';
export { type SqsBatchReport, SqsTrigger } from './triggers/sqs-trigger.ts';
export { TriggerWiring, type TriggerWiringOptions } from './triggers/trigger-wiring.ts';
