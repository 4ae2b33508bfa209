export { AppAuthenticationError, type AppAuthenticationReason } from './app-authentication-error.ts';
export {
  type AppTokenEnvironment,
  type AppTokenVerifier,
  createAppTokenVerifier,
  JwtAppTokenVerifier,
  type JwtRsaVerifierLike,
  localVerifier,
} from './app-token-verifier.ts';
export {
  type AccessRefusal,
  APP_ROLES,
  type AppAction,
  type AppRole,
  type AppUser,
  grantedAdministrations,
  refusalFor,
} from './app-user.ts';
export {
  ADMINISTRATION_GROUP_PREFIX,
  accessFromGroups,
  administrationGroup,
  appUserFromClaims,
  groupsForAccess,
  isRoleGroup,
} from './app-user-claims.ts';
export { CognitoUserDirectory, type CognitoUserDirectoryOptions } from './cognito-user-directory.ts';
export { createUserDirectory } from './create-user-directory.ts';
export { IdentityConfigError } from './identity-config-error.ts';
export { JwksFetcher } from './jwks-fetcher.ts';
export type { AppUserAccount, AppUserChange, NewAppUser, UserDirectory } from './user-directory.ts';
export { UserDirectoryError, type UserDirectoryErrorCode } from './user-directory-error.ts';
