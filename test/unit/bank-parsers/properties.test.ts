import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeImportId,
  decodeStatementBytes,
  findStructuredReference,
  importIdKey,
  isValidBetalingskenmerk,
  isValidIban,
  isValidRfReference,
  parseAmountToCents,
  parseStatementFile,
} from '../../../lib/bank/parsers/index.ts';
import { BANK_FOLDERS, corpusSamples, readCorpusFile } from '../../support/corpus.ts';
import { fuzzParameters } from '../../support/fuzz.ts';
import { withCorpus } from '../../support/needs-shared.ts';

const corpusFiles = corpusSamples(BANK_FOLDERS).map((file) => readCorpusFile(file.folder, file.name));
const bytes = (text: string) => new TextEncoder().encode(text);

const MT940_DAY = [
  '{1:F01INGBNL2AXXXX0000000000}{2:I940INGBNL2AXXXXN}{4:',
  ':20:P181231000000001',
  ':25:NL69INGB0123456789EUR',
  ':28C:00000',
  ':60F:C181230EUR100,00',
  ':61:1812310101D25,50NDDTEREF//18365000000001',
  '/TRCD/01028/',
  ':86:/EREF/E2E-123//MARF/MANDATE-9//CSID/NL00ZZZ000000000000',
  '//CNTP/NL91ABNA0417164300/ABNANL2A/Energie BV///REMI/USTD//Termijn',
  ' januari/',
  ':61:1812310101RD5,00NTRFNONREF//18365000000002',
  ':86:/CNTP/NL91ABNA0417164300/ABNANL2A/Energie BV///REMI/USTD//Storno/',
  ':62F:C190101EUR79,50',
  '-}',
].join('\r\n');

