import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  CashFields,
  ExportResponse,
  ImportAccepted,
  ImportRejected,
} from '../../../lib/cash/rest/wire.ts';
import { json, line, type Started, salesInvoice, startSimulator } from './helpers.ts';

type Cash = Array<Record<string, CashFields[]>>;

describe('CASH simulator imports', () => {
  let s: Started;
  beforeEach(async () => {
    s = await startSimulator();
  });
  afterEach(async () => {
    await s.sim.stop();
  });

  async function rejected(cash: Cash): Promise<ImportRejected> {
    const response = await s.importCash(cash);
    expect(response.status).toBe(400);
    return json<ImportRejected>(response);
  }

  it('books a balanced sales invoice as one boekstuk and answers Success', async () => {
    // Prepare
    const cash = salesInvoice({
      entry: '124',
      invoice: '260124',
      gross: '1210,00',
      net: '1000,00',
      vat: '210,00',
    });
    // Act
    const response = await s.importCash(cash);
    // Assess
    expect(response.status).toBe(200);
    const body = await json<ImportAccepted>(response);
    expect(body.status).toBe('Success');
    const booked = s.sim.boekstukken('DEMO').find((b) => b.journal === 'VRK' && b.number === 124);
    expect(booked?.lines.map((l) => [l.ledgerAccount, l.amountCents])).toEqual([
      ['1300', 121000],
      ['8000', -100000],
      ['1510', -21000],
    ]);
    expect(booked?.transaction).toBe(body.transaction);
    expect(s.sim.stats().imports.committed).toBe(1);
  });

  it('reads R0301 keys, F201-style rubrieken and several records in one element, counting records', async () => {
    // Prepare: one element holding all three lines; the second element holds an unknown ledger.
    const [a, b, c] = salesInvoice({
      entry: '124',
      invoice: '260124',
      gross: '12,10',
      net: '10,00',
      vat: '2,10',
    });
    const threeInOne = { R0301: [...(a?.R301 ?? []), ...(b?.R301 ?? []), ...(c?.R301 ?? [])] };
    const short = { R301: [{ F901: 'MEM', F302: '260410', F303: '1', F201: '8888', F307: '0,00' }] };
    // Act
    const body = await rejected([threeInOne, short]);
    // Assess: the bad record is the 4th record although it is only the 2nd element.
    expect(body.message.errors.error).toEqual([
      {
        message: 'Ongeldige waarde 0201=8888',
        line: 4,
        source: '301|0901=MEM|0302=260410|0303=1|0201=8888|0307=0,00|',
      },
    ]);
  });

  const base = { F0901: 'MEM', F0302: '260410', F0303: '7' };
  it.each<[string, Cash, string]>([
    [
      'unbalanced boekstuk',
      [line({ ...base, F0201: '4200', F0307: '10,01' }), line({ ...base, F0201: '1000', F0307: '-10,00' })],
      'Boekstuk 7 in dagboek MEM is niet in balans (verschil 0,01)',
    ],
    [
      'unknown ledger account',
      [line({ ...base, F0201: '8888', F0307: '0,00' })],
      'Ongeldige waarde 0201=8888',
    ],
    [
      'unknown journal',
      [line({ ...base, F0901: 'XYZ', F0201: '4200', F0307: '0,00' })],
      'Ongeldige waarde 0901=XYZ',
    ],
    [
      'unknown relation',
      [line({ ...base, F0201: '4200', F0307: '0,00', F0101: '999999' })],
      'Ongeldige waarde 0101=999999',
    ],
    [
      'unknown cost centre',
      [line({ ...base, F0201: '4200', F0307: '0,00', F0911: 'ZZZ' })],
      'Ongeldige waarde 0911=ZZZ',
    ],
    [
      'unknown VAT code',
      [line({ ...base, F0201: '4200', F0307: '0,00', F0242: '9' })],
      'Ongeldige waarde 0242=9',
    ],
    [
      'debtor line without invoice number',
      [line({ ...base, F0201: '1300', F0307: '0,00', F0101: '100001' })],
      'Relatienummer (0101) en factuurnummer (0309) verplicht bij 0201=1300',
    ],
    [
      'creditor line without relation',
      [line({ ...base, F0201: '1600', F0307: '0,00', F0309: '123' })],
      'Relatienummer (0101) en factuurnummer (0309) verplicht bij 0201=1600',
    ],
    [
      'over-long description (never cut)',
      [line({ ...base, F0201: '4200', F0307: '0,00', F0306: 'Een omschrijving van dertig tekens' })],
      'Waarde te lang (max 25) 0306=Een omschrijving van dertig tekens',
    ],
    [
      'non-numeric invoice number',
      [line({ ...base, F0201: '4200', F0307: '0,00', F0309: 'INV-2026-1' })],
      'Ongeldige waarde 0309=INV-2026-1',
    ],
    [
      'amount with a decimal point',
      [line({ ...base, F0201: '4200', F0307: '10.00' })],
      'Ongeldige waarde 0307=10.00',
    ],
    [
      'invalid date',
      [line({ ...base, F0302: '260230', F0201: '4200', F0307: '0,00' })],
      'Ongeldige datum 0302=260230',
    ],
    [
      'ISO date',
      [line({ ...base, F0302: '2026-04-10', F0201: '4200', F0307: '0,00' })],
      'Ongeldige datum 0302=2026-04-10',
    ],
    [
      'period outside the boekjaar of the date',
      [line({ ...base, F0310: '2504', F0201: '4200', F0307: '0,00' })],
      'Periode valt niet in het boekjaar van de boekdatum 0310=2504',
    ],
    ['missing amount', [line({ ...base, F0201: '4200' })], 'Rubriek 0307 is verplicht in record 301'],
    [
      'unknown rubriek',
      [line({ ...base, F0201: '4200', F0307: '0,00', F0999: 'x' })],
      'Onbekende rubriek 0999 in record 301',
    ],
    [
      'boekstuknummer already used',
      [line({ ...base, F0901: 'VRK', F0303: '121', F0201: '4200', F0307: '0,00' })],
      'Boekstuknummer 121 bestaat al in dagboek VRK 2026',
    ],
    ['unsupported record', [{ R440: [{ F0101: '1' }] }], 'Onbekend record 440'],
  ])('rejects %s', async (_name, cash, message) => {
    // Act
    const body = await rejected(cash);
    // Assess
    expect(body.error).toBe('Error import');
    expect(body.message.errors.error.map((e) => e.message)).toEqual([message]);
    expect(body.message.errors.error[0]?.line).toBe(1);
  });

  it('is all-or-nothing and lists every error', async () => {
    // Prepare: a good invoice, a relation, and two bad records further on.
    const before = s.sim.state('DEMO');
    const cash: Cash = [
      ...salesInvoice({ entry: '124', invoice: '260124', gross: '12,10', net: '10,00', vat: '2,10' }),
      { R101: [{ F0101: '100099', F0103: 'Nieuwe Klant B.V.' }] },
      line({ F0901: 'MEM', F0302: '260410', F0303: '1', F0201: '8888', F0307: '0,00' }),
      line({ F0901: 'MEM', F0302: '260410', F0303: '2', F0201: '4200', F0307: '0,00', F0911: 'ZZZ' }),
    ];
    // Act
    const body = await rejected(cash);
    // Assess
    expect(body.message.errors.error.map((e) => [e.line, e.message])).toEqual([
      [5, 'Ongeldige waarde 0201=8888'],
      [6, 'Ongeldige waarde 0911=ZZZ'],
    ]);
    expect(s.sim.state('DEMO')).toEqual(before);
    expect(s.sim.stats().imports).toMatchObject({ committed: 0, rejected: 1 });
  });

  it('creates an open item and pays it off in two payments; fully paid items leave the export', async () => {
    // Prepare
    await s.importCash(
      salesInvoice({ entry: '124', invoice: '260124', gross: '1210,00', net: '1000,00', vat: '210,00' }),
    );
    const payment = (entry: string, amount: string): Cash => {
      const shared = { F0901: 'RABO', F0302: '260420', F0303: entry };
      return [
        line({ ...shared, F0201: '1120', F0307: amount }),
        line({ ...shared, F0201: '1300', F0307: `-${amount}`, F0101: '100004', F0309: '260124' }),
      ];
    };
    const openFor = async () => {
      const body = await json<ExportResponse>(await s.get('/get/index/0311T?admin=DEMO&params=1300|100004'));
      return body.R0311 ?? [];
    };
    // Act + Assess: created
    expect(await openFor()).toEqual([
      expect.objectContaining({ F0309: '260124', F0307: '1210,00', F0320: '1210,00', F0111: '24-04-2026' }),
    ]);
    // Act + Assess: partly paid
    expect((await s.importCash(payment('1', '210,00'))).status).toBe(200);
    expect(await openFor()).toEqual([expect.objectContaining({ F0307: '1210,00', F0320: '1000,00' })]);
    // Act + Assess: fully paid
    expect((await s.importCash(payment('2', '1000,00'))).status).toBe(200);
    expect(await openFor()).toEqual([]);
    expect(s.sim.openItems('DEMO').some((o) => o.invoiceNumber === '260124')).toBe(false);
  });

  it('keeps 8504 in step with booked numbers', async () => {
    // Act
    await s.importCash(
      salesInvoice({ entry: '124', invoice: '260124', gross: '12,10', net: '10,00', vat: '2,10' }),
    );
    const next = await json<ExportResponse>(await s.get('/get/index/8504?admin=DEMO&params=26|VRK'));
    // Assess
    expect(next).toEqual({ R8504: [{ Z0303: '000125' }] });
  });

  it('allows the same boekstuknummer in another journal or boekjaar', async () => {
    const cash: Cash = [
      ...salesInvoice({
        entry: '121',
        date: '270105',
        invoice: '270121',
        gross: '12,10',
        net: '10,00',
        vat: '2,10',
      }),
      line({ F0901: 'MEM', F0302: '260410', F0303: '121', F0201: '4200', F0307: '5,00' }),
      line({ F0901: 'MEM', F0302: '260410', F0303: '121', F0201: '1900', F0307: '-5,00' }),
    ];
    expect((await s.importCash(cash)).status).toBe(200);
  });

  it('upserts relations: a new number is created, an existing number is updated', async () => {
    // Act
    const response = await s.importCash([
      {
        R0101: [
          { F0101: '100099', F0103: 'Nieuwe Klant B.V.', F0110: 'NL91ABNA0417164300', F0120: 'a@b.nl' },
        ],
      },
      { R0101: [{ F0101: '100001', F0120: 'boekhouding@bakkerijvandam.nl' }] },
    ]);
    // Assess
    expect(response.status).toBe(200);
    const relations = s.sim.relations('DEMO');
    expect(relations.find((r) => r.number === '100099')?.fields).toMatchObject({
      '0103': 'Nieuwe Klant B.V.',
    });
    expect(relations.find((r) => r.number === '100001')?.fields).toMatchObject({
      '0103': 'Bakkerij Van Dam',
      '0120': 'boekhouding@bakkerijvandam.nl',
    });
  });

  it('requires a name for a new relation', async () => {
    const body = await rejected([{ R0101: [{ F0101: '100099' }] }]);
    expect(body.message.errors.error[0]?.message).toBe('Rubriek 0103 is verplicht in record 101');
  });

  it('lets a booking use a relation created earlier in the same import', async () => {
    const cash: Cash = [
      { R0101: [{ F0101: '100099', F0103: 'Nieuwe Klant B.V.' }] },
      ...salesInvoice({
        entry: '124',
        relation: '100099',
        invoice: '260124',
        gross: '12,10',
        net: '10,00',
        vat: '2,10',
      }),
    ];
    expect((await s.importCash(cash)).status).toBe(200);
  });

  it('upserts articles and creates a sales order with lines', async () => {
    // Act
    const response = await s.importCash([
      { R2260: [{ F2260: 'ZON-PANEEL', F2001: 'Zonnepaneel 430 Wp', F2267: '189,00', F2422: '2' }] },
      { R2260: [{ F2260: 'CV-HR28', F2267: '1949,00' }] },
      { R2400: [{ F2400: '5001', F2401: '260412', F2220: '100006', F2406: 'WEB-10023' }] },
      { R2410: [{ F2400: '5001', F2426: '1', F2260: 'ZON-PANEEL', F2410: '8,00', F2267: '189,00' }] },
      { R2410: [{ F2400: '5001', F2426: '2', F2260: 'UUR-MONTEUR', F2410: '6,50' }] },
    ]);
    // Assess
    expect(response.status).toBe(200);
    expect(s.sim.articles('DEMO').find((a) => a.code === 'CV-HR28')?.fields['2267']).toBe('1949,00');
    const orders = await json<ExportResponse>(await s.get('/get/index/2400?admin=DEMO&params=5001'));
    expect(orders.R2400).toEqual([
      { F2400: '5001', F2401: '12-04-2026', F2220: '100006', F2406: 'WEB-10023' },
    ]);
    expect(orders.R2410).toEqual([
      { F2400: '5001', F2426: '1', F2260: 'ZON-PANEEL', F2410: '8,00', F2267: '189,00' },
      { F2400: '5001', F2426: '2', F2260: 'UUR-MONTEUR', F2410: '6,50' },
    ]);
  });

  it.each<[string, Cash, string[]]>([
    [
      'unknown customer and article',
      [
        { R2400: [{ F2400: '5002', F2401: '260412', F2220: '999999' }] },
        { R2410: [{ F2400: '5002', F2426: '1', F2260: 'BESTAAT-NIET', F2410: '1,00' }] },
      ],
      ['Ongeldige waarde 2220=999999', 'Ongeldige waarde 2400=5002', 'Ongeldige waarde 2260=BESTAAT-NIET'],
    ],
    [
      'duplicate order number within one import',
      [
        { R2400: [{ F2400: '5003', F2401: '260412', F2220: '100001' }] },
        { R2400: [{ F2400: '5003', F2401: '260412', F2220: '100001' }] },
      ],
      ['Ordernummer 5003 bestaat al 2400=5003'],
    ],
  ])('rejects a sales order with %s', async (_name, cash, messages) => {
    const body = await rejected(cash);
    expect(body.message.errors.error.map((e) => e.message)).toEqual(messages);
    expect(s.sim.salesOrders('DEMO')).toEqual([]);
  });

  it('rejects an order number that already exists', async () => {
    const order = { R2400: [{ F2400: '5004', F2401: '260412', F2220: '100001' }] };
    expect((await s.importCash([order])).status).toBe(200);
    const body = await rejected([order]);
    expect(body.message.errors.error[0]?.message).toBe('Ordernummer 5004 bestaat al 2400=5004');
  });

  it('answers 400 Bad Request for a body that is not an import', async () => {
    expect((await s.post('/import', '{not json')).status).toBe(400);
    expect((await s.post('/import', { admin: 'DEMO', format: 0 })).status).toBe(400);
    expect((await s.post('/import', { admin: 'DEMO', format: 1, content: { cash: [] } })).status).toBe(400);
  });
});

