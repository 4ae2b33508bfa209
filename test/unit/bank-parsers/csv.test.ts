import { describe, expect, it } from 'vitest';
import { detectFormat, parseStatementFile } from '../../../lib/bank/parsers/index.ts';

/** Constructed exports with the column layouts of standards.md §4 (no redistributable real samples exist). */
const ING_SEMICOLON = [
  '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";"Mutatiesoort";"Mededelingen";"Saldo na mutatie";"Tag"',
  '"20240105";"Energie BV";"NL69INGB0123456789";"NL91ABNA0417164300";"IC";"Af";"25,50";"Incasso";"Naam: Energie BV Omschrijving: Termijn januari IBAN: NL91ABNA0417164300 Kenmerk: E2E-1 Machtiging ID: M-9";"74,50";""',
  '"20240106";"Klant BV";"NL69INGB0123456789";"NL20INGB0001234567";"OV";"Bij";"1.210,00";"Overschrijving";"Betalingskenmerk: 5002100023310160";"1.284,50";""',
].join('\r\n');

const ING_COMMA = [
  '"Datum","Naam / Omschrijving","Rekening","Tegenrekening","Code","Af Bij","Bedrag (EUR)","MutatieSoort","Mededelingen"',
  '"20131231","Klant BV","0123456789","0987654321","GT","Bij","12,34","Internetbankieren","factuur 2013-1"',
].join('\n');

const ING_ENGLISH = [
  '"Date";"Name / Description";"Account";"Counterparty";"Code";"Debit/credit";"Amount (EUR)";"Transaction type";"Notifications";"Resulting balance";"Tag"',
  '"20240201";"Shop BV";"NL69INGB0123456789";"NL91ABNA0417164300";"GT";"Debit";"10,00";"Online Banking";"Name: Shop BV Description: order 77";"90,00";""',
].join('\n');

const RABO = [
  '"IBAN/BBAN","Munt","BIC","Volgnr","Datum","Rentedatum","Bedrag","Saldo na trn","Tegenrekening IBAN/BBAN","Naam tegenpartij","Naam uiteindelijke partij","Naam initiërende partij","BIC tegenpartij","Code","Batch ID","Transactiereferentie","Machtigingskenmerk","Incassant ID","Betalingskenmerk","Omschrijving-1","Omschrijving-2","Omschrijving-3","Reden retour","Oorspr bedrag","Oorspr munt","Koers"',
  '"NL50RABO0123456789","EUR","RABONL2U","000000000000007001","2024-01-02","2024-01-02","-337,49","+662,51","NL86INGB0002445588","Belastingdienst","","","INGBNL2A","ei","","E2E-77","","","1234 5678 9012 3456","Aanslag","","","","","",""',
  '"NL50RABO0123456789","EUR","RABONL2U","000000000000007002","2024-01-03","2024-01-03","+50,00","+712,51","NL20INGB0001234567","Klant","","","INGBNL2A","cb","","","","","","Factuur 42","deel 2","","","","",""',
].join('\n');

const KNAB = [
  'KNAB EXPORT;;;;;;;;;;;;;;;',
  'Rekeningnummer;Transactiedatum;Valutacode;CreditDebet;Bedrag;Tegenrekeningnummer;Tegenrekeninghouder;Valutadatum;Betaalwijze;Omschrijving;Type betaling;Machtigingsnummer;Incassant ID;Adres;Referentie;Boekdatum',
  'NL92KNAB0123123123;05-01-2024;EUR;D;12,50;NL91ABNA0417164300;Energie BV;05-01-2024;Incasso;Termijn januari;SEPA;M-1;NL00ZZZ000000000000;;C4A05XYZ;05-01-2024',
].join('\n');

const BUNQ_ENGLISH = [
  '"Date","Amount","Account","Counterparty","Name","Description"',
  '"2024-02-01","-1.234,56","NL47BUNQ2025181418","NL91ABNA0417164300","Leverancier","RF18539007547034"',
].join('\n');

const RABO_LEGACY = [
  '"NL50RABO0123456789","EUR",20170102,"D",12.50,"NL91ABNA0417164300","ENERGIE BV",20170103,"ei","","Termijn","januari","","","","","E2E-5","NL00ZZZ000000000000","M-77"',
  '"NL50RABO0123456789","EUR",20170104,"C",100.00,"","",20170104,"cb","","Rente","","","","","","","",""',
].join('\n');

const ASN = [
  "02-01-2020,NL81ASNB9999999999,NL47INGB9999999999,hr jansen,,,,EUR,444.29,EUR,-65.00,02-01-2020,02-01-2020,8810,OVB,12345678,,'Betaling, sieraden',1",
  "03-01-2020,NL81ASNB9999999999,,,,,,EUR,379.29,EUR,-1.65,03-01-2020,03-01-2020,8820,DIV,12345679,,'Kosten gebruik betaalrekening',1",
].join('\n');

const bytes = (text: string) => new TextEncoder().encode(text);

