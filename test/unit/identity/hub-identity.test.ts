import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHubIdentity } from '../../../hub/identity/index.ts';
import { signInForCode } from './identity-fixture.ts';

/** Key generation and scrypt take a while on a busy shared machine. */
const SLOW = { timeout: 30_000 };

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cashlink-hub-identity-'));
  dirs.push(dir);
  return dir;
}

describe('startHubIdentity', SLOW, () => {
  it('gives the app-api function its issuer, keys, client, pool and directory endpoint', async () => {
    // Prepare
    const dir = stateDir();

    // Act
    const identity = await startHubIdentity({
      stateDir: dir,
      port: 0,
      administrations: ['DEMO'],
      region: 'eu-west-1',
      env: {},
    });
    await identity.stop();

    // Assess
    expect(identity.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(identity.environment).toEqual({
      APP_TOKEN_ISSUER: identity.issuer,
      APP_JWKS_URI: `${identity.issuer}/jwks.json`,
      APP_CLIENT_ID: 'cashlink-web',
      APP_USER_POOL_ID: 'eu-west-1_cashlinkLocal',
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: identity.issuer,
    });
    expect(identity.banner.rows).toEqual(
      expect.arrayContaining([
        ['operator', 'beheer@demo.cashlink.local'],
        ['password', 'demo-wachtwoord'],
      ]),
    );
  });

  it('takes the demo password from CASHLINK_DEMO_PASSWORD without printing it, and keeps key and users across restarts', async () => {
    // Prepare
    const dir = stateDir();
    const env = { CASHLINK_DEMO_PASSWORD: 'Eigen-Demo-Wachtwoord-9' };
    const first = await startHubIdentity({
      stateDir: dir,
      port: 0,
      administrations: ['DEMO'],
      region: 'eu-west-1',
      env,
    });
    const firstKeys = await (await fetch(`${first.issuer}/jwks.json`)).json();
    await first.stop();

    // Act
    const second = await startHubIdentity({
      stateDir: dir,
      port: 0,
      administrations: ['DEMO'],
      region: 'eu-west-1',
      env: {},
    });
    const secondKeys = await (await fetch(`${second.issuer}/jwks.json`)).json();
    const signedIn = await signInForCode(
      second.issuer,
      'lezer@demo.cashlink.local',
      'Eigen-Demo-Wachtwoord-9',
    );
    await second.stop();

    // Assess
    expect(JSON.stringify(first.banner)).not.toContain('Eigen-Demo-Wachtwoord-9');
    expect(secondKeys).toEqual(firstKeys);
    expect(signedIn.code).toBeTruthy();
  });
});
