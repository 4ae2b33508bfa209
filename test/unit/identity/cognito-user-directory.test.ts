import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HubIdentity } from '../../../hub/identity/index.ts';
import {
  CognitoUserDirectory,
  createAppTokenVerifier,
  createUserDirectory,
  UserDirectoryError,
} from '../../../lib/identity/index.ts';
import { REDIRECT, signInForCode, startIdentity, tokenRequest } from './identity-fixture.ts';

/** Key generation and scrypt take a while on a busy shared machine. */
const SLOW = { timeout: 30_000 };

let identity: HubIdentity;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ identity, cleanup } = await startIdentity());
}, 30_000);
afterAll(async () => {
  vi.unstubAllEnvs();
  await cleanup();
});

function client(accessKeyId = 'test'): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region: 'eu-west-1',
    endpoint: identity.issuer,
    credentials: { accessKeyId, secretAccessKey: 'test' },
  });
}

function directory(): CognitoUserDirectory {
  return new CognitoUserDirectory({ client: client(), userPoolId: identity.userPoolId });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserDirectoryError);
  return (error as UserDirectoryError).code;
}

describe('CognitoUserDirectory against the local Cognito stand-in', SLOW, () => {
  it('lists the demo users with their roles and administrations', async () => {
    // Prepare
    const users = directory();

    // Act
    const list = await users.list();

    // Assess
    expect(list.map((u) => [u.username, u.role, u.administrations, u.enabled])).toEqual([
      ['beheer@demo.cashlink.local', 'operator', '*', true],
      ['boekhouder@demo.cashlink.local', 'bookkeeper', ['DEMO'], true],
      ['buiten@demo.cashlink.local', 'bookkeeper', ['ANDERS'], true],
      ['lezer@demo.cashlink.local', 'read-only', ['DEMO'], true],
    ]);
    expect(list[0]?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('creates, changes, disables and removes a user; the new groups show in the next token', async () => {
    // Prepare
    const users = createUserDirectory({ ...identity.environment, AWS_REGION: 'eu-west-1' });
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');

    // Act
    const created = await users.create({
      email: 'nieuw@demo.cashlink.local',
      name: 'Nieuwe collega',
      role: 'read-only',
      administrations: ['DEMO'],
    });
    await users.setPassword(created.username, 'Sterk-Wachtwoord-1', true);
    const changed = await users.update(created.username, { role: 'bookkeeper' });
    const { code, verifier } = await signInForCode(identity.issuer, created.username, 'Sterk-Wachtwoord-1');
    const tokens = (await (
      await tokenRequest(identity.issuer, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      })
    ).json()) as { access_token: string };
    const signedIn = await createAppTokenVerifier({ TENANT: 'demo', ...identity.environment }).verify(
      tokens.access_token,
    );
    const disabled = await users.update(created.username, { enabled: false });
    await users.remove(created.username);

    // Assess
    expect(created).toMatchObject({
      email: 'nieuw@demo.cashlink.local',
      role: 'read-only',
      administrations: ['DEMO'],
    });
    expect(changed).toMatchObject({ role: 'bookkeeper', administrations: ['DEMO'] });
    expect(signedIn).toMatchObject({ role: 'bookkeeper', administrations: ['DEMO'], name: 'Nieuwe collega' });
    expect(disabled.enabled).toBe(false);
    expect(await users.get(created.username)).toBeUndefined();
  });

  it('making a user operator drops the administration groups', async () => {
    // Prepare
    const users = directory();
    const created = await users.create({
      email: 'baas@demo.cashlink.local',
      role: 'bookkeeper',
      administrations: ['DEMO'],
    });

    // Act
    const promoted = await users.update(created.username, { role: 'operator' });
    const demoted = await users.update(created.username, { role: 'read-only', administrations: ['DEMO'] });

    // Assess
    expect(promoted).toMatchObject({ role: 'operator', administrations: '*' });
    expect(demoted).toMatchObject({ role: 'read-only', administrations: ['DEMO'] });
    await users.remove(created.username);
  });

  it.each([
    {
      name: 'an e-mail address taken',
      act: (d: CognitoUserDirectory) =>
        d.create({ email: 'lezer@demo.cashlink.local', role: 'read-only', administrations: [] }),
      code: 'exists',
    },
    {
      name: 'no such user',
      act: (d: CognitoUserDirectory) => d.update('niemand@x.nl', { enabled: false }),
      code: 'not-found',
    },
    {
      name: 'removing no one',
      act: (d: CognitoUserDirectory) => d.remove('niemand@x.nl'),
      code: 'not-found',
    },
    {
      name: 'a weak password',
      act: (d: CognitoUserDirectory) => d.setPassword('lezer@demo.cashlink.local', 'kort', true),
      code: 'invalid',
    },
    {
      name: 'an administration without group',
      act: (d: CognitoUserDirectory) =>
        d.update('lezer@demo.cashlink.local', { administrations: ['ONBEKEND'] }),
      code: 'not-found',
    },
    {
      name: 'not an e-mail address',
      act: (d: CognitoUserDirectory) =>
        d.create({ email: 'geen-adres', role: 'read-only', administrations: [] }),
      code: 'invalid',
    },
  ])('refuses $name ($code)', async ({ act, code }) => {
    // Prepare
    const users = directory();

    // Act
    const found = await codeOf(act(users));

    // Assess
    expect(found).toBe(code);
  });

  it('answers only requests signed with the local access key', async () => {
    // Prepare
    const stranger = new CognitoUserDirectory({
      client: client('AKIAOTHER'),
      userPoolId: identity.userPoolId,
    });
    const unsigned = await fetch(identity.issuer, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AWSCognitoIdentityProviderService.ListUsers',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: JSON.stringify({ UserPoolId: identity.userPoolId }),
    });

    // Act
    const error = await stranger.list().catch((e: unknown) => e);

    // Assess
    expect(unsigned.status).toBe(403);
    expect(await unsigned.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    expect((error as UserDirectoryError).code).toBe('unavailable');
    expect((error as Error).message).toMatch(/UnrecognizedClientException/);
  });

  it('refuses another pool id like Cognito', async () => {
    // Prepare
    const other = new CognitoUserDirectory({ client: client(), userPoolId: 'eu-west-1_other' });

    // Act
    const code = await codeOf(other.list());

    // Assess
    expect(code).toBe('not-found');
  });
});
