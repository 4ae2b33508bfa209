import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import type { BankEntry } from '../../../lib/bank/statement.ts';
import { CAMT053_VERSIONS, type Camt053Version, toCamt053 } from '../../support/bank/index.ts';
import { corpusFiles, corpusPath } from '../../support/corpus.ts';
import { describeWithCorpus } from '../../support/needs-shared.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

const ACCOUNT = 'NL91ABNA0417164300';

/** One day of a Dutch business account: a payment in with a kenmerk, a direct debit out, a reversal. */
const DAY: BankEntry[] = [
  {
    importId: 'REF-1',
    bookingDate: '2026-03-02',
    valueDate: '2026-03-02',
    amountCents: 121000,
    currency: 'EUR',
    counterpartyIban: 'NL20INGB0001234567',
    counterpartyBic: 'INGBNL2A',
    counterpartyName: 'Bakkerij de Vries & Zn',
    endToEndId: 'E2E-2026-0042',
    structuredReference: '5002100023310160',
    remittance: 'Factuur 2026-0042',
  },
  {
    importId: 'REF-2',
    bookingDate: '2026-03-02',
    valueDate: '2026-02-27',
    amountCents: -2550,
    currency: 'EUR',
    counterpartyIban: 'NL86INGB0002445588',
    counterpartyBic: 'INGBNL2A',
    counterpartyName: 'Energie B.V.',
    endToEndId: 'ENERGIE-77',
    mandateId: 'MANDAAT-9',
    remittance: 'Termijn maart',
  },
  {
    importId: 'REF-3',
    bookingDate: '2026-03-02',
    amountCents: 2550,
    currency: 'EUR',
    counterpartyIban: 'NL86INGB0002445588',
    counterpartyName: 'Energie B.V.',
    reversal: true,
    remittance: 'Storno termijn maart',
  },
];

const CASES = CAMT053_VERSIONS.flatMap((version) => [[version, false] as const, [version, true] as const]);

describe('camt.053 versions 001.02 to 001.10', () => {
  it.each(CASES)(
    'camt.053.001.%s (DtTm dates: %s) parses with entries, balances and fields',
    (version, dateTimes) => {
      // Prepare
      const xml = toCamt053(ACCOUNT, DAY, 50000, { version, dateTimes, servicerBic: 'ABNANL2A' });
      // Act
      const result = parseStatementFile(bytes(xml));
      // Assess
      expect(result.errors).toEqual([]);
      const [statement] = result.statements;
      expect(statement).toMatchObject({
        format: 'camt053',
        formatVersion: `camt.053.001.${version}`,
        bank: 'abnamro',
        account: ACCOUNT,
        currency: 'EUR',
        openingBalanceCents: 50000,
        closingBalanceCents: 171000,
        openingDate: '2026-03-02',
        closingDate: '2026-03-02',
        balanceCheck: 'ok',
        errors: [],
      });
      expect(statement?.entries).toHaveLength(3);
      expect(statement?.entries[0]).toMatchObject({
        bookingDate: '2026-03-02',
        valueDate: '2026-03-02',
        amountCents: 121000,
        counterpartyIban: 'NL20INGB0001234567',
        counterpartyBic: 'INGBNL2A',
        counterpartyName: 'Bakkerij de Vries & Zn',
        endToEndId: 'E2E-2026-0042',
        structuredReference: '5002100023310160',
        remittance: 'Factuur 2026-0042',
        bankReference: 'REF-1',
      });
      expect(statement?.entries[1]).toMatchObject({
        bookingDate: '2026-03-02',
        valueDate: '2026-02-27',
        amountCents: -2550,
        counterpartyName: 'Energie B.V.',
        mandateId: 'MANDAAT-9',
      });
      expect(statement?.entries[2]).toMatchObject({ amountCents: 2550, reversal: true });
    },
  );

  it.each(CAMT053_VERSIONS)('camt.053.001.%s is written with that version’s own elements', (version) => {
    // Prepare
    const number = Number(version);
    // Act
    const xml = toCamt053(ACCOUNT, DAY, 0, { version, servicerBic: 'ABNANL2A' });
    // Assess
    expect(xml).toContain(`xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.${version}"`);
    expect(xml.includes('<BICFI>')).toBe(number >= 4);
    expect(xml.includes('<BIC>')).toBe(number < 4);
    expect(xml.includes('<Sts><Cd>BOOK</Cd></Sts>')).toBe(number >= 7);
    expect(xml.includes('<Sts>BOOK</Sts>')).toBe(number < 7);
    expect(xml.includes('<Dbtr><Pty><Nm>')).toBe(number >= 8);
    expect(xml.includes('<Refs><EndToEndId>E2E-2026-0042</EndToEndId></Refs><Amt ')).toBe(number >= 3);
  });

  it('keeps amounts exact and balances reconciled in every version (generated entries)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Camt053Version>(...CAMT053_VERSIONS),
        fc.boolean(),
        fc.integer({ min: -10_000_000_00, max: 10_000_000_00 }),
        fc.array(
          fc.record({
            amountCents: fc.integer({ min: -5_000_000_00, max: 5_000_000_00 }),
            day: fc.integer({ min: 1, max: 28 }),
            name: fc.string({ minLength: 1, maxLength: 40 }).filter((name) => name.trim() === name),
          }),
          { maxLength: 20 },
        ),
        (version, dateTimes, opening, drafts) => {
          // Prepare
          const entries: BankEntry[] = drafts.map((draft, index) => ({
            importId: `R${index}`,
            bookingDate: `2026-04-${String(draft.day).padStart(2, '0')}`,
            amountCents: draft.amountCents,
            currency: 'EUR',
            counterpartyName: draft.name,
          }));
          // Act
          const statement = parseStatementFile(
            bytes(toCamt053(ACCOUNT, entries, opening, { version, dateTimes })),
          ).statements[0];
          // Assess
          expect(statement?.balanceCheck).toBe('ok');
          expect(statement?.entries.map((entry) => entry.amountCents)).toEqual(
            entries.map((entry) => (entry.amountCents === 0 ? 0 : entry.amountCents)),
          );
          expect(statement?.entries.map((entry) => entry.bookingDate)).toEqual(
            entries.map((entry) => entry.bookingDate),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});

const camtFiles = corpusFiles('camt053', { ext: '.xml' });

describeWithCorpus('formatVersion of real camt.053 files', () => {
  it.each(camtFiles)('%s reports the version its namespace declares', (name) => {
    // Prepare
    const raw = readFileSync(corpusPath('camt053', name));
    const declared = /xmlns(?::\w+)?="urn:iso:std:iso:20022:tech:xsd:(camt\.053\.001\.\d{2})"/.exec(
      raw.toString('latin1'),
    )?.[1];
    // Act
    const result = parseStatementFile(raw, name);
    // Assess
    for (const statement of result.statements) expect(statement.formatVersion).toBe(declared);
  });
});
