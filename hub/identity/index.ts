export { CognitoAdminApi, type CognitoAdminApiOptions } from './cognito-admin-api.ts';
export { DEFAULT_DEMO_PASSWORD, DEMO_USERS, demoPassword, seedDemoUsers } from './demo-users.ts';
export { parseFormBody } from './form-body.ts';
export { FormBodyError } from './form-body-error.ts';
export {
  DEFAULT_IDENTITY_PORT,
  DEFAULT_WEB_ORIGINS,
  type HubIdentity,
  type HubIdentityOptions,
  LOCAL_CLIENT_ID,
  startHubIdentity,
} from './hub-identity.ts';
export { IdentityServer } from './identity-server.ts';
export { type LocalUser, LocalUserStore } from './local-user-store.ts';
export { OidcProvider, type OidcProviderOptions } from './oidc-provider.ts';
export { SigningKey } from './signing-key.ts';
export { ACCESS_SECONDS, TokenIssuer } from './token-issuer.ts';
