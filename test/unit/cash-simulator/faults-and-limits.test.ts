import { afterEach, describe, expect, it } from 'vitest';
import type { ImportAccepted, ImportRejected, TransactionResponse } from '../../../lib/cash/rest/wire.ts';
import { json, KEY, OTHER_KEY, type Started, salesInvoice, startSimulator } from './helpers.ts';

const invoice = (entry: string) =>
  salesInvoice({ entry, invoice: `26${entry.padStart(4, '0')}`, gross: '12,10', net: '10,00', vat: '2,10' });
const booked = (s: Started, entry: number) =>
  s.sim.boekstukken('DEMO').some((b) => b.journal === 'VRK' && b.number === entry);

describe('CASH simulator rate limit', () => {
  let s: Started | undefined;
  afterEach(async () => {
    await s?.sim.stop();
  });

  it('allows the limit per key in a sliding 60 s window, then 429 with Retry-After', async () => {
    // Prepare: an injected clock so the window passes instantly.
    let now = 1_000_000;
    s = await startSimulator({ rateLimitPerMinute: 3, now: () => now });
    const statuses = async (count: number, key = KEY) => {
      const out: number[] = [];
      for (let i = 0; i < count; i += 1) out.push((await s?.get('/administrations', key))?.status ?? 0);
      return out;
    };
    // Act + Assess: three pass, the fourth is refused for the full window.
    expect(await statuses(3)).toEqual([200, 200, 200]);
    const refused = await s.get('/administrations');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(await json(refused)).toEqual({ error: 'Too Many Requests' });
    // Another key has its own window.
    expect(await statuses(1, OTHER_KEY)).toEqual([200]);
    // Half a minute later the wait is half as long.
    now += 30_000;
    expect((await s.get('/administrations')).headers.get('retry-after')).toBe('30');
    // Once the first hits leave the window, requests pass again.
    now += 30_001;
    expect(await statuses(3)).toEqual([200, 200, 200]);
    expect(s.sim.stats().rateLimited).toBe(2);
  });

  it('does not limit when rateLimitPerMinute is 0', async () => {
    s = await startSimulator({ rateLimitPerMinute: 0, now: () => 0 });
    const results = await Promise.all(Array.from({ length: 120 }, () => s?.get('/administrations')));
    expect(results.every((r) => r?.status === 200)).toBe(true);
  });
});

describe('CASH simulator faults', () => {
  let s: Started | undefined;
  afterEach(async () => {
    await s?.sim.stop();
  });

  it('http5xxRate 1 answers 503 before doing anything', async () => {
    // Prepare
    s = await startSimulator({ faults: { http5xxRate: 1 } });
    // Act
    const response = await s.importCash(invoice('124'));
    // Assess
    expect(response.status).toBe(503);
    expect(booked(s, 124)).toBe(false);
    expect(s.sim.stats().faults.http5xx).toBe(1);
  });

  it('injectNext 5xx fails exactly one request', async () => {
    s = await startSimulator();
    s.sim.injectNext({ kind: '5xx' });
    expect((await s.get('/administrations')).status).toBe(503);
    expect((await s.get('/administrations')).status).toBe(200);
  });

  it('timeout-after-commit commits the import and then drops the connection', async () => {
    // Prepare
    s = await startSimulator();
    s.sim.injectNext({ kind: 'timeout-after-commit' });
    // Act
    const outcome = await s.importCash(invoice('124')).then(
      (r) => `answered ${r.status}`,
      (error: unknown) => `failed: ${(error as Error).name}`,
    );
    // Assess: the client saw no answer, yet the boekstuk is booked.
    expect(outcome).toBe('failed: TypeError');
    expect(booked(s, 124)).toBe(true);
    expect(s.sim.stats().faults.timeoutAfterCommit).toBe(1);
    // A blind retry is refused as a duplicate, as CASH would.
    const retry = await s.importCash(invoice('124'));
    expect((await json<ImportRejected>(retry)).message.errors.error[0]?.message).toBe(
      'Boekstuknummer 124 bestaat al in dagboek VRK 2026',
    );
  });

  it('timeoutAfterCommitRate applies to imports only', async () => {
    s = await startSimulator({ faults: { timeoutAfterCommitRate: 1 } });
    expect((await s.get('/administrations')).status).toBe(200);
    await expect(s.importCash(invoice('124'))).rejects.toThrow();
  });

  it('stuck-pending accepts the import but never processes it', async () => {
    // Prepare
    s = await startSimulator();
    s.sim.injectNext({ kind: 'stuck-pending' });
    // Act
    const response = await s.importCash(invoice('124'));
    const { transaction } = await json<ImportAccepted>(response);
    const polls: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      polls.push(
        (await json<TransactionResponse>(await s.get(`/transaction/${transaction}`))).transaction.status,
      );
    }
    // Assess
    expect(response.status).toBe(202);
    expect(polls).toEqual([1, 1, 1, 1, 1]);
    expect(booked(s, 124)).toBe(false);
    // Re-posting after giving up succeeds because nothing was applied.
    expect((await s.importCash(invoice('124'))).status).toBe(200);
  });

  it('latency delays the answer', async () => {
    s = await startSimulator();
    s.sim.injectNext({ kind: 'latency', ms: 150 });
    const started = performance.now();
    expect((await s.get('/administrations')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(s.sim.stats().faults.latency).toBe(1);
  });

  it('rejectAllImports rejects with a CASH-style error and applies nothing', async () => {
    s = await startSimulator({ faults: { rejectAllImports: true } });
    const response = await s.importCash(invoice('124'));
    expect(response.status).toBe(400);
    expect((await json<ImportRejected>(response)).message.errors.error[0]?.message).toBe(
      'Import in administratie DEMO is geblokkeerd',
    );
    expect(booked(s, 124)).toBe(false);
  });

  it('draws rate faults from the seed, so a run can be replayed', async () => {
    // Prepare
    const run = async (seed: number) => {
      const started = await startSimulator({ seed, faults: { http5xxRate: 0.5 } });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i += 1) statuses.push((await started.get('/administrations')).status);
      await started.sim.stop();
      return statuses;
    };
    // Act
    const first = await run(42);
    const again = await run(42);
    const other = await run(7);
    // Assess
    expect(again).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(other).not.toEqual(first);
  });

  it('refuses fault settings out of range', async () => {
    s = await startSimulator();
    expect(() => s?.sim.setFaults({ http5xxRate: 2 })).toThrow(/between 0 and 1/);
    expect(() => s?.sim.setFaults({ latencyMs: -1 })).toThrow(/milliseconds/);
  });
});

