import { describe, expect, it } from 'vitest';
import { type EntryDetails, parseEntryDetails } from '../../../lib/bank/parsers/index.ts';

/** :86: dialects that the corpus does not show verbatim, written after the banks' format descriptions. */
const CASES: [string, string[], EntryDetails][] = [
  [
    'ING structured creditor reference /REMI/STRD/CUR/',
    [
      '/EREF/NOTPROVIDED//CNTP/NL86INGB0002445588/INGBNL2A/Belastingdienst/Ap',
      'eldoorn//REMI/STRD/CUR/5002100023310160/',
    ],
    {
      counterpartyIban: 'NL86INGB0002445588',
      counterpartyBic: 'INGBNL2A',
      counterpartyName: 'Belastingdienst',
      structuredReference: '5002100023310160',
    },
  ],
  [
    'Triodos ING-like CNTP',
    ['/CNTP/NL91ABNA0417164300/ABNANL2A/Verhuur BV/Utrecht//EREF/INV-2024-', '7//REMI/USTD//Huur maart/'],
    {
      counterpartyIban: 'NL91ABNA0417164300',
      counterpartyName: 'Verhuur BV',
      endToEndId: 'INV-2024-7',
      remittance: 'Huur maart',
    },
  ],
  [
    'ABN AMRO older fixed columns',
    [
      'SEPA OVERBOEKING                 IBAN: NL91ABNA0417164300        BIC: ABNANL2A                    NAAM: JANSEN',
      'OMSCHRIJVING: FACTUUR 2024-001   KENMERK: E2E-77',
    ],
    {
      transactionType: 'SEPA OVERBOEKING',
      counterpartyIban: 'NL91ABNA0417164300',
      counterpartyBic: 'ABNANL2A',
      counterpartyName: 'JANSEN',
      remittance: 'FACTUUR 2024-001',
      endToEndId: 'E2E-77',
    },
  ],
  [
    'Rabobank RF creditor reference and return reason',
    ['/RTRN/MD06/EREF/E-1/BENM//NAME/Shop/REMI//CDTRREFTP//CD/SCOR/ISSR/ISO/CDTRREF/RF18 5390 0754 7034/'],
    {
      counterpartyName: 'Shop',
      endToEndId: 'E-1',
      structuredReference: 'RF18539007547034',
      reversalHint: true,
    },
  ],
  [
    'old GIRO number and name',
    ['GIRO   1234567 STICHTING X      FACTUUR 12'],
    { counterpartyAccount: '1234567', counterpartyName: 'STICHTING X', remittance: 'FACTUUR 12' },
  ],
  ['plain text', ['Rente 2023'], { remittance: 'Rente 2023' }],
];

describe('parseEntryDetails', () => {
  it.each(CASES)('%s', (_name, lines, expected) => {
    // Prepare / Act
    const details = parseEntryDetails(lines);
    // Assess
    expect(details).toMatchObject(expected);
  });
});

describe('a value that spells a SEPA tag', () => {
  it('stays the value of the tag before it (an end-to-end id "CD")', () => {
    // Act
    const details = parseEntryDetails(['/EREF/CD/ORDP//NAME/Bakkerij de Vries/REMI/Factuur 7']);
    // Assess
    expect(details).toMatchObject({ endToEndId: 'CD', counterpartyName: 'Bakkerij de Vries' });
  });
});
