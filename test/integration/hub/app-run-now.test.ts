import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalHub } from '../../../hub/local-hub.ts';
import { quietConsole, until } from '../../support/hub.ts';
import { REDIRECT, signInForCode, tokenRequest } from '../../unit/identity/identity-fixture.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * The web app's "run now" and API-key pages on a local hub of the demo tenant: a user signed in at the
 * hub's sign-in provider (the code flow, as the browser does it) starts the bank import through Lambda
 * Invoke on the emulator endpoint and sees the run; an operator makes, lists and revokes a partner API key
 * (routes of the partner-api function, the only one with the key table); a bookkeeper may do neither.
 */
describe('local hub: run now and API keys in the web app', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'hub-run-now-'));
  const lines: string[] = [];
  let hub: LocalHub;
  let api: string;
  let issuer: string;

  beforeAll(async () => {
    hub = new LocalHub({
      projectRoot: repoRoot,
      tenant: 'demo',
      stateDir,
      apiPort: 0,
      identityPort: 0,
      awsPort: 0,
      cashPort: 0,
      awsEndpoint: '',
      dynamo: 'dynalite',
      mailboxDir: join(stateDir, 'mailbox'),
      retryDelaysMs: [50, 100],
      console: quietConsole(lines),
    });
    const addresses = await hub.start();
    api = addresses.api as string;
    issuer = addresses.identity as string;
  }, 300_000);
  afterAll(async () => {
    await hub?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  async function accessToken(username: string): Promise<string> {
    const { code, verifier } = await signInForCode(issuer, username);
    const answer = await tokenRequest(issuer, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    const tokens = (await answer.json()) as { access_token?: string };
    if (!tokens.access_token) throw new Error(`no access token for ${username}: ${answer.status}`);
    return tokens.access_token;
  }

  const call = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('runs the bank import now: 202 with a run id, and a manual run of it appears in the runs', async () => {
    // Prepare
    const operator = await accessToken('beheer@demo.cashlink.local');

    // Act
    const started = await call(operator, 'POST', '/v1/app/runs/bank-import/run', {});
    const text = await started.text();
    expect(started.status, `${text}\n${lines.join('')}`).toBe(202);
    const { runId } = JSON.parse(text) as { runId: string };
    const run = await until(async () => {
      const answer = await call(operator, 'GET', '/v1/app/runs?connector=bank-import');
      const { items } = (await answer.json()) as { items: Array<Record<string, unknown>> };
      return items.find((item) => item.trigger === 'manual' && item.status !== 'running');
    }, 60_000);

    // Assess
    expect(runId).toEqual(expect.any(String));
    expect(run).toMatchObject({ connector: 'bank-import', trigger: 'manual' });
    expect(run.id).toBe(runId);
  }, 120_000);

  it('lets an operator make a key (secret shown once), list it and revoke it', async () => {
    // Prepare
    const operator = await accessToken('beheer@demo.cashlink.local');

    // Act
    const created = await call(operator, 'POST', '/v1/app/api-keys', {
      name: 'Webshop Demo',
      administrations: ['DEMO'],
    });
    const key = (await created.json()) as { id: string; apiKey?: string; name: string };
    const listed = (await (await call(operator, 'GET', '/v1/app/api-keys')).json()) as {
      items: Array<Record<string, unknown>>;
    };
    const revoked = await call(operator, 'DELETE', `/v1/app/api-keys/${key.id}`);
    const after = (await (await call(operator, 'GET', '/v1/app/api-keys')).json()) as {
      items: Array<Record<string, unknown>>;
    };

    // Assess
    expect(created.status, lines.join('')).toBe(201);
    expect(key.apiKey).toEqual(expect.any(String));
    const shown = listed.items.find((item) => item.id === key.id);
    expect(shown).toMatchObject({ name: 'Webshop Demo', administrations: ['DEMO'] });
    expect(JSON.stringify(listed)).not.toContain(key.apiKey as string);
    expect(revoked.status).toBe(204);
    expect(after.items.some((item) => item.id === key.id)).toBe(false);
  }, 60_000);

  it('refuses a bookkeeper both pages with 403 role', async () => {
    // Prepare
    const bookkeeper = await accessToken('boekhouder@demo.cashlink.local');

    // Act
    const answers = await Promise.all([
      call(bookkeeper, 'POST', '/v1/app/runs/bank-import/run', {}),
      call(bookkeeper, 'GET', '/v1/app/api-keys'),
      call(bookkeeper, 'POST', '/v1/app/api-keys', { name: 'x', administrations: ['DEMO'] }),
    ]);
    const problems = await Promise.all(answers.map((a) => a.json() as Promise<{ errors?: unknown[] }>));

    // Assess
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403]);
    for (const problem of problems) expect(JSON.stringify(problem.errors)).toContain('role');
  }, 60_000);

  it('refuses the API-key pages without a token', async () => {
    // Act
    const answer = await fetch(`${api}/v1/app/api-keys`);

    // Assess
    expect(answer.status).toBe(401);
  });
});
