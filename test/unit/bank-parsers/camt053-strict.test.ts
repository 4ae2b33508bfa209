import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import type { BankEntry, BankStatement } from '../../../lib/bank/statement.ts';
import { statementRejection } from '../../../lib/bank/statement-rejection.ts';
import { toCamt053 } from '../../support/bank/index.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const ACCOUNT = 'NL91ABNA0417164300';

const DAY: BankEntry[] = [
  {
    importId: 'REF-1',
    bookingDate: '2026-03-02',
    amountCents: 121000,
    currency: 'EUR',
    counterpartyIban: 'NL20INGB0001234567',
    counterpartyName: 'Bakkerij de Vries',
    remittance: 'Factuur 2026-0042',
  },
  {
    importId: 'REF-2',
    bookingDate: '2026-03-02',
    amountCents: -2550,
    currency: 'EUR',
    counterpartyIban: 'NL86INGB0002445588',
    counterpartyName: 'Energie B.V.',
    remittance: 'Termijn maart',
  },
];
/** Opening 500.00, entries +1210.00 and -25.50, closing 1684.50; version 001.08 (TxDtls carry Amt). */
const XML = toCamt053(ACCOUNT, DAY, 50000, { version: '08' });

/** The Ntry elements of a one-statement document written by hand, with its balances. */
function document(ntries: string, balances: string, accountCurrency = '<Ccy>EUR</Ccy>'): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr>',
    `<Stmt><Id>S1</Id><Acct><Id><IBAN>${ACCOUNT}</IBAN></Id>${accountCurrency}</Acct>`,
    balances,
    ntries,
    '</Stmt></BkToCstmrStmt></Document>',
  ].join('\n');
}

const bal = (code: string, amount: string, indicator = 'CRDT', currency = 'EUR') =>
  `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="${currency}">${amount}</Amt><CdtDbtInd>${indicator}</CdtDbtInd><Dt><Dt>2026-03-02</Dt></Dt></Bal>`;

const ntry = (amount: string, indicator: string, inner = '', currency = 'EUR', ref = 'R1') =>
  `<Ntry><Amt Ccy="${currency}">${amount}</Amt><CdtDbtInd>${indicator}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-02</Dt></BookgDt><AcctSvcrRef>${ref}</AcctSvcrRef>${inner}</Ntry>`;

const tx = (amount: string, indicator: string, name: string, currency = 'EUR') =>
  `<TxDtls><Amt Ccy="${currency}">${amount}</Amt><CdtDbtInd>${indicator}</CdtDbtInd><RltdPties><Dbtr><Pty><Nm>${name}</Nm></Pty></Dbtr></RltdPties></TxDtls>`;