const CAMT_DAY = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>1</MsgId></GrpHdr>
<Stmt><Id>S1</Id><Acct><Id><IBAN>NL69INGB0123456789</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2018-12-30</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">79.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2019-01-01</Dt></Dt></Bal>
<Ntry><Amt Ccy="EUR">25.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2019-01-01</Dt></BookgDt><ValDt><Dt>2018-12-31</Dt></ValDt>
<AcctSvcrRef>OTHER-REF-1</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>E2E-123</EndToEndId><MndtId>MANDATE-9</MndtId></Refs>
<RltdPties><Cdtr><Nm>Energie B.V.</Nm></Cdtr><CdtrAcct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></CdtrAcct></RltdPties>
<RmtInf><Ustrd>Termijn januari 2019 klantnr 42</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts><BookgDt><Dt>2019-01-01</Dt></BookgDt>
<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Energie</Nm></Dbtr><DbtrAcct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></DbtrAcct></RltdPties></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>`;

describe('import ids', () => {
  it('the same day as MT940 and as CAMT.053 yields the same ids despite different remittance detail', () => {
    // Prepare / Act
    const mt940 = parseStatementFile(bytes(MT940_DAY)).statements[0];
    const camt = parseStatementFile(bytes(CAMT_DAY)).statements[0];
    // Assess
    expect(mt940?.balanceCheck).toBe('ok');
    expect(camt?.balanceCheck).toBe('ok');
    expect(mt940?.entries.map((entry) => entry.importId)).toEqual(
      camt?.entries.map((entry) => entry.importId),
    );
  });

  it('a legacy ABN AMRO account number in MT940 lines up with the IBAN in CAMT', () => {
    // Prepare
    const legacy = MT940_DAY.replace(
      '{1:F01INGBNL2AXXXX0000000000}{2:I940INGBNL2AXXXXN}{4:',
      'ABNANL2A\r\n940\r\nABNANL2A',
    ).replace(':25:NL69INGB0123456789EUR', ':25:517852257');
    const iban = parseStatementFile(bytes(legacy)).statements[0]?.accountIban ?? '';
    // Act
    const mt940 = parseStatementFile(bytes(legacy)).statements[0];
    const camt = parseStatementFile(bytes(CAMT_DAY.replace('NL69INGB0123456789', iban))).statements[0];
    // Assess
    expect(isValidIban(iban)).toBe(true);
    expect(iban).toMatch(/^NL\d{2}ABNA0517852257$/);
    expect(mt940?.account).toBe('517852257');
    expect(mt940?.entries.map((entry) => entry.importId)).toEqual(
      camt?.entries.map((entry) => entry.importId),
    );
  });

  it('a re-sent file gives the same ids; identical entries on one day are told apart by occurrence', () => {
    const twice = MT940_DAY.replace(
      ':62F:C190101EUR79,50',
      ':61:1812310101D25,50NDDTEREF\r\n:86:/EREF/E2E-123//CNTP/NL91ABNA0417164300/ABNANL2A/Energie BV///\r\n:62F:C190101EUR54,00',
    );
    const first = parseStatementFile(bytes(twice)).statements[0];
    const again = parseStatementFile(bytes(twice)).statements[0];
    expect(first?.entries.map((entry) => entry.importId)).toEqual(
      again?.entries.map((entry) => entry.importId),
    );
    expect(new Set(first?.entries.map((entry) => entry.importId)).size).toBe(3);
  });
});

describe('MT940 details', () => {
  it('entry date MMDD rolls over the year against the value date', () => {
    const [entry] = parseStatementFile(bytes(MT940_DAY)).statements[0]?.entries ?? [];
    expect(entry).toMatchObject({ valueDate: '2018-12-31', bookingDate: '2019-01-01', amountCents: -2550 });
  });

  it('RD (reversal of a debit) adds money and is flagged; CAMT RvslInd likewise', () => {
    const mt = parseStatementFile(bytes(MT940_DAY)).statements[0]?.entries[1];
    const camt = parseStatementFile(bytes(CAMT_DAY)).statements[0]?.entries[1];
    expect(mt).toMatchObject({ amountCents: 500, reversal: true });
    expect(camt).toMatchObject({ amountCents: 500, reversal: true });
  });

  it('latin-1 bytes decode to the right characters', () => {
    const text = MT940_DAY.replace('Energie BV', 'Caf\u00e9 R\u00f6se');
    const latin1 = Uint8Array.from([...text].map((char) => char.charCodeAt(0)));
    const result = parseStatementFile(latin1);
    expect(result.encoding).toBe('windows-1252');
    expect(result.statements[0]?.entries[0]?.counterpartyName).toBe('Caf\u00e9 R\u00f6se');
  });

  it('a malformed amount is reported with line, tag and value', () => {
    const result = parseStatementFile(bytes(MT940_DAY.replace('D25,50NDDT', 'D12,3xNDDT')));
    expect(result.statements[0]?.errors).toContain('line 6 :61: amount "12,3x": not a number');
  });

  it('an impossible entry date is reported and the value date is used', () => {
    const result = parseStatementFile(bytes(MT940_DAY.replace('1812310101D25,50', '1812311332D25,50')));
    expect(result.statements[0]?.entries[0]?.bookingDate).toBe('2018-12-31');
    expect(result.statements[0]?.errors).toContain(
      'line 6 :61: entry date "1332": not a valid MMDD, booked on the value date',
    );
  });

  it('DOCTYPE in XML is refused', () => {
    const result = parseStatementFile(
      bytes(CAMT_DAY.replace('<Document', '<!DOCTYPE x [<!ENTITY a "b">]><Document')),
    );
    expect(result.statements).toHaveLength(0);
    expect(result.errors[0]).toMatch(/DOCTYPE/);
  });
});

describe('references', () => {
  it.each([
    ['5002100023310160', true],
    ['1850426746401070', true],
    ['5002100023310161', false],
  ])('betalingskenmerk %s valid=%s', (reference, valid) => {
    expect(isValidBetalingskenmerk(reference)).toBe(valid);
  });

  it.each([
    ['RF18539007547034', true],
    ['RF18 5390 0754 7034', true],
    ['RF19539007547034', false],
  ])('RF reference %s valid=%s', (reference, valid) => {
    expect(isValidRfReference(reference)).toBe(valid);
  });
});

describe('fuzz', () => {
  it('amounts parse exactly: cents → "e,cc" → cents', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (cents) => {
        const text = `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
        expect(parseAmountToCents(text)).toEqual({ ok: true, cents });
        expect(parseAmountToCents(`${text}000`)).toEqual({ ok: true, cents });
      }),
    );
  });

  it('random bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (input) => {
        const result = parseStatementFile(input);
        expect(Array.isArray(result.statements)).toBe(true);
      }),
      fuzzParameters(300),
    );
  });

  it('mutated corpus files never throw', withCorpus(), () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...corpusFiles),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
        fc.nat(),
        (file, mutations, cut) => {
          const copy = Uint8Array.from(file);
          for (const [position, value] of mutations) copy[position % copy.length] = value;
          const result = parseStatementFile(copy.slice(0, copy.length - (cut % 50)));
          for (const statement of result.statements) {
            for (const entry of statement.entries) expect(Number.isSafeInteger(entry.amountCents)).toBe(true);
          }
        },
      ),
      fuzzParameters(300),
    );
  });
});

