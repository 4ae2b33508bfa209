import { expect, it } from 'vitest';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import type { BankEntry } from '../../../lib/bank/statement.ts';
import { readCorpusFile } from '../../support/corpus.ts';
import { describeWithCorpus } from '../../support/needs-shared.ts';

function parseCorpus(path: string) {
  return parseStatementFile(readCorpusFile(path), path);
}

function entries(path: string): BankEntry[] {
  return parseCorpus(path).statements.flatMap((statement) => statement.entries);
}

/**
 * Expected per corpus file: format, statements, entries, and how many statements add up (ok), do not
 * (mismatch) or lack a balance (not-available). Mismatches were verified by hand against the files
 * (e.g. php-mt940 ING sample: 0.00 + 7.15 ≠ 3.47; genkgo five decimals: 18.150 + 8.850 ≠ 27.050).
 */
const CORPUS: [string, string, number, number, number, number, number][] = [
  ['mt940/jejik__abnamro.txt', 'mt940', 2, 10, 0, 2, 0],
  ['mt940/jejik__bug-core-5401.txt', 'mt940', 1, 1, 0, 1, 0],
  ['mt940/jejik__lbbw.txt', 'mt940', 1, 2, 1, 0, 0],
  ['mt940/jejik__oldenburgischelandesbankmitbindestrich.txt', 'mt940', 1, 1, 0, 1, 0],
  ['mt940/jejik__rabobank.txt', 'mt940', 4, 5, 2, 2, 0],
  ['mt940/jejik__sparkasse2.txt', 'mt940', 1, 1, 0, 1, 0],
  ['mt940/jejik__sparkasse3.txt', 'mt940', 1, 1, 0, 1, 0],
  ['mt940/jejik__volksbankenraiffeisenbanken.txt', 'mt940', 8, 12, 8, 0, 0],
  ['mt940/php-mt940__Abn__issue48.sta', 'mt940', 1, 2, 1, 0, 0],
  ['mt940/php-mt940__Bunq__sample.sta', 'mt940', 1, 111, 1, 0, 0],
  ['mt940/php-mt940__Ing__sample.sta', 'mt940', 1, 7, 0, 1, 0],
  ['mt940/php-mt940__Kbs__sample2.sta', 'mt940', 1, 7, 1, 0, 0],
  ['mt940/php-mt940__Knab__sample.sta', 'mt940', 1, 5, 0, 1, 0],
  ['mt940/php-mt940__Rabo__sample3.sta', 'mt940', 2, 12, 0, 2, 0],
  ['mt940/php-mt940__Spk__sample.sta', 'mt940', 4, 10, 4, 0, 0],
  ['mt940/wolph-mt940__ASNB__mt940.txt', 'mt940', 31, 8, 31, 0, 0],
  ['mt940/wolph-mt940__ASNB__mt940_with_spaces_for_entry_date.txt', 'mt940', 31, 8, 31, 0, 0],
  ['mt940/wolph-mt940__betterplace__amount_formats.sta', 'mt940', 0, 0, 0, 0, 0],
  ['mt940/wolph-mt940__betterplace__empty_entry_date.sta', 'mt940', 0, 0, 0, 0, 0],
  ['mt940/wolph-mt940__betterplace__sepa_mt9401.sta', 'mt940', 26, 97, 26, 0, 0],
  ['mt940/wolph-mt940__betterplace__with_binary_character.sta', 'mt940', 2, 4, 2, 0, 0],
  ['mt940/wolph-mt940__self-provided__empty_non_swift.sta', 'unknown', 0, 0, 0, 0, 0],
  ['mt940/wolph-mt940__self-provided__long_statement_number.sta', 'mt940', 1, 0, 1, 0, 0],
  ['mt940/wolph-mt940__self-provided__malformed_details.sta', 'mt940', 1, 1, 0, 1, 0],
  ['mt940/wolph-mt940__self-provided__overly_long_details.sta', 'mt940', 1, 1, 0, 1, 0],
  // 30 February as value date: the line is not fully read, so the statement is `incomplete`, not ok.
  ['mt940/wolph-mt940__self-provided__wrapped_timestamp.sta', 'mt940', 1, 1, 0, 0, 0],
  ['mt940/zilverline__abn__abn_sepa_incasso_doorlopend.txt', 'mt940', 1, 1, 0, 1, 0],
  ['mt940/zilverline__abn__abn_structured_sepa_acceptgiro.txt', 'mt940', 1, 1, 0, 1, 0],
  ['mt940/zilverline__abn__abnamro.txt', 'mt940', 2, 10, 0, 2, 0],
  ['mt940/zilverline__abn__moneyou.txt', 'mt940', 1, 2, 1, 0, 0],
  ['mt940/zilverline__import-16-06-2014.txt', 'mt940', 1, 2, 0, 1, 0],
  ['mt940/zilverline__ing__eu_incasso.txt', 'mt940', 1, 1, 1, 0, 0],
  ['mt940/zilverline__ing__eu_incasso_with_spaces_in_sepa.txt', 'mt940', 1, 1, 1, 0, 0],
  ['mt940/zilverline__ing__failing.txt', 'mt940', 1, 1, 1, 0, 0],
  ['mt940/zilverline__ing__ing_purp.txt', 'mt940', 1, 1, 1, 0, 0],
  ['mt940/zilverline__ing__mt940_iban.txt', 'mt940', 1, 21, 1, 0, 0],
  ['mt940/zilverline__ing__unstructured_remi_with_space_in_remi.txt', 'mt940', 1, 1, 1, 0, 0],
  ['mt940/zilverline__knab__knab.txt', 'mt940', 1, 2, 1, 0, 0],
  ['mt940/zilverline__knab__knab_invalid.txt', 'mt940', 2, 2, 1, 0, 1],
  ['mt940/zilverline__knab__knab_sepa_doorlopend_incasso.txt', 'mt940', 1, 1, 1, 0, 0],
  ['mt940/zilverline__knab__knab_two_blocks.txt', 'mt940', 2, 3, 2, 0, 0],
  ['mt940/zilverline__knab__knab_with_iban.txt', 'mt940', 1, 2, 1, 0, 0],
  ['mt940/zilverline__rabobank__fix_rabo_twice_remi.txt', 'mt940', 1, 1, 1, 0, 0],
  ['mt940/zilverline__rabobank_mt940_structured_dutch_tax.txt', 'mt940', 1, 1, 1, 0, 0],
  ['mt940/zilverline__rabobank_mt940_structured_to_savings_account.txt', 'mt940', 1, 1, 1, 0, 0],
  ['mt940/zilverline__sns__sns.txt', 'mt940', 16, 4, 16, 0, 0],
  ['mt940/zilverline__triodos.txt', 'mt940', 1, 2, 0, 1, 0],
  ['mt940/zilverline__triodos_multiline_bug.txt', 'mt940', 1, 1, 0, 1, 0],
  ['mt940/zilverline__van_lanschot__unspecified_contra_account.txt', 'mt940', 1, 1, 1, 0, 0],
  ['camt053/camt_parser__valid_example_v4.xml', 'camt053', 1, 32, 1, 0, 0],
  ['camt053/camt_parser__valid_example_with_datetime.xml', 'camt053', 1, 1, 0, 0, 1],
  ['camt053/camt_parser__valid_example_with_other_id.xml', 'camt053', 1, 0, 0, 0, 1],
  ['camt053/genkgo__camt053.v2.five.decimals.xml', 'camt053', 1, 1, 0, 1, 0],
  ['camt053/genkgo__camt053.v2.multi.statement.xml', 'camt053', 2, 2, 2, 0, 0],
  ['camt053/genkgo__camt053.v2.wrong.xml', 'camt053', 0, 0, 0, 0, 0],
  ['camt053/genkgo__camt053.v4.xml', 'camt053', 1, 1, 0, 1, 0],
  ['camt053/genkgo__camt053.v8.xml', 'camt053', 1, 1, 0, 1, 0],
  ['camt053/newinnovations__example-camt053-a.xml', 'camt053', 2, 11, 2, 0, 0],
  ['bankcsv/abn-amro-statement-parser__TXT_SAMPLE.TAB', 'csv', 2, 26, 0, 2, 0],
  ['bankcsv/bank2ynab__2018-04-14_10-52-13_bunq-transactieoverzicht.csv', 'csv', 1, 3, 0, 0, 1],
];