describe('bank CSV exports', () => {
  it('ING semicolon export: Af/Bij sign, running balance, labelled Mededelingen', () => {
    // Prepare / Act
    const result = parseStatementFile(bytes(ING_SEMICOLON));
    const statement = result.statements[0];
    // Assess
    expect(result.format).toBe('csv');
    expect(statement).toMatchObject({
      bank: 'ing',
      account: 'NL69INGB0123456789',
      openingBalanceCents: 10000,
      closingBalanceCents: 128450,
      balanceCheck: 'ok',
    });
    expect(statement?.entries[0]).toMatchObject({
      amountCents: -2550,
      counterpartyIban: 'NL91ABNA0417164300',
      endToEndId: 'E2E-1',
      mandateId: 'M-9',
      remittance: 'Termijn januari',
      bookingDate: '2024-01-05',
    });
    expect(statement?.entries[1]).toMatchObject({
      amountCents: 121000,
      structuredReference: '5002100023310160',
    });
  });

  it('ING English headers', () => {
    const statement = parseStatementFile(bytes(ING_ENGLISH)).statements[0];
    expect(statement).toMatchObject({
      bank: 'ing',
      openingBalanceCents: 10000,
      closingBalanceCents: 9000,
      balanceCheck: 'ok',
    });
    expect(statement?.entries[0]).toMatchObject({
      amountCents: -1000,
      counterpartyIban: 'NL91ABNA0417164300',
    });
  });

  it('ING comma export without balances', () => {
    const statement = parseStatementFile(bytes(ING_COMMA)).statements[0];
    expect(statement).toMatchObject({ bank: 'ing', balanceCheck: 'not-available' });
    expect(statement?.entries[0]).toMatchObject({
      amountCents: 1234,
      bookingDate: '2013-12-31',
      counterpartyName: 'Klant BV',
    });
  });

  it('Rabobank CSV: signed amounts, Saldo na trn, betalingskenmerk column', () => {
    const statement = parseStatementFile(bytes(RABO)).statements[0];
    expect(statement).toMatchObject({
      bank: 'rabobank',
      openingBalanceCents: 100000,
      closingBalanceCents: 71251,
      balanceCheck: 'ok',
    });
    expect(statement?.entries[0]).toMatchObject({
      amountCents: -33749,
      counterpartyIban: 'NL86INGB0002445588',
      counterpartyName: 'Belastingdienst',
      structuredReference: '1234567890123456',
      endToEndId: 'E2E-77',
    });
    expect(statement?.entries[1]?.remittance).toBe('Factuur 42 deel 2');
  });

  it('a broken running balance makes the statement a mismatch that names the line', () => {
    const statement = parseStatementFile(bytes(RABO.replace('"+712,51"', '"+700,00"'))).statements[0];
    expect(statement?.balanceCheck).toBe('mismatch');
    expect(statement?.errors.join(' ')).toMatch(/line 3/);
  });

  it('pre-2018 Rabobank CSV without header', () => {
    const statement = parseStatementFile(bytes(RABO_LEGACY)).statements[0];
    expect(statement).toMatchObject({
      bank: 'rabobank',
      account: 'NL50RABO0123456789',
      balanceCheck: 'not-available',
    });
    expect(statement?.entries[0]).toMatchObject({
      amountCents: -1250,
      bookingDate: '2017-01-03',
      valueDate: '2017-01-02',
      counterpartyIban: 'NL91ABNA0417164300',
      counterpartyName: 'ENERGIE BV',
      remittance: 'Termijn januari',
      endToEndId: 'E2E-5',
      mandateId: 'M-77',
    });
    expect(statement?.entries[1]?.amountCents).toBe(10000);
  });

  it('ASN/SNS CSV without header: balance before each row, comma inside the description', () => {
    const statement = parseStatementFile(bytes(ASN)).statements[0];
    expect(statement).toMatchObject({
      bank: 'asn',
      openingBalanceCents: 44429,
      closingBalanceCents: 37764,
      balanceCheck: 'ok',
    });
    expect(statement?.entries[0]).toMatchObject({
      amountCents: -6500,
      counterpartyIban: 'NL47INGB9999999999',
      counterpartyName: 'hr jansen',
      remittance: 'Betaling, sieraden',
    });
  });

  it('Knab CSV with its export line before the header', () => {
    const statement = parseStatementFile(bytes(KNAB)).statements[0];
    expect(statement).toMatchObject({
      bank: 'knab',
      account: 'NL92KNAB0123123123',
      balanceCheck: 'not-available',
    });
    expect(statement?.entries[0]).toMatchObject({
      amountCents: -1250,
      mandateId: 'M-1',
      counterpartyName: 'Energie BV',
      bookingDate: '2024-01-05',
    });
  });

  it('bunq English headers, RF reference in the description', () => {
    const statement = parseStatementFile(bytes(BUNQ_ENGLISH)).statements[0];
    expect(statement?.entries[0]).toMatchObject({
      amountCents: -123456,
      structuredReference: 'RF18539007547034',
    });
  });

  it('an unknown CSV is reported, not guessed', () => {
    expect(detectFormat('a;b;c\n1;2;3')).toBeUndefined();
    const result = parseStatementFile(bytes('a;b;c\n1;2;3'));
    expect(result).toMatchObject({ format: 'unknown', statements: [] });
    expect(result.errors[0]).toMatch(/not recognised/);
  });

  it('a bad amount names line, column and value on the statement of its account', () => {
    // Prepare / Act
    const result = parseStatementFile(bytes(ING_COMMA.replace('"12,34"', '"12,3x"')));
    // Assess
    expect(result.errors).toEqual([]);
    expect(result.statements[0]).toMatchObject({ account: '0123456789', entries: [] });
    expect(result.statements[0]?.errors).toContain('line 2 amount "12,3x": not a number');
  });
});