describe('structured references in free text', () => {
  it.each([
    ['betaling 5002 1000 2331 0160 dank', '5002100023310160'],
    ['Betalingskenmerk: 1234567', '1234567'],
    ['factuur RF18 5390 0754 7034 juni', 'RF18539007547034'],
    ['ordernummer 5002100023310161', undefined],
    ['RF19539007547034', undefined],
  ])('%s → %s', (text, expected) => {
    expect(findStructuredReference(text)).toBe(expected);
  });
});

describe('import id recipe', () => {
  const base = {
    account: 'NL69 INGB 0123 4567 89',
    bookingDate: '2024-01-05',
    amountCents: -2550,
    currency: 'eur',
  };

  it('prefers end-to-end id + counterparty IBAN, ignores NOTPROVIDED, normalises account and currency', () => {
    // Prepare / Act / Assess
    expect(
      importIdKey({ ...base, endToEndId: 'E2E-1', counterpartyIban: 'NL91ABNA0417164300', remittance: 'x' }),
    ).toBe('bk1|NL69INGB0123456789|2024-01-05|-2550|EUR|e2e:E2E-1:NL91ABNA0417164300');
    expect(importIdKey({ ...base, endToEndId: 'NOTPROVIDED', counterpartyIban: 'NL91ABNA0417164300' })).toBe(
      'bk1|NL69INGB0123456789|2024-01-05|-2550|EUR|iban:NL91ABNA0417164300',
    );
    expect(importIdKey({ ...base, remittance: 'BEA, Betaalpas IKEA  Amsterdam' })).toBe(
      'bk1|NL69INGB0123456789|2024-01-05|-2550|EUR|text:BEABETAALPASIKEAAMSTERDAM',
    );
  });

  it('occurrence and every key fact change the id', () => {
    const id = computeImportId(base, 0);
    expect(computeImportId(base, 1)).not.toBe(id);
    expect(computeImportId({ ...base, amountCents: 2550 }, 0)).not.toBe(id);
    expect(computeImportId({ ...base, bookingDate: '2024-01-06' }, 0)).not.toBe(id);
    expect(computeImportId({ ...base, account: 'NL91ABNA0417164300' }, 0)).not.toBe(id);
  });
});