describe('CASH simulator import settings', () => {
  let s: Started | undefined;
  afterEach(async () => {
    await s?.sim.stop();
  });

  it('reads amounts in cents when amountNotation is cents', async () => {
    // Prepare
    s = await startSimulator({ amountNotation: 'cents' });
    // Act
    const ok = await s.importCash(
      salesInvoice({ entry: '124', invoice: '260124', gross: '121000', net: '100000', vat: '21000' }),
    );
    const comma = await s.importCash(
      salesInvoice({ entry: '125', invoice: '260125', gross: '1210,00', net: '1000,00', vat: '210,00' }),
    );
    // Assess
    expect(ok.status).toBe(200);
    expect(s.sim.openItems('DEMO').find((o) => o.invoiceNumber === '260124')?.amountCents).toBe(121000);
    expect(comma.status).toBe(400);
  });

  it('splits a gross line into net and VAT by its BTW-code when vatFromCode is on', async () => {
    // Prepare: a purchase booked gross on 4200 with BTW-code 2 (21%).
    s = await startSimulator({ vatFromCode: true });
    const shared = { F0901: 'INK', F0302: '260415', F0303: '4' };
    // Act
    const response = await s.importCash([
      line({ ...shared, F0201: '1600', F0307: '-121,00', F0101: '200004', F0309: '90417' }),
      line({ ...shared, F0201: '4210', F0307: '121,00', F0242: '2' }),
    ]);
    // Assess
    expect(response.status).toBe(200);
    const booked = s.sim.boekstukken('DEMO').find((b) => b.journal === 'INK' && b.number === 4);
    expect(booked?.lines.map((l) => [l.ledgerAccount, l.amountCents])).toEqual([
      ['1600', -12100],
      ['4210', 10000],
      ['1500', 2100],
    ]);
  });
});
