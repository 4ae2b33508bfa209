import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { ENV } from '../tenant/env-names.ts';
import { CognitoUserDirectory } from './cognito-user-directory.ts';
import { IdentityConfigError } from './identity-config-error.ts';
import type { UserDirectory } from './user-directory.ts';

/**
 * The app's user directory from the function's environment: the pool `APP_USER_POOL_ID`, through Cognito's
 * endpoint or the override `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER` (the hub's stand-in).
 */
export function createUserDirectory(env: Readonly<Record<string, string | undefined>>): UserDirectory {
  const userPoolId = env[ENV.appUserPoolId];
  if (!userPoolId)
    throw new IdentityConfigError(ENV.appUserPoolId, `environment ${ENV.appUserPoolId} is not set`);
  const endpoint = env[ENV.cognitoEndpoint];
  const region = env.AWS_REGION ?? userPoolId.split('_')[0] ?? 'eu-west-1';
  const client = new CognitoIdentityProviderClient({ region, ...(endpoint ? { endpoint } : {}) });
  return new CognitoUserDirectory({ client, userPoolId });
}
