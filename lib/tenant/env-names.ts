/**
 * Names of the environment variables the stack hands to every function. The runtime (lib/runtime) imports
 * these constants so infrastructure and handlers can never disagree about a name.
 */
export const ENV = {
  tenant: 'TENANT',
  eventQueueUrl: 'EVENT_QUEUE_URL',
  documentsTable: 'DOCUMENTS_TABLE',
  idempotencyTable: 'IDEMPOTENCY_TABLE',
  mirrorTable: 'MIRROR_TABLE',
  /** Partner API keys and request nonces; set only for the function granted `api-keys`. */
  apiKeysTable: 'API_KEYS_TABLE',
  mailboxBucket: 'MAILBOX_BUCKET',
  archiveBucket: 'ARCHIVE_BUCKET',
  /** Key prefix inside the archive bucket where XML/ASCII files for CASH are written (the outbox). */
  outboxPrefix: 'OUTBOX_PREFIX',
  /** The validated tenant file as JSON, without deployment-only fields. Never holds secret values. */
  tenantConfig: 'TENANT_CONFIG',
  /** The event queue's redrive maxReceiveCount: the writer marks documents failed on the last delivery. */
  maxReceiveCount: 'CASHLINK_MAX_RECEIVE_COUNT',
  /** For the app-api function: connector → function name of the connectors "run now" may start (JSON). */
  appFunctionNames: 'APP_FUNCTION_NAMES',
  powertoolsServiceName: 'POWERTOOLS_SERVICE_NAME',
  powertoolsMetricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  nodeOptions: 'NODE_OPTIONS',
  /** The web app's Cognito user pool (functions with `user` routes only); with APP_TOKEN_ISSUER unset, tokens are Cognito's. */
  appUserPoolId: 'APP_USER_POOL_ID',
  /** The web app's OAuth client id (public client, code grant + PKCE); access tokens must carry it as `client_id`. */
  appClientId: 'APP_CLIENT_ID',
  /** A non-Cognito token issuer (the hub's local sign-in provider); set together with APP_JWKS_URI. */
  appTokenIssuer: 'APP_TOKEN_ISSUER',
  /** Where the keys of APP_TOKEN_ISSUER are (`…/jwks.json`). */
  appJwksUri: 'APP_JWKS_URI',
  /** The SDK's endpoint override for Cognito Identity Provider (the hub's local stand-in). */
  cognitoEndpoint: 'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

/**
 * Names not every function gets: the API-key table (the function granted `api-keys`), the web app's sign-in
 * (the functions with `user` routes: app-api, and partner-api for the API-key pages; the hub's stand-in adds
 * its issuer, keys and endpoint there too), the functions "run now" may start (app-api).
 */
export const SINGLE_FUNCTION_ENV: ReadonlySet<EnvName> = new Set<EnvName>([
  ENV.apiKeysTable,
  ENV.appUserPoolId,
  ENV.appClientId,
  ENV.appTokenIssuer,
  ENV.appJwksUri,
  ENV.cognitoEndpoint,
  ENV.appFunctionNames,
]);

/** The outbox lives in the archive bucket under this prefix, per administration: `outbox/<adm>/…`. */
export const OUTBOX_PREFIX = 'outbox/';

/** Lambda refuses a function whose environment variables exceed 4 KB in total (keys + values). */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;
