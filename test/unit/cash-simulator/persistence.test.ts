import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportAccepted } from '../../../lib/cash/rest/wire.ts';
import { CashSimulator, SimulatorSnapshotError } from '../../../lib/cash/simulator/index.ts';
import { json, KEY, type Started, salesInvoice, startSimulator } from './helpers.ts';

const invoice = (entry: string) =>
  salesInvoice({ entry, invoice: `26${entry.padStart(4, '0')}`, gross: '12,10', net: '10,00', vat: '2,10' });
const hasEntry = (sim: CashSimulator, entry: number) =>
  sim.boekstukken('DEMO').some((b) => b.journal === 'VRK' && b.number === entry);

describe('CASH simulator snapshot, restore and reset', () => {
  let s: Started;
  beforeEach(async () => {
    s = await startSimulator();
  });
  afterEach(async () => {
    await s.sim.stop();
  });

  it('restores a snapshot taken before reset, as object or JSON text', async () => {
    // Prepare
    await s.importCash(invoice('124'));
    const snapshot = s.sim.snapshot();
    // Act
    s.sim.reset();
    const afterReset = hasEntry(s.sim, 124);
    s.sim.restore(JSON.stringify(snapshot));
    // Assess
    expect(afterReset).toBe(false);
    expect(hasEntry(s.sim, 124)).toBe(true);
    expect(s.sim.snapshot()).toEqual(snapshot);
  });

  it.each([
    ['not JSON', '{'],
    [
      'wrong version',
      JSON.stringify({ version: 2, administrations: [], transactions: [], nextTransaction: 1 }),
    ],
    [
      'administration without code',
      JSON.stringify({ version: 1, administrations: [{}], transactions: [], nextTransaction: 1 }),
    ],
  ])('refuses a snapshot that is %s', (_name, text) => {
    expect(() => s.sim.restore(text)).toThrow(SimulatorSnapshotError);
  });

  it('imports in-process with the same rules', () => {
    const ok = s.sim.importRecords('DEMO', invoice('124'));
    const duplicate = s.sim.importRecords('DEMO', invoice('124'));
    expect(ok.status).toBe('committed');
    expect(duplicate.status).toBe('rejected');
  });
});

describe('CASH simulator persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cash-sim-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps state and transaction numbering across restarts', async () => {
    // Prepare
    const persistPath = join(dir, 'nested', 'cash.json');
    const first = await startSimulator({ persistPath });
    const { transaction } = await json<ImportAccepted>(await first.importCash(invoice('124')));
    await first.sim.stop();
    // Act
    const second = await startSimulator({ persistPath });
    const next = await json<ImportAccepted>(await second.importCash(invoice('125')));
    const previous = await second.get(`/transaction/${transaction}`);
    await second.sim.stop();
    // Assess
    expect(hasEntry(second.sim, 124)).toBe(true);
    expect(hasEntry(second.sim, 125)).toBe(true);
    expect(next.transaction).not.toBe(transaction);
    expect(previous.status).toBe(200);
  });

  it('fails loudly on a corrupt state file instead of starting empty', () => {
    const persistPath = join(dir, 'cash.json');
    writeFileSync(persistPath, 'not json');
    expect(() => new CashSimulator({ apiKeys: { [KEY]: ['DEMO'] }, persistPath })).toThrow(
      SimulatorSnapshotError,
    );
  });
});

describe('CASH simulator control surface /_sim', () => {
  let s: Started;
  let control: string;
  beforeEach(async () => {
    s = await startSimulator();
    control = s.base.replace('/api/4.0', '/_sim');
  });
  afterEach(async () => {
    await s.sim.stop();
  });

  const postControl = (path: string, body?: unknown) =>
    fetch(`${control}${path}`, {
      method: 'POST',
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('shows a state summary without an API key', async () => {
    const response = await fetch(`${control}/state`);
    const summary = await json<{
      administrations: Array<{ code: string; openItems: number; boekstukken: number }>;
    }>(response);
    expect(response.status).toBe(200);
    expect(summary.administrations).toEqual([
      expect.objectContaining({ code: 'DEMO', openItems: 5, boekstukken: 10 }),
    ]);
  });

  it('sets faults, injects one-shot faults and resets', async () => {
    // Act + Assess: a 5xx rate through the control surface.
    expect((await postControl('/faults', { http5xxRate: 1 })).status).toBe(200);
    expect((await s.get('/administrations')).status).toBe(503);
    expect((await postControl('/faults', { http5xxRate: 0 })).status).toBe(200);
    // A one-shot fault.
    expect((await postControl('/inject', { kind: '5xx' })).status).toBe(200);
    expect((await s.get('/administrations')).status).toBe(503);
    expect((await s.get('/administrations')).status).toBe(200);
    // Bad settings are refused.
    expect((await postControl('/faults', { http5xxRate: 'often' })).status).toBe(400);
    expect((await postControl('/inject', { kind: 'meteor' })).status).toBe(400);
    // Reset clears bookings and stats.
    await s.importCash(invoice('124'));
    expect((await postControl('/reset')).status).toBe(200);
    expect(hasEntry(s.sim, 124)).toBe(false);
    expect(s.sim.stats().requests).toBe(0);
  });

  it('serves the full state of one administration', async () => {
    const response = await fetch(`${control}/state/DEMO`);
    expect(response.status).toBe(200);
    expect((await json<{ code: string }>(response)).code).toBe('DEMO');
    expect((await fetch(`${control}/state/NOPE`)).status).toBe(400);
  });
});