/** [case, document, error expected on the statement]. Each blocks the statement. */
const BLOCKED: [string, string, RegExp][] = [
  [
    'a negative Ntry Amt',
    XML.replace('>1210.00<', '>-1210.00<'),
    /^Stmt \S+ Ntry 1 Amt "-1210\.00": negative amount; the direction is given by CdtDbtInd$/,
  ],
  [
    'a decimal comma',
    XML.replace('>1210.00<', '>1210,00<'),
    /^Stmt \S+ Ntry 1 Amt "1210,00": not an ISO 20022 decimal/,
  ],
  [
    'more decimals than the currency has',
    XML.replace('>25.50<', '>25.505<'),
    /^Stmt \S+ Ntry 2 Amt "25\.505": 3 significant decimals, EUR has 2$/,
  ],
  [
    'decimals in a currency without them',
    document(ntry('1000.50', 'CRDT', '', 'JPY'), bal('OPBD', '0', 'CRDT', 'JPY'), '<Ccy>JPY</Ccy>'),
    /^Stmt S1 Ntry 1 Amt "1000\.50": 1 significant decimal, JPY has 0$/,
  ],
  [
    'another currency than the account without exchange details',
    XML.replace(/<Amt Ccy="EUR">1210\.00<\/Amt>/g, '<Amt Ccy="USD">1210.00</Amt>'),
    /^Stmt \S+ Ntry 1 Amt Ccy "USD": differs from the account's EUR and no exchange details \(AmtDtls\) give the amount in EUR$/,
  ],
  [
    'CdtDbtInd missing',
    XML.replace('<CdtDbtInd>CRDT</CdtDbtInd><Sts>', '<Sts>'),
    /^Stmt \S+ Ntry 1: CdtDbtInd "": expected CRDT or DBIT$/,
  ],
  [
    'CdtDbtInd invalid',
    XML.replace('<CdtDbtInd>DBIT</CdtDbtInd><Sts>', '<CdtDbtInd>DEBIT</CdtDbtInd><Sts>'),
    /^Stmt \S+ Ntry 2: CdtDbtInd "DEBIT": expected CRDT or DBIT$/,
  ],
  [
    'an entry status that is not an ISO one',
    XML.replace('<Sts><Cd>BOOK</Cd></Sts>', '<Sts><Cd>BOOKED</Cd></Sts>'),
    /^Stmt \S+ Ntry 1 Sts "BOOKED": expected BOOK, PDNG, INFO or FUTR$/,
  ],
  [
    'RvslInd that is not a boolean',
    XML.replace('<Sts>', '<RvslInd>yes</RvslInd><Sts>'),
    /^Stmt \S+ Ntry 1 RvslInd "yes": expected true or false$/,
  ],
  [
    'batch details that do not add up to the Ntry',
    document(
      ntry('30.00', 'CRDT', `<NtryDtls>${tx('10.00', 'CRDT', 'A')}${tx('15.00', 'CRDT', 'B')}</NtryDtls>`),
      bal('OPBD', '0') + bal('CLBD', '30.00'),
    ),
    /^Stmt S1 Ntry 1: the 2 TxDtls amounts add up to 25\.00, the Ntry Amt is 30\.00$/,
  ],
  [
    'a batch total that is not the Ntry Amt',
    document(
      ntry(
        '30.00',
        'CRDT',
        '<NtryDtls><Btch><NbOfTxs>3</NbOfTxs><TtlAmt Ccy="EUR">31.00</TtlAmt></Btch></NtryDtls>',
      ),
      bal('OPBD', '0') + bal('CLBD', '30.00'),
    ),
    /^Stmt S1 Ntry 1 Btch TtlAmt 31\.00: differs from the Ntry Amt 30\.00$/,
  ],
  [
    'a booking date that is no real day (never replaced by the value date)',
    XML.replace('<BookgDt><Dt>2026-03-02', '<BookgDt><Dt>2026-02-31'),
    /^Stmt \S+ Ntry 1 BookgDt "2026-02-31": not a date$/,
  ],
  [
    'a value date that is no real day',
    XML.replace(/<ValDt><Dt>[^<]*/, '<ValDt><Dt>99999-01-01'),
    /^Stmt \S+ Ntry 1 ValDt "99999-01-01": not a date$/,
  ],
  [
    'a negative balance amount',
    document(ntry('5.00', 'CRDT'), bal('OPBD', '-5.00') + bal('CLBD', '0')),
    /^Stmt S1 Bal OPBD Amt "-5\.00": negative amount/,
  ],
  [
    'a balance without a valid CdtDbtInd',
    document(ntry('5.00', 'CRDT'), bal('OPBD', '5.00', 'PLUS') + bal('CLBD', '10.00')),
    /^Stmt S1 Bal OPBD CdtDbtInd "PLUS": expected CRDT or DBIT$/,
  ],
  [
    'the same balance type twice with different amounts',
    document(ntry('5.00', 'CRDT'), bal('OPBD', '0') + bal('CLBD', '5.00') + bal('CLBD', '6.00')),
    /^Stmt S1 Bal CLBD: given 2 times with different amounts \(5\.00, 6\.00\)$/,
  ],
  [
    'a previous closing balance that is not the opening balance',
    document(ntry('5.00', 'CRDT'), bal('PRCD', '1.00') + bal('OPBD', '0') + bal('CLBD', '5.00')),
    /^Stmt S1 Bal PRCD 1\.00: differs from OPBD 0\.00/,
  ],
  [
    'balances in another currency than Acct/Ccy',
    document(ntry('5.00', 'CRDT'), bal('OPBD', '0', 'CRDT', 'USD') + bal('CLBD', '5.00', 'CRDT', 'USD')),
    /^Stmt S1 Bal Amt Ccy "USD": differs from Acct\/Ccy EUR$/,
  ],
  [
    'no Acct/Ccy and balances in two currencies',
    document(ntry('5.00', 'CRDT'), bal('OPBD', '0', 'CRDT', 'USD') + bal('CLBD', '5.00'), ''),
    /^Stmt S1: Acct\/Ccy missing and the balances are in USD, EUR: the account's currency is unknown$/,
  ],
];

