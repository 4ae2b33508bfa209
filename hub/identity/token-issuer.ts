import { randomUUID } from 'node:crypto';
import type { LocalUser } from './local-user-store.ts';
import type { SigningKey } from './signing-key.ts';

/** Lifetime of access and id tokens, as the AWS pool's client (infra/constructs/app-user-pool.ts). */
export const ACCESS_SECONDS = 3600;

/**
 * Access and id tokens shaped like Cognito's: the access token carries `token_use: access`, `client_id`,
 * `username`, `scope` and `cognito:groups` (plus `email` and `name`, which Cognito's do not); the id token
 * `token_use: id`, `aud`, `cognito:username`, the groups and the nonce of the sign-in.
 */
export class TokenIssuer {
  constructor(
    private readonly key: SigningKey,
    private readonly issuer: string,
    private readonly clientId: string,
    private readonly now: () => number,
  ) {}

  issue(
    user: LocalUser,
    scope: string,
    authTime: number,
    nonce: string | undefined,
  ): Record<string, unknown> {
    const iat = Math.floor(this.now() / 1000);
    const common = {
      sub: user.sub,
      iss: this.issuer,
      'cognito:groups': [...user.groups],
      auth_time: authTime,
      iat,
      exp: iat + ACCESS_SECONDS,
      email: user.email,
      ...(user.name ? { name: user.name } : {}),
    };
    const access = this.key.sign({
      ...common,
      token_use: 'access',
      client_id: this.clientId,
      username: user.username,
      scope,
      jti: randomUUID(),
    });
    const id = this.key.sign({
      ...common,
      token_use: 'id',
      aud: this.clientId,
      'cognito:username': user.username,
      email_verified: true,
      ...(nonce ? { nonce } : {}),
      jti: randomUUID(),
    });
    return { access_token: access, id_token: id, token_type: 'Bearer', expires_in: ACCESS_SECONDS };
  }
}
