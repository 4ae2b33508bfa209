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
 * Overzicht's CASH budget on a local hub of the demo tenant: cash-sync reads the CASH simulator through
 * the limiter the writer shares, and the app-api function (which holds no CASH key) reads that bucket.
 */
describe('local hub: the CASH budget on the overview', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'hub-budget-'));
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

  const get = async (token: string, path: string) => {
    const answer = await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return (await answer.json()) as Record<string, unknown>;
  };

  it('shows used / limit per window for the administration once cash-sync spent from its key', async () => {
    // Prepare: the operator runs cash-sync now; it records DEMO's key (hashed) and takes tokens
    const operator = await accessToken('beheer@demo.cashlink.local');
    const started = await fetch(`${api}/v1/app/runs/cash-sync/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(started.status, lines.join('')).toBe(202);
    await until(async () => {
      const { items } = (await get(operator, '/v1/app/runs?connector=cash-sync')) as {
        items: Array<Record<string, unknown>>;
      };
      return items.find((item) => item.trigger === 'manual' && item.status !== 'running');
    }, 90_000);
    const bookkeeper = await accessToken('boekhouder@demo.cashlink.local');

    // Act
    const overview = await get(bookkeeper, '/v1/app/overview?administration=DEMO');

    // Assess
    const budget = overview.cashBudget as { used: number; limit: number; windowSeconds: number } | null;
    expect(budget, lines.join('')).not.toBeNull();
    expect(Number.isInteger(budget?.used)).toBe(true);
    expect(budget?.used).toBeGreaterThanOrEqual(0);
    expect(budget?.used).toBeLessThanOrEqual(budget?.limit ?? 0);
    expect(budget?.limit).toBeGreaterThan(0);
    expect(budget?.windowSeconds).toBeGreaterThan(0);
  }, 150_000);
});
