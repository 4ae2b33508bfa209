import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalCash } from '../../../hub/cash/local-cash.ts';

const LOCAL = {
  code: 'DEMO',
  cashEndpoint: 'http://127.0.0.1:4599/api/4.0',
  apiKeySecretName: 'cashlink/demo/DEMO',
};
const REMOTE = {
  code: 'REAL',
  cashEndpoint: 'https://cash.example/api/4.0',
  apiKeySecretName: 'cashlink/demo/REAL',
};

describe('LocalCash on another port than the tenant file names', () => {
  const started: LocalCash[] = [];
  const dirs: string[] = [];
  const localCash = (port?: number) => {
    const stateDir = mkdtempSync(join(tmpdir(), 'hub-cash-'));
    dirs.push(stateDir);
    const cash = new LocalCash([LOCAL, REMOTE], {
      stateDir,
      apiKey: 'k',
      ...(port !== undefined ? { port } : {}),
    });
    started.push(cash);
    return cash;
  };

  afterEach(async () => {
    for (const cash of started.splice(0)) await cash.stop();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('moves only the local endpoints of TENANT_CONFIG to the simulator’s port', async () => {
    // Prepare
    const cash = localCash(0);
    const raw = JSON.stringify({ tenant: 'demo', administrations: [LOCAL, REMOTE] });

    // Act
    const url = await cash.start();
    const rewritten = JSON.parse(cash.tenantConfigFor(raw)) as {
      administrations: Array<{ cashEndpoint: string }>;
    };

    // Assess
    const port = new URL(url as string).port;
    expect(port).not.toBe('4599');
    expect(rewritten.administrations.map((adm) => adm.cashEndpoint)).toEqual([
      `http://127.0.0.1:${port}/api/4.0`,
      REMOTE.cashEndpoint,
    ]);
    expect(cash.effectiveAdministrations().map((adm) => adm.cashEndpoint)).toEqual([
      `http://127.0.0.1:${port}/api/4.0`,
      REMOTE.cashEndpoint,
    ]);
  });

  it('leaves TENANT_CONFIG as it is while no simulator runs', () => {
    // Prepare
    const cash = localCash();
    const raw = JSON.stringify({ administrations: [LOCAL] });

    // Act & Assess
    expect(cash.tenantConfigFor(raw)).toBe(raw);
  });

  it('starts no simulator when every administration points at a real CASH', async () => {
    // Prepare
    const stateDir = mkdtempSync(join(tmpdir(), 'hub-cash-'));
    dirs.push(stateDir);
    const cash = new LocalCash([REMOTE], { stateDir, apiKey: 'k', port: 0 });

    // Act & Assess
    expect(await cash.start()).toBeUndefined();
    expect(cash.simulator).toBeUndefined();
  });
});