describeWithCorpus('parseStatementFile over the corpus', () => {
  it.each(CORPUS)(
    '%s → %s, %i statements, %i entries, ok/mismatch/n.a. %i/%i/%i',
    (path, format, statements, entryCount, ok, mismatch, notAvailable) => {
      // Prepare / Act
      const result = parseCorpus(path);
      // Assess
      expect(result.format).toBe(format);
      expect(result.statements).toHaveLength(statements);
      expect(result.statements.reduce((sum, statement) => sum + statement.entries.length, 0)).toBe(
        entryCount,
      );
      const count = (check: string) =>
        result.statements.filter((statement) => statement.balanceCheck === check).length;
      expect([count('ok'), count('mismatch'), count('not-available')]).toEqual([ok, mismatch, notAvailable]);
      for (const statement of result.statements) {
        if (statement.balanceCheck === 'mismatch') expect(statement.errors.join(' ')).toMatch(/balance/);
        for (const entry of statement.entries) {
          expect(Number.isSafeInteger(entry.amountCents)).toBe(true);
          expect(entry.bookingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(entry.importId).toMatch(/^bk1-[0-9a-f]{32}$/);
        }
        expect(new Set(statement.entries.map((entry) => entry.importId)).size).toBe(statement.entries.length);
      }
      if (statements === 0) expect(result.errors.length).toBeGreaterThan(0);
    },
  );
});

/** The bank each Dutch corpus file comes from, detected from content (BIC, IBAN bank code, header lines). */
const BANKS: [string, string][] = [
  ['mt940/jejik__abnamro.txt', 'abnamro'],
  ['mt940/jejik__rabobank.txt', 'rabobank'],
  ['mt940/php-mt940__Abn__issue48.sta', 'abnamro'],
  ['mt940/php-mt940__Bunq__sample.sta', 'bunq'],
  ['mt940/php-mt940__Ing__sample.sta', 'ing'],
  ['mt940/php-mt940__Knab__sample.sta', 'knab'],
  ['mt940/php-mt940__Rabo__sample3.sta', 'rabobank'],
  ['mt940/wolph-mt940__ASNB__mt940.txt', 'asn'],
  ['mt940/wolph-mt940__ASNB__mt940_with_spaces_for_entry_date.txt', 'asn'],
  ['mt940/zilverline__abn__abn_sepa_incasso_doorlopend.txt', 'abnamro'],
  ['mt940/zilverline__abn__abn_structured_sepa_acceptgiro.txt', 'abnamro'],
  ['mt940/zilverline__abn__abnamro.txt', 'abnamro'],
  ['mt940/zilverline__abn__moneyou.txt', 'moneyou'],
  ['mt940/zilverline__import-16-06-2014.txt', 'rabobank'],
  ['mt940/zilverline__ing__eu_incasso.txt', 'ing'],
  ['mt940/zilverline__ing__eu_incasso_with_spaces_in_sepa.txt', 'ing'],
  ['mt940/zilverline__ing__failing.txt', 'ing'],
  ['mt940/zilverline__ing__ing_purp.txt', 'ing'],
  ['mt940/zilverline__ing__mt940_iban.txt', 'ing'],
  ['mt940/zilverline__ing__unstructured_remi_with_space_in_remi.txt', 'ing'],
  ['mt940/zilverline__knab__knab.txt', 'knab'],
  ['mt940/zilverline__knab__knab_invalid.txt', 'knab'],
  ['mt940/zilverline__knab__knab_sepa_doorlopend_incasso.txt', 'knab'],
  ['mt940/zilverline__knab__knab_two_blocks.txt', 'knab'],
  ['mt940/zilverline__knab__knab_with_iban.txt', 'knab'],
  ['mt940/zilverline__rabobank__fix_rabo_twice_remi.txt', 'rabobank'],
  ['mt940/zilverline__rabobank_mt940_structured_dutch_tax.txt', 'rabobank'],
  ['mt940/zilverline__rabobank_mt940_structured_to_savings_account.txt', 'rabobank'],
  ['mt940/zilverline__sns__sns.txt', 'sns'],
  ['mt940/zilverline__triodos.txt', 'triodos'],
  ['mt940/zilverline__triodos_multiline_bug.txt', 'triodos'],
  ['mt940/zilverline__van_lanschot__unspecified_contra_account.txt', 'vanlanschot'],
  ['camt053/newinnovations__example-camt053-a.xml', 'sns'],
  ['bankcsv/abn-amro-statement-parser__TXT_SAMPLE.TAB', 'abnamro'],
  ['bankcsv/bank2ynab__2018-04-14_10-52-13_bunq-transactieoverzicht.csv', 'bunq'],
];

describeWithCorpus('bank detection', () => {
  it.each(BANKS)('%s → %s', (path, bank) => {
    // Prepare / Act
    const result = parseCorpus(path);
    // Assess
    expect(new Set(result.statements.map((statement) => statement.bank))).toEqual(new Set([bank]));
  });
});

describeWithCorpus('dialect samples', () => {
  it('ABN AMRO SEPA :86: tags (wrapped NAME, EREF, MARF, CSID)', () => {
    // Prepare / Act
    const [credit, debit] = entries('mt940/php-mt940__Abn__issue48.sta');
    // Assess
    expect(credit).toMatchObject({
      amountCents: 10965,
      counterpartyIban: 'NL75INGB0001234567',
      counterpartyBic: 'INGBNL2A',
      counterpartyName: 'HR K XXXXXXX EN/OF MW H XXXXXXX',
      remittance: 'RES.NR 00042',
      transactionType: 'SEPA OVERBOEKING',
    });
    expect(credit?.endToEndId).toBeUndefined();
    expect(debit).toMatchObject({
      amountCents: -6263,
      counterpartyIban: 'NL37DEUT0123456789',
      mandateId: '000000059990',
      creditorId: 'NL36ZZZ123456780000',
      endToEndId: '012345678912361000',
    });
  });

  it('ABN AMRO acceptgiro carries the betalingskenmerk', () => {
    const [entry] = entries('mt940/zilverline__abn__abn_structured_sepa_acceptgiro.txt');
    expect(entry).toMatchObject({
      counterpartyName: 'BELASTINGDIENST',
      structuredReference: '4420043232693268',
      amountCents: 1050,
    });
  });

  it('ABN AMRO old labelled text', () => {
    const [entry] = entries('mt940/zilverline__abn__abn_sepa_incasso_doorlopend.txt');
    expect(entry).toMatchObject({
      counterpartyIban: 'NL83RABO0353535355',
      counterpartyName: 'BHBBAAA B.V.',
      mandateId: 'BHV001',
      creditorId: 'NL40ZZZ878787780000',
    });
    expect(entry?.remittance).toContain('MAANDTERMIJN');
  });

  it('ABN AMRO old GIRO line with betalingskenmerk', () => {
    const [entry] = entries('mt940/jejik__abnamro.txt');
    expect(entry).toMatchObject({
      counterpartyAccount: '428428',
      counterpartyName: 'KPN - DIGITENNE',
      amountCents: -900,
    });
    expect(entry?.structuredReference).toBe('000000042188659');
  });

  it('ING structured :86: with CNTP, EREF, MARF, USTD', () => {
    const list = entries('mt940/zilverline__ing__mt940_iban.txt');
    const kpn = list.find((entry) => entry.counterpartyName === 'KPN - MOBIEL');
    expect(kpn).toMatchObject({
      amountCents: -7362,
      counterpartyIban: 'NL75INGB0000012345',
      counterpartyBic: 'INGBNL2A',
      endToEndId: '02164810730000043',
      mandateId: 'M12345678909',
      bankReference: '12345678909876',
    });
    expect(kpn?.remittance).toContain('Factuurnr: 2015/123456789.00');
    expect(list[0]).toMatchObject({ remittance: '22-08-2014 Omschrijving', counterpartyName: 'B Bert' });
    const tax = list.find((entry) => entry.counterpartyName === 'BELASTINGDIENST');
    expect(tax?.amountCents).toBe(-524100);
  });

  it('ING older free-text direct debit: IBAN, BIC, name and creditor id', () => {
    // Prepare / Act
    const [entry] = entries('mt940/zilverline__ing__eu_incasso.txt');
    // Assess
    expect(entry).toMatchObject({
      amountCents: -5000,
      counterpartyIban: 'NL58INGB0000003000',
      counterpartyBic: 'INGBNL2A',
      counterpartyName: 'JAAPJAAP FIETS PAPIER QWDFDFGGASDFGDSFGS NV',
      creditorId: 'NL10XXX100020000000',
    });
  });

  it('card payments name the merchant', () => {
    const list = entries('mt940/zilverline__abn__abnamro.txt');
    expect(list[1]).toMatchObject({ counterpartyName: 'DIRCKIII FIL2500 KATWIJK', amountCents: -1159 });
  });

  it('Rabobank structured: counter IBAN from :61: line 2, CDTRREF betalingskenmerk', () => {
    const [entry] = entries('mt940/zilverline__rabobank_mt940_structured_dutch_tax.txt');
    expect(entry).toMatchObject({
      amountCents: -200000,
      counterpartyIban: 'NL86INGB0002445588',
      counterpartyName: 'Belastingdienst',
      structuredReference: '1234567899874563',
      endToEndId: '123456789',
    });
  });

  it('Rabobank old format: counter account and name in :61:, several :86: lines', () => {
    const [entry] = entries('mt940/jejik__rabobank.txt');
    expect(entry).toMatchObject({
      amountCents: -121328,
      counterpartyAccount: '0121470966',
      counterpartyName: 'W.P. Jansen',
    });
    expect(entry?.remittance).toContain('KOSTEN KINDEROPVANG JUNI');
  });

  it('Knab REK:/NAAM: text and Knab SEPA tags', () => {
    const [first, second] = entries('mt940/zilverline__knab__knab.txt');
    expect(first).toMatchObject({
      counterpartyIban: 'NL26ABNA0999999999',
      counterpartyName: 'BEDRIJF VOF',
      amountCents: 100000,
    });
    expect(second).toMatchObject({ remittance: 'DIT IS EEN OMSCHRIJVING DIE BEST WEL LANG IS' });
    const [incasso] = entries('mt940/zilverline__knab__knab_sepa_doorlopend_incasso.txt');
    expect(incasso).toMatchObject({
      counterpartyIban: 'NL52RBOS0343434343',
      counterpartyName: 'ABLAS',
      mandateId: '007-M157303302',
    });
  });

  it('bunq /IBAN/NAME/REMI', () => {
    const list = entries('mt940/php-mt940__Bunq__sample.sta');
    expect(list[3]).toMatchObject({
      amountCents: 7500,
      counterpartyIban: 'NL97ABNA0479445079',
      counterpartyName: 'SRMF WILLEMS',
      remittance: 'Proficiat',
    });
    expect(list[2]).toMatchObject({ amountCents: -3450, counterpartyName: 'www.thomann.de' });
  });

  it('ASN/SNS: counter IBAN and name lead the :86: text', () => {
    const [entry] = entries('mt940/wolph-mt940__ASNB__mt940.txt');
    expect(entry).toMatchObject({
      amountCents: -6500,
      counterpartyIban: 'NL47INGB9999999999',
      counterpartyName: 'hr gjlm paulissen',
      remittance: 'Betaling sieraden',
    });
    const sns = entries('mt940/zilverline__sns__sns.txt').find((item) => item.amountCents === 1500000);
    expect(sns).toMatchObject({
      counterpartyIban: 'NL11RABO0987654321',
      counterpartyName: 'f. spark bedrijf n.v.',
    });
  });

  it('Triodos > subfields with counter BIC and IBAN', () => {
    const [entry] = entries('mt940/zilverline__triodos_multiline_bug.txt');
    expect(entry).toMatchObject({
      counterpartyIban: 'NL13RABO0123456789',
      counterpartyBic: 'RABONL2U',
      amountCents: -12228,
    });
    expect(entry?.remittance).toContain('RABO BETAALVERZOEK');
  });

  it('German GVC subfields: SVWZ remittance, counter IBAN and name', () => {
    const [entry] = entries('mt940/jejik__oldenburgischelandesbankmitbindestrich.txt');
    expect(entry).toMatchObject({ counterpartyIban: 'DE41292500000123456789', amountCents: 172700 });
    expect(entry?.remittance).toContain('Kunden-Nr. 20389020');
  });

  it('CAMT.053: batch split per TxDtls, parties by direction, five decimals', () => {
    const v4 = parseCorpus('camt053/camt_parser__valid_example_v4.xml').statements[0];
    expect(v4?.entries).toHaveLength(32);
    const [entry] = entries('camt053/genkgo__camt053.v2.five.decimals.xml');
    expect(entry).toMatchObject({
      amountCents: 885,
      endToEndId: '000000001',
      remittance: 'Transaction Description',
      bookingDate: '2014-12-31',
      valueDate: '2015-01-02',
    });
    const statement = parseCorpus('camt053/genkgo__camt053.v2.five.decimals.xml').statements[0];
    expect([statement?.openingBalanceCents, statement?.closingBalanceCents]).toEqual([1815, 2705]);
  });

  it('CAMT.053 with DtTm dates and Othr/Id account', () => {
    const statement = parseCorpus('camt053/camt_parser__valid_example_with_datetime.xml').statements[0];
    expect(statement).toMatchObject({ account: '11111111', currency: 'USD', balanceCheck: 'not-available' });
    expect(statement?.entries[0]).toMatchObject({ bookingDate: '2023-06-21', amountCents: 19586 });
  });

  it('CSV: bunq Dutch headers and ABN AMRO TAB', () => {
    const bunq = entries('bankcsv/bank2ynab__2018-04-14_10-52-13_bunq-transactieoverzicht.csv');
    expect(bunq[1]).toMatchObject({
      amountCents: 75000,
      counterpartyIban: 'NL77RABO0311467415',
      counterpartyName: 'W. KOELEWIJN EO',
      remittance: 'Naar Bunq',
    });
    const tab = parseCorpus('bankcsv/abn-amro-statement-parser__TXT_SAMPLE.TAB');
    const second = tab.statements.find((statement) => statement.account === '112233445');
    expect(second).toMatchObject({
      openingBalanceCents: 1000000,
      closingBalanceCents: 955099,
      balanceCheck: 'mismatch', // anonymised sample: 9427.00 + 123.01 is not 9550.99
    });
    const ideal = tab.statements
      .flatMap((statement) => statement.entries)
      .find((item) => item.amountCents === -3935);
    expect(ideal).toMatchObject({
      counterpartyIban: 'NL01RABO0123456789',
      counterpartyBic: 'RABONL2U',
      counterpartyName: 'Next to Pay via Mollie',
    });
  });
});