describe('generated MT940 statements', () => {
  it('amounts survive exactly and balances add up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        fc.array(fc.integer({ min: -100_000_000, max: 100_000_000 }), { maxLength: 25 }),
        (opening, amounts) => {
          // Prepare
          const swift = (cents: number) =>
            `${Math.trunc(Math.abs(cents) / 100)},${String(Math.abs(cents) % 100).padStart(2, '0')}`;
          const mark = (cents: number) => (cents < 0 ? 'D' : 'C');
          const closing = amounts.reduce((sum, cents) => sum + cents, opening);
          const lines = [
            ':20:GEN',
            ':25:NL91ABNA0417164300',
            ':28C:1',
            `:60F:${mark(opening)}240101EUR${swift(opening)}`,
          ];
          for (const cents of amounts)
            lines.push(`:61:2401020102${mark(cents)}${swift(cents)}NTRFNONREF`, ':86:/NAME/X/REMI/Y');
          lines.push(`:62F:${mark(closing)}240102EUR${swift(closing)}`, '-');
          // Act
          const statement = parseStatementFile(bytes(lines.join('\r\n'))).statements[0];
          // Assess
          expect(statement?.entries.map((entry) => entry.amountCents)).toEqual(
            amounts.map((cents) => (cents === 0 ? 0 : cents)),
          );
          expect(statement?.balanceCheck).toBe('ok');
        },
      ),
      fuzzParameters(200),
    );
  });
});

describe('decoding bank files', () => {
  /** UTF-16 is told by a BOM or NULs in the first characters (examples below); other bytes are 8-bit text. */
  const looksUtf16 = (bytes: Uint8Array) =>
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) ||
      (bytes[0] === 0xfe && bytes[1] === 0xff) ||
      bytes[0] === 0 ||
      bytes[1] === 0);

  it('reads any bytes as strict UTF-8 when valid, else as Windows-1252, whatever the fast path', () => {
    fc.assert(
      fc.property(
        fc
          .oneof(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ max: 0x7f, maxLength: 200 }))
          .filter((bytes) => !looksUtf16(bytes)),
        (bytes) => {
          // Prepare: the reference decoding, without the ASCII fast path; a UTF-8 BOM is dropped first
          const body =
            bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
          let expected: string;
          let encoding: string;
          try {
            expected = new TextDecoder('utf-8', { fatal: true }).decode(body);
            encoding = 'utf-8';
          } catch {
            expected = new TextDecoder('windows-1252').decode(body);
            encoding = 'windows-1252';
          }
          if (expected.charCodeAt(0) === 0xfeff) expected = expected.slice(1);
          expected = expected.replace(/\r\n?/g, '\n');
          // Act
          const decoded = decodeStatementBytes(bytes);
          // Assess
          expect({ text: decoded.text, encoding: decoded.encoding }).toEqual({ text: expected, encoding });
          if (encoding === 'utf-8') expect(decoded.mixedEncoding).toBeUndefined();
        },
      ),
    );
  });

  it.each([
    ['utf-16le with BOM', [0xff, 0xfe], 'utf-16le'],
    ['utf-16be with BOM', [0xfe, 0xff], 'utf-16be'],
    ['utf-16le without BOM', [], 'utf-16le'],
    ['utf-16be without BOM', [], 'utf-16be'],
  ] as const)('%s', (_name, bom, encoding) => {
    // Prepare
    const text = '"Datum";"Naam"\r\n"20240105";"Café Zoë"\r\n';
    const units = [...text].flatMap((char) => {
      const code = char.charCodeAt(0);
      return encoding === 'utf-16le' ? [code & 0xff, code >> 8] : [code >> 8, code & 0xff];
    });
    // Act
    const decoded = decodeStatementBytes(Uint8Array.from([...bom, ...units]));
    // Assess
    expect(decoded).toEqual({ text: '"Datum";"Naam"\n"20240105";"Café Zoë"\n', encoding });
  });

  it('a file with UTF-8 and latin-1 characters says where each first occurs', () => {
    // Prepare: line 2 has "é" as UTF-8 (C3 A9), line 3 "ë" as latin-1 (EB)
    const bytes = Uint8Array.from([
      ...new TextEncoder().encode('a;b\nCaf'),
      0xc3,
      0xa9,
      ...new TextEncoder().encode(';1\nZo'),
      0xeb,
      ...new TextEncoder().encode(';2\n'),
    ]);
    // Act
    const decoded = decodeStatementBytes(bytes);
    // Assess
    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.mixedEncoding).toEqual({ utf8: { line: 2, column: 4 }, latin1: { line: 3, column: 3 } });
  });
});
