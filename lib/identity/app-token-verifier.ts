import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  FetchError,
  JwksNotAvailableInCacheError,
  JwksValidationError,
  JwkValidationError,
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
} from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { errorMessage } from '../runtime/error-message.ts';
import { truncateText } from '../runtime/quoted-text.ts';
import { ENV } from '../tenant/env-names.ts';
import { AppAuthenticationError, type AppAuthenticationReason } from './app-authentication-error.ts';
import type { AppUser } from './app-user.ts';
import { appUserFromClaims } from './app-user-claims.ts';
import { IdentityConfigError } from './identity-config-error.ts';
import { JwksFetcher } from './jwks-fetcher.ts';

/** Verifies the browser's bearer token (an access token) and tells who is signed in. */
export interface AppTokenVerifier {
  /** The user of `bearer` (the token, with or without `Bearer `); throws AppAuthenticationError. */
  verify(bearer: string): Promise<AppUser>;
}

/** The variables `createAppTokenVerifier` reads (ENV names). */
export type AppTokenEnvironment = Readonly<Record<string, string | undefined>>;

/** Anything with aws-jwt-verify's `verify(token)`. */
interface JwtVerify {
  verify(token: string): Promise<Record<string, unknown>>;
}

/** Longest token accepted; real ones are ~1–2 KB. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The app's token verifier: Amazon Cognito access tokens (pool `APP_USER_POOL_ID`, client `APP_CLIENT_ID`)
 * in AWS, or the hub's local provider (RS256, issuer `APP_TOKEN_ISSUER`, keys at `APP_JWKS_URI`, client
 * `APP_CLIENT_ID`) when an issuer is named. Keys are fetched once and cached per instance: create it once
 * per Lambda container.
 */
export function createAppTokenVerifier(env: AppTokenEnvironment): AppTokenVerifier {
  const tenant = required(env, ENV.tenant);
  const clientId = required(env, ENV.appClientId);
  const issuer = env[ENV.appTokenIssuer];
  if (issuer) {
    return new JwtAppTokenVerifier(
      localVerifier({ issuer, jwksUri: required(env, ENV.appJwksUri), clientId }),
      tenant,
    );
  }
  const userPoolId = required(env, ENV.appUserPoolId);
  const cognito = CognitoJwtVerifier.create({ userPoolId, tokenUse: 'access', clientId });
  return new JwtAppTokenVerifier(cognito as unknown as JwtVerify, tenant);
}

/**
 * An RS256 verifier for an issuer shaped like Cognito (the local provider): access tokens only
 * (`token_use: access`) of the client (`client_id`), no `aud` check (Cognito access tokens carry none).
 */
export function localVerifier(options: {
  issuer: string;
  jwksUri: string;
  clientId: string;
}): JwtRsaVerifierLike {
  const jwksCache = new SimpleJwksCache({ fetcher: new JwksFetcher() });
  return JwtRsaVerifier.create(
    {
      issuer: options.issuer,
      jwksUri: options.jwksUri,
      audience: null,
      customJwtCheck: ({ payload, header }) => {
        if (header.alg !== 'RS256')
          throw new AppAuthenticationError('algorithm', `alg ${JSON.stringify(header.alg)}: only RS256`);
        if (payload.token_use !== 'access')
          throw new AppAuthenticationError(
            'token_use',
            `token_use ${JSON.stringify(truncateText(String(payload.token_use), 20))}: must be "access"`,
          );
        if (payload.client_id !== options.clientId)
          throw new AppAuthenticationError(
            'client_id',
            `client_id ${JSON.stringify(truncateText(String(payload.client_id), 40))}: not this app's client`,
          );
      },
    },
    { jwksCache },
  ) as unknown as JwtRsaVerifierLike;
}

/** What `localVerifier` returns: verify, plus `cacheJwks` to hand it keys without fetching (tests). */
export interface JwtRsaVerifierLike extends JwtVerify {
  cacheJwks(jwks: { keys: unknown[] }): void;
}

/** Verifies with aws-jwt-verify, then maps the claims to the app's user. */
export class JwtAppTokenVerifier implements AppTokenVerifier {
  constructor(
    private readonly verifier: JwtVerify,
    private readonly tenant: string,
  ) {}

  async verify(bearer: string): Promise<AppUser> {
    const token = bearer.replace(/^Bearer\s+/i, '').trim();
    if (token === '') throw new AppAuthenticationError('missing', 'no bearer token');
    if (token.length > MAX_TOKEN_LENGTH || !JWT_SHAPE.test(token))
      throw new AppAuthenticationError(
        'malformed',
        'the bearer token is not a JWT (header.payload.signature)',
      );
    let claims: Record<string, unknown>;
    try {
      claims = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof AppAuthenticationError) throw error;
      const reason = reasonOf(error);
      throw new AppAuthenticationError(reason, `token refused (${reason}): ${errorMessage(error)}`, {
        cause: error,
      });
    }
    return appUserFromClaims(claims, this.tenant);
  }
}

/** The rule an aws-jwt-verify error stands for. */
function reasonOf(error: unknown): AppAuthenticationReason {
  const table: Array<[new (...args: never[]) => Error, AppAuthenticationReason]> = [
    [JwtExpiredError, 'expired'],
    [JwtNotBeforeError, 'not-yet-valid'],
    [JwtInvalidIssuerError, 'issuer'],
    [JwtInvalidAudienceError, 'audience'],
    [CognitoJwtInvalidClientIdError, 'client_id'],
    [CognitoJwtInvalidTokenUseError, 'token_use'],
    [JwtInvalidSignatureAlgorithmError, 'algorithm'],
    [JwtInvalidSignatureError, 'signature'],
    [KidNotFoundInJwksError, 'kid'],
    [JwtWithoutValidKidError, 'kid'],
    [JwtParseError, 'malformed'],
    [JwksNotAvailableInCacheError, 'jwks-unavailable'],
    [JwksValidationError, 'jwks-unavailable'],
    [JwkValidationError, 'jwks-unavailable'],
    [FetchError, 'jwks-unavailable'],
  ];
  const found = table.find(([type]) => error instanceof type);
  return found ? found[1] : 'claims';
}

function required(env: AppTokenEnvironment, name: string): string {
  const value = env[name];
  if (!value) throw new IdentityConfigError(name, `environment ${name} is not set`);
  return value;
}
