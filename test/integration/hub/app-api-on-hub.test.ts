import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../support/hub.ts';
import { SignedInHub } from '../../support/signed-in-hub.ts';

/**
 * The web app's API on a local hub of the demo tenant, users signed in at the hub's sign-in provider:
 * "run now" starts the bank import through Lambda Invoke on the emulator endpoint and the run shows; an
 * operator makes, lists and revokes a partner API key (routes of the partner-api function, the only one with
 * the key table); a bookkeeper may do neither. Overzicht's CASH budget: cash-sync reads the CASH simulator
 * through the limiter the writer shares, and the app-api function (which holds no CASH key) reads that bucket.
 */
describe('local hub: run now, API keys and the CASH budget in the web app', () => {
  const hub = new SignedInHub('app-api');
  const { lines } = hub;
  const accessToken = (username: string) => hub.accessToken(username);
  const call = (token: string, method: string, path: string, body?: unknown) =>
    hub.call(token, method, path, body);
  const get = (token: string, path: string) => hub.getJson(token, path);

  beforeAll(() => hub.start(), 300_000);
  afterAll(() => hub.stop());

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
    const answer = await hub.call('', 'GET', '/v1/app/api-keys');

    // Assess
    expect(answer.status).toBe(401);
  });

  it('shows used / limit per window for the administration once cash-sync spent from its key', async () => {
    // Prepare: the operator runs cash-sync now; it records DEMO's key (hashed) and takes tokens
    const operator = await accessToken('beheer@demo.cashlink.local');
    const started = await call(operator, 'POST', '/v1/app/runs/cash-sync/run', {});
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