describe('camt.053: what cannot be read right blocks its statement, naming statement, entry and element', () => {
  it.each(BLOCKED)('%s', (_case, xml, expected) => {
    // Act
    const result = parseStatementFile(bytes(xml));
    // Assess
    expect(result.errors).toEqual([]);
    expect(result.statements).toHaveLength(1);
    expect(result.statements[0]?.errors).toContainEqual(expect.stringMatching(expected));
    expect(statementRejection(result.statements[0] as BankStatement)).toMatch(
      /^statement has errors|^balance check failed/,
    );
  });
});

describe('camt.053: what is not a whole statement is refused as a file', () => {
  it.each([
    [
      'a camt.054 notification',
      XML.replace(/camt\.053/g, 'camt.054')
        .replace(/BkToCstmrStmt/g, 'BkToCstmrDbtCdtNtfctn')
        .replace(/(<\/?)Stmt>/g, '$1Ntfctn>'),
      /^camt\.053: this is a camt\.054 debit\/credit notification \(BkToCstmrDbtCdtNtfctn\), not a bank statement/,
    ],
    [
      'a camt.052 report',
      XML.replace(/camt\.053/g, 'camt.052')
        .replace(/BkToCstmrStmt/g, 'BkToCstmrAcctRpt')
        .replace(/(<\/?)Stmt>/g, '$1Rpt>'),
      /^camt\.053: this is a camt\.052 account report \(BkToCstmrAcctRpt\), not a bank statement/,
    ],
    [
      'a file cut off inside an entry',
      XML.slice(0, XML.lastIndexOf('<RmtInf>') + 12),
      /^camt\.053: the file is cut off at line \d+ inside Document\/BkToCstmrStmt\/Stmt\/Ntry\/NtryDtls\/TxDtls\/RmtInf \(1 complete Ntry before it\)/,
    ],
    [
      'a file cut off between entries',
      XML.slice(0, XML.lastIndexOf('<Ntry>')),
      /^camt\.053: the file is cut off at line \d+ inside Document\/BkToCstmrStmt\/Stmt \(1 complete Ntry before it\)/,
    ],
  ])('%s', (_case, xml, expected) => {
    // Act
    const result = parseStatementFile(bytes(xml));
    // Assess
    expect(result.format).toBe('camt053');
    expect(result.statements).toEqual([]);
    expect(result.errors).toEqual([expect.stringMatching(expected)]);
  });

  it('a file cut off anywhere is never read as a statement', () => {
    fc.assert(
      fc.property(fc.integer({ min: 60, max: XML.lastIndexOf('</Document>') - 1 }), (cut) => {
        // Act
        const result = parseStatementFile(bytes(XML.slice(0, cut)));
        // Assess
        expect(result.statements).toEqual([]);
        expect(result.errors).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('camt.053: the same statement twice in one file', () => {
  it('blocks the second copy, so its entries are not booked twice', () => {
    // Prepare
    const stmt = /<Stmt>[\s\S]*<\/Stmt>/.exec(XML)?.[0] ?? '';
    const xml = XML.replace(stmt, `${stmt}\n${stmt}`);
    // Act
    const result = parseStatementFile(bytes(xml));
    // Assess
    expect(result.statements.map((statement) => statement.errors)).toEqual([
      [],
      [
        expect.stringMatching(
          /^Stmt \S+: the same statement \(account NL91ABNA0417164300, Id\) is Stmt 1 of this file too; Stmt 2 is not booked$/,
        ),
      ],
    ]);
  });
});

describe('camt.053: provably right readings', () => {
  it('an entry in another currency with its counter value in the account currency books that value', () => {
    // Prepare
    const inner =
      '<AmtDtls><InstdAmt><Amt Ccy="USD">110.00</Amt><CcyXchg><SrcCcy>USD</SrcCcy><TrgtCcy>EUR</TrgtCcy><XchgRate>0.9</XchgRate></CcyXchg></InstdAmt><CntrValAmt><Amt Ccy="EUR">99.00</Amt></CntrValAmt></AmtDtls>';
    const xml = document(ntry('110.00', 'DBIT', inner, 'USD'), bal('OPBD', '100.00') + bal('CLBD', '1.00'));
    // Act
    const statement = parseStatementFile(bytes(xml)).statements[0];
    // Assess
    expect(statement?.errors).toEqual([]);
    expect(statement?.balanceCheck).toBe('ok');
    expect(statement?.entries[0]).toMatchObject({
      amountCents: -9900,
      currency: 'EUR',
      transactionType: 'USD 110.00',
    });
  });

  it('the same bank reference on two entries flags both and keeps the statement', () => {
    // Prepare
    const xml = XML.replace(/<AcctSvcrRef>REF-[12]<\/AcctSvcrRef>/g, '<AcctSvcrRef>B-7</AcctSvcrRef>');
    // Act
    const statement = parseStatementFile(bytes(xml)).statements[0];
    // Assess
    expect(statement?.errors).toEqual([]);
    expect(statement?.balanceCheck).toBe('ok');
    expect(statement?.entries.map((entry) => entry.flags)).toEqual([
      [expect.stringMatching(/^duplicate bank reference "B-7": also on Ntry 2 of Stmt /)],
      [expect.stringMatching(/^duplicate bank reference "B-7": also on Ntry 1 of Stmt /)],
    ]);
  });

  it('batch parts sharing their Ntry reference are one booking, not duplicates', () => {
    // Prepare
    const xml = document(
      ntry('25.00', 'CRDT', `<NtryDtls>${tx('10.00', 'CRDT', 'A')}${tx('15.00', 'CRDT', 'B')}</NtryDtls>`),
      bal('OPBD', '0') + bal('CLBD', '25.00'),
    );
    // Act
    const statement = parseStatementFile(bytes(xml)).statements[0];
    // Assess
    expect(statement?.errors).toEqual([]);
    expect(
      statement?.entries.map((entry) => [entry.amountCents, entry.counterpartyName, entry.flags]),
    ).toEqual([
      [1000, 'A', undefined],
      [1500, 'B', undefined],
    ]);
  });

  it.each([
    [
      'an interim page closing (OPBD, ITBD)',
      bal('OPBD', '10.00', 'DBIT') + bal('ITBD', '5.00', 'DBIT'),
      -1000,
      -500,
    ],
    [
      'an interim page opening (ITBD, CLBD)',
      bal('ITBD', '10.00', 'DBIT') + bal('CLBD', '5.00', 'DBIT'),
      -1000,
      -500,
    ],
    ['a middle page (ITBD, ITBD)', bal('ITBD', '10.00', 'DBIT') + bal('ITBD', '5.00', 'DBIT'), -1000, -500],
    [
      'the previous closing as opening (PRCD, CLBD)',
      bal('PRCD', '10.00', 'DBIT') + bal('CLBD', '5.00', 'DBIT'),
      -1000,
      -500,
    ],
  ])('balances: %s', (_case, balances, opening, closing) => {
    // Prepare
    const xml = document(ntry('5.00', 'CRDT'), balances + bal('CLAV', '99.00') + bal('OPAV', '98.00'));
    // Act
    const statement = parseStatementFile(bytes(xml)).statements[0];
    // Assess
    expect(statement).toMatchObject({
      openingBalanceCents: opening,
      closingBalanceCents: closing,
      balanceCheck: 'ok',
      errors: [],
    });
  });

  it('available balances are never taken for booked ones', () => {
    // Prepare
    const xml = document(ntry('5.00', 'CRDT'), bal('OPBD', '0') + bal('CLAV', '99.00'));
    // Act
    const statement = parseStatementFile(bytes(xml)).statements[0];
    // Assess
    expect(statement).toMatchObject({ openingBalanceCents: 0, balanceCheck: 'not-available', errors: [] });
    expect(statement?.closingBalanceCents).toBeUndefined();
  });

  it('without Acct/Ccy the currency is the balances’ one', () => {
    // Act
    const statement = parseStatementFile(bytes(XML.replace('<Ccy>EUR</Ccy>', ''))).statements[0];
    // Assess
    expect(statement).toMatchObject({ currency: 'EUR', balanceCheck: 'ok', errors: [] });
  });

  it.each([
    ['as ISO 20022 says (the reversal’s own direction)', 'CRDT', 'CLBD', '105.00', 500, 'ok'],
    ['as the reversed entry’s direction, proven by the balances', 'DBIT', 'CLBD', '105.00', 500, 'ok'],
    ['neither way adding up: still a mismatch', 'DBIT', 'CLBD', '107.00', -500, 'mismatch'],
  ])('a returned direct debit with CdtDbtInd %s', (_case, indicator, code, closing, cents, check) => {
    // Prepare: 100.00 opening, a 5.00 direct debit returned
    const xml = document(
      ntry('5.00', indicator, '', 'EUR', 'R9').replace('<Sts>', '<RvslInd>true</RvslInd><Sts>'),
      bal('OPBD', '100.00') + bal(code, closing),
    );
    // Act
    const statement = parseStatementFile(bytes(xml)).statements[0];
    // Assess
    expect(statement?.balanceCheck).toBe(check);
    expect(statement?.entries[0]).toMatchObject({ amountCents: cents, reversal: true });
  });

  it('RvslInd 1 is a reversal, 0 is none', () => {
    // Prepare
    const xml = XML.replace('<Sts>', '<RvslInd>1</RvslInd><Sts>').replace(
      /(<\/Ntry>\s*<Ntry>[\s\S]*?)<Sts>/,
      '$1<RvslInd>0</RvslInd><Sts>',
    );
    // Act
    const statement = parseStatementFile(bytes(xml)).statements[0];
    // Assess
    expect(statement?.errors).toEqual([]);
    expect(statement?.entries.map((entry) => entry.reversal ?? false)).toEqual([true, false]);
  });

  it.each([
    ['a UTF-8 BOM', (xml: string) => Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes(xml)])],
    [
      'UTF-16LE with BOM',
      (xml: string) =>
        Uint8Array.from([
          0xff,
          0xfe,
          ...[...xml].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]),
        ]),
    ],
    [
      'UTF-16BE with BOM',
      (xml: string) =>
        Uint8Array.from([
          0xfe,
          0xff,
          ...[...xml].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff]),
        ]),
    ],
  ])('%s reads the same statement', (_case, encode) => {
    // Prepare
    const xml = XML.replace('Bakkerij de Vries', 'Bakkerij Zoë');
    // Act
    const plain = parseStatementFile(bytes(xml)).statements;
    const encoded = parseStatementFile(encode(xml)).statements;
    // Assess
    expect(encoded).toEqual(plain);
    expect(encoded[0]?.entries[0]?.counterpartyName).toBe('Bakkerij Zoë');
  });
});