describe('CASH simulator async processing', () => {
  let s: Started | undefined;
  afterEach(async () => {
    await s?.sim.stop();
  });

  const poll = async (started: Started, id: string) =>
    (await json<TransactionResponse>(await started.get(`/transaction/${id}`))).transaction;

  it('answers 202 Pending and turns Success after pendingPolls polls', async () => {
    // Prepare
    s = await startSimulator({ processing: 'async', pendingPolls: 2 });
    // Act
    const response = await s.importCash(invoice('124'));
    const body = await json<ImportAccepted>(response);
    const statuses = [
      (await poll(s, body.transaction)).status,
      (await poll(s, body.transaction)).status,
      (await poll(s, body.transaction)).status,
    ];
    // Assess
    expect(response.status).toBe(202);
    expect(body.status).toBe('Pending');
    expect(statuses).toEqual([1, 1, 2]);
    expect((await poll(s, body.transaction)).err).toBe('');
    expect(booked(s, 124)).toBe(true);
  });

  it('ends a rejected async import with status 3 and the err XML', async () => {
    // Prepare
    s = await startSimulator({ processing: 'async' });
    const bad = invoice('124').map((element) => {
      const fields = element.R301?.[0];
      return fields?.F0201 === '8000' ? { R301: [{ ...fields, F0201: '8888' }] } : element;
    });
    // Act
    const { transaction } = await json<ImportAccepted>(await s.importCash(bad));
    const first = await poll(s, transaction);
    const second = await poll(s, transaction);
    // Assess
    expect(first.status).toBe(1);
    expect(second.status).toBe(3);
    expect(second.administration).toEqual({ admCode: 'DEMO' });
    expect(second.err).toBe(
      '<cash><errors><error><message>Ongeldige waarde 0201=8888</message><line>2</line>' +
        '<source>301|0901=VRK|0302=260410|0303=124|0201=8888|0307=-10,00|0306=Onderhoud|0242=2|</source>' +
        '</error></errors></cash>',
    );
    expect(booked(s, 124)).toBe(false);
  });

  it('keeps a transaction private to keys of its administration', async () => {
    s = await startSimulator({ processing: 'async' });
    const { transaction } = await json<ImportAccepted>(await s.importCash(invoice('124')));
    expect((await s.get(`/transaction/${transaction}`, OTHER_KEY)).status).toBe(403);
  });
});
