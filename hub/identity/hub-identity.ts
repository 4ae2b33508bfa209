import { join } from 'node:path';
import { errorMessage } from '../../lib/runtime/error-message.ts';
import { ENV } from '../../lib/tenant/env-names.ts';
import { HubError } from '../hub-error.ts';
import { CognitoAdminApi } from './cognito-admin-api.ts';
import { DEFAULT_DEMO_PASSWORD, DEMO_USERS, demoPassword, seedDemoUsers } from './demo-users.ts';
import { IdentityServer } from './identity-server.ts';
import { LocalUserStore } from './local-user-store.ts';
import { OidcProvider } from './oidc-provider.ts';
import { SigningKey } from './signing-key.ts';

/** The web app's OAuth client id, locally as in the contract. */
export const LOCAL_CLIENT_ID = 'cashlink-web';
export const DEFAULT_IDENTITY_PORT = 3002;
export const DEFAULT_WEB_ORIGINS: readonly string[] = ['http://127.0.0.1:3001'];

export interface HubIdentityOptions {
  stateDir: string;
  /** 0: any free port. Default 3002. */
  port?: number;
  /** Origins of the web app (redirect and logout targets, CORS). Default `http://127.0.0.1:3001`. */
  webOrigins?: readonly string[];
  /** The tenant's administrations: their `adm:<CODE>` groups exist in the local pool. */
  administrations: readonly string[];
  region: string;
  /** The access key id the functions sign with; default `AWS_ACCESS_KEY_ID` or `test`. */
  accessKeyId?: string;
  env?: Readonly<Record<string, string | undefined>>;
  onError?: (error: unknown) => void;
}

export interface HubIdentity {
  issuer: string;
  userPoolId: string;
  clientId: string;
  /** What the app-api function is given: its token issuer and keys, the client, the directory's endpoint. */
  environment: Record<string, string>;
  banner: { title: string; rows: Array<[string, string]> };
  store: LocalUserStore;
  stop(): Promise<void>;
}

/**
 * The hub's sign-in provider: keys and users in `<stateDir>/identity/` (demo users on a first start), one
 * server on 127.0.0.1 with OIDC for the browser and Cognito's admin API for the app-api function.
 */
export async function startHubIdentity(options: HubIdentityOptions): Promise<HubIdentity> {
  const env = options.env ?? process.env;
  const dir = join(options.stateDir, 'identity');
  const key = SigningKey.loadOrCreate(dir);
  const store = new LocalUserStore(dir);
  const password = demoPassword(env);
  await seedDemoUsers(store, password);
  const webOrigins = options.webOrigins ?? DEFAULT_WEB_ORIGINS;
  const userPoolId = `${options.region}_cashlinkLocal`;
  const groups = (): string[] => [
    'operator',
    'bookkeeper',
    'read-only',
    ...options.administrations.map((code) => `adm:${code}`),
    ...DEMO_USERS.flatMap((u) => u.groups.filter((g) => g.startsWith('adm:'))),
  ];
  let oidc: OidcProvider | undefined;
  const cognito = new CognitoAdminApi({
    userPoolId,
    accessKeyId: options.accessKeyId ?? env.AWS_ACCESS_KEY_ID ?? 'test',
    users: store,
    groups,
  });
  const server = new IdentityServer(
    () => oidc as OidcProvider,
    () => cognito,
    { webOrigins, ...(options.onError ? { onError: options.onError } : {}) },
  );
  const port = options.port ?? DEFAULT_IDENTITY_PORT;
  const issuer = await server.listen(port).catch((error: unknown) => {
    const busy =
      (error as { code?: string }).code === 'EADDRINUSE'
        ? ' (another hub runs there; --identity-port 0 picks a free one)'
        : '';
    throw new HubError(`Cannot start the sign-in provider on port ${port}${busy}: ${errorMessage(error)}`, {
      cause: error,
    });
  });
  oidc = new OidcProvider({ issuer, clientId: LOCAL_CLIENT_ID, webOrigins, key, users: store });
  const shown = DEMO_USERS.filter((demo) => store.get(demo.email));
  return {
    issuer,
    userPoolId,
    clientId: LOCAL_CLIENT_ID,
    environment: {
      [ENV.appTokenIssuer]: issuer,
      [ENV.appJwksUri]: `${issuer}/jwks.json`,
      [ENV.appClientId]: LOCAL_CLIENT_ID,
      [ENV.appUserPoolId]: userPoolId,
      [ENV.cognitoEndpoint]: issuer,
    },
    banner: {
      title: 'Sign-in (local OpenID Connect provider, Cognito stand-in)',
      rows: [
        ['issuer', issuer],
        ['users', join(dir, 'users.json')],
        ...shown.map((demo): [string, string] => [demo.groups.join(' '), demo.email]),
        ...(shown.length > 0
          ? ([
              [
                'password',
                password === DEFAULT_DEMO_PASSWORD ? password : '(the value of CASHLINK_DEMO_PASSWORD)',
              ],
            ] as Array<[string, string]>)
          : []),
      ],
    },
    store,
    stop: () => server.stop(),
  };
}
