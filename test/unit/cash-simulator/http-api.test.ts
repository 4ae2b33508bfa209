import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdministrationsResponse, ErrorResponse, ExportResponse } from '../../../lib/cash/rest/wire.ts';
import { createDemoAdministration } from '../../../lib/cash/simulator/index.ts';
import { json, KEY, OTHER_KEY, type Started, startSimulator } from './helpers.ts';

describe('CASH simulator over HTTP: auth and exports', () => {
  let s: Started;
  beforeAll(async () => {
    // Prepare: a second administration the test key is not linked to.
    const other = createDemoAdministration('OTHER');
    s = await startSimulator({
      administrations: [createDemoAdministration(), { ...other, name: 'Andere B.V.', readOnly: true }],
      apiKeys: { [KEY]: ['DEMO'], [OTHER_KEY]: ['OTHER'] },
    });
  });
  afterAll(async () => {
    await s.sim.stop();
  });

  it('serves under /api/4.0 on 127.0.0.1', () => {
    expect(s.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/4\.0$/);
  });

  it.each([
    ['no key', undefined],
    ['unknown key', 'wrong'],
  ])('answers 401 with 1002 Unauthorized Access for %s', async (_name, key) => {
    // Act
    const response = await fetch(`${s.base}/administrations`, { headers: key ? { Authorization: key } : {} });
    // Assess
    expect(response.status).toBe(401);
    expect(await json<ErrorResponse>(response)).toEqual({ error: '1002 Unauthorized Access' });
  });

  it('answers 403 for an administration the key is not linked to', async () => {
    const exported = await s.get('/get/index/0101T?admin=OTHER');
    const imported = await s.post('/import', { admin: 'OTHER', format: 0, content: { cash: [] } });
    expect(exported.status).toBe(403);
    expect(imported.status).toBe(403);
    expect(await json<ErrorResponse>(exported)).toEqual({ error: '1002 Unauthorized Access' });
  });

  it('lists only the linked administrations', async () => {
    // Act
    const mine = await json<AdministrationsResponse>(await s.get('/administrations'));
    const theirs = await json<AdministrationsResponse>(await s.get('/administrations', OTHER_KEY));
    // Assess
    expect(mine.Dir.Adms.Adm).toEqual([
      { Code: 'DEMO', Name: 'Van Dijk Installatietechniek B.V.', ReadOnly: false },
    ]);
    expect(theirs.Dir.Adms.Adm).toEqual([{ Code: 'OTHER', Name: 'Andere B.V.', ReadOnly: true }]);
  });

  it('refuses imports into a read-only administration', async () => {
    const response = await s.post('/import', { admin: 'OTHER', format: 0, content: { cash: [] } }, OTHER_KEY);
    expect(response.status).toBe(403);
  });

  it.each([
    ['0101T', 'R0101', { F0101: '100001', F0103: 'Bakkerij Van Dam', F0130: 'NL' }],
    ['0101', 'R0101', { F0101: '200003', F0103: 'Vastgoed Maas B.V.' }],
    ['0201T', 'R0201', { F0201: '1300', F0203: 'Debiteuren', F0204: 'B' }],
    ['0901T', 'R0901', { F0901: 'ABN', F0902: 'ABN AMRO zakelijk', F0904: 'B', F0201: '1100' }],
    ['0911T', 'R0911', { F0911: 'INS', F0912: 'Installatie', F0208: 'N' }],
    [
      '0311T',
      'R0311',
      { F0101: '100002', F0309: '260121', F0307: '2964,50', F0320: '2964,50', F0302: '03-02-2026' },
    ],
    [
      '2260',
      'R2260',
      { F2260: 'CV-HR28', F2001: 'HR combiketel 28 kW CW4', F2267: '1895,00', F2230: '200001' },
    ],
  ])('exports %s as %s rows in CASH notation', async (record, key, expected) => {
    // Act
    const response = await s.get(`/get/index/${record}?admin=DEMO`);
    const body = await json<ExportResponse>(response);
    // Assess
    expect(response.status).toBe(200);
    expect(body[key]).toEqual(expect.arrayContaining([expect.objectContaining(expected)]));
  });

  it('exports one relation by number, zero-padded', async () => {
    const body = await json<ExportResponse>(await s.get('/get/index/0101T?admin=DEMO&params=100005'));
    expect(body.R0101).toHaveLength(1);
    expect(body.R0101?.[0]).toMatchObject({ F0101: '100005', F0116: 'DE123456789', F0130: 'DE' });
  });

  it('exports open items without the fully paid ones, filtered by ledger and relation', async () => {
    // Act
    const all = await json<ExportResponse>(await s.get('/get/index/0311T?admin=DEMO'));
    const debtors = await json<ExportResponse>(await s.get('/get/index/0311T?admin=DEMO&params=1300'));
    const jansen = await json<ExportResponse>(await s.get('/get/index/0311T?admin=DEMO&params=1300|100003'));
    // Assess
    const invoices = (all.R0311 ?? []).map((r) => r.F0309).sort();
    expect(invoices).toEqual(['260121', '260122', '260123', '458812', '731045']);
    expect((debtors.R0311 ?? []).every((r) => r.F0201 === '1300')).toBe(true);
    expect(jansen.R0311).toEqual([
      expect.objectContaining({
        F0309: '260122',
        F0307: '1028,50',
        F0320: '528,50',
        F0103: 'Jansen Vastgoedbeheer B.V.',
      }),
    ]);
  });

  it.each([
    ['2602|2602', 20],
    ['2601|2601', 9],
    ['2601|2603', 31],
    ['2603|', 2],
    ['301T|', 31],
  ])('exports mutations for period range %s', async (params, count) => {
    // Prepare: 301T (without leading zero) is the same record.
    const [range, record] = params.includes('T') ? ['', '301T'] : [params, '0301T'];
    // Act
    const body = await json<ExportResponse>(await s.get(`/get/index/${record}?admin=DEMO&params=${range}`));
    // Assess
    expect(body.R0301).toHaveLength(count);
  });

  it('exports each mutation line with the fields the adapter reads', async () => {
    const body = await json<ExportResponse>(await s.get('/get/index/0301T?admin=DEMO&params=2601|2601'));
    expect(body.R0301).toContainEqual({
      F0901: 'VRK',
      F0303: '000120',
      F0302: '15-01-2026',
      F0310: '2601',
      F0201: '1300',
      F0307: '1210,00',
      F0101: '100001',
      F0309: '260120',
      F0306: 'Onderhoud ovens en CV',
    });
  });

  it('filters articles by group and omits stock unless asked (V)', async () => {
    const group = await json<ExportResponse>(await s.get('/get/index/2260?admin=DEMO&params=G|SANITAIR'));
    const withStock = await json<ExportResponse>(await s.get('/get/index/2260?admin=DEMO&params=V'));
    expect((group.R2260 ?? []).map((a) => a.F2260).sort()).toEqual(['BOILER-80', 'KRAAN-KEUK']);
    expect(group.R2260?.[0]?.F2293).toBeUndefined();
    expect(withStock.R2260?.find((a) => a.F2260 === 'CV-HR28')?.F2293).toBe('4,00');
  });

  it.each([
    ['26|VRK', '000124'],
    ['26|INK', '000004'],
    ['26|MEM', '000001'],
    ['25|VRK', '000001'],
  ])('8504 %s → next boekstuknummer %s', async (params, next) => {
    const body = await json<ExportResponse>(await s.get(`/get/index/8504?admin=DEMO&params=${params}`));
    expect(body).toEqual({ R8504: [{ Z0303: next }] });
  });

  it.each([
    ['/get/index/9999?admin=DEMO', 400],
    ['/get/index/8504?admin=DEMO&params=26|XXX', 400],
    ['/get/index/0301T?admin=DEMO&params=26|2602', 400],
    ['/get/index/0101T', 400],
    ['/transaction/does-not-exist', 404],
    ['/nothing/here', 404],
  ])('answers %s with %d', async (path, status) => {
    expect((await s.get(path)).status).toBe(status);
  });

  it('counts requests per endpoint and per key', () => {
    const stats = s.sim.stats();
    expect(stats.byEndpoint['GET /get/index/8504']).toBeGreaterThanOrEqual(4);
    expect(stats.byKey[KEY]).toBeGreaterThan(10);
    expect(stats.unauthorized).toBeGreaterThanOrEqual(2);
  });
});
