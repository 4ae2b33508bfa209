import type { BankEntry } from '../../../lib/bank/statement.ts';

/** The camt.053.001.NN versions in use (02 is the NVB/Dutch bank guideline, 08 the current SEPA one). */
export const CAMT053_VERSIONS = ['02', '03', '04', '05', '06', '07', '08', '09', '10'] as const;

export type Camt053Version = (typeof CAMT053_VERSIONS)[number];

export interface Camt053WriterOptions {
  /** The message version `camt.053.001.NN`; its real element differences are written. Default `02`. */
  version?: Camt053Version;
  /** Write booking, value and balance dates as `DtTm` (date-time with offset) instead of `Dt`. */
  dateTimes?: boolean;
  /** BIC of the account servicer (`Acct/Svcr/FinInstnId`). */
  servicerBic?: string;
}

/**
 * What changes between the versions, from the ISO 20022 schemas:
 * - `FinInstnId/BIC` (001.02, 001.03) became `FinInstnId/BICFI` (FinancialInstitutionIdentification8, 001.04);
 * - `TxDtls` carries its own `Amt` and `CdtDbtInd` from 001.03 (EntryTransaction3); 001.02 only `AmtDtls`;
 * - `Ntry/Sts` is a plain code (EntryStatus2Code) up to 001.06 and the choice `<Sts><Cd>` (EntryStatus1Choice)
 *   from 001.07 (ReportEntry9);
 * - `RltdPties/Dbtr|Cdtr|UltmtDbtr|UltmtCdtr` wrap the party in `Pty` (Party40Choice) from 001.08.
 */
interface VersionTraits {
  namespace: string;
  bicElement: 'BIC' | 'BICFI';
  transactionAmount: boolean;
  statusChoice: boolean;
  partyChoice: boolean;
}

function traitsOf(version: Camt053Version): VersionTraits {
  const number = Number(version);
  return {
    namespace: `urn:iso:std:iso:20022:tech:xsd:camt.053.001.${version}`,
    bicElement: number >= 4 ? 'BICFI' : 'BIC',
    transactionAmount: number >= 3,
    statusChoice: number >= 7,
    partyChoice: number >= 8,
  };
}

function xml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Cents as an ISO 20022 decimal ("1234.50"), by string, never by float division. */
function decimal(cents: number): string {
  const abs = Math.abs(cents);
  return `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `<Dt>` or `<DtTm>` of a date choice; the time is mid-morning Dutch time, so the date part stays the day. */
function dateChoice(date: string, dateTimes: boolean): string {
  return dateTimes ? `<DtTm>${date}T09:30:00+01:00</DtTm>` : `<Dt>${date}</Dt>`;
}

function entryXml(entry: BankEntry, index: number, traits: VersionTraits, dateTimes: boolean): string {
  const credit = entry.amountCents >= 0;
  const side = credit ? 'Dbtr' : 'Cdtr';
  const name = entry.counterpartyName ? `<Nm>${xml(entry.counterpartyName)}</Nm>` : '';
  const party = [
    name ? `<${side}>${traits.partyChoice ? `<Pty>${name}</Pty>` : name}</${side}>` : '',
    entry.counterpartyIban
      ? `<${side}Acct><Id><IBAN>${xml(entry.counterpartyIban)}</IBAN></Id></${side}Acct>`
      : '',
  ].join('');
  const agent = entry.counterpartyBic
    ? `<RltdAgts><${side}Agt><FinInstnId><${traits.bicElement}>${xml(entry.counterpartyBic)}</${traits.bicElement}></FinInstnId></${side}Agt></RltdAgts>`
    : '';
  const remittance = [
    entry.remittance ? `<Ustrd>${xml(entry.remittance)}</Ustrd>` : '',
    entry.structuredReference
      ? `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>CUR</Issr></Tp><Ref>${xml(entry.structuredReference)}</Ref></CdtrRefInf></Strd>`
      : '',
  ].join('');
  const indicator = `<CdtDbtInd>${credit ? 'CRDT' : 'DBIT'}</CdtDbtInd>`;
  const amount = `<Amt Ccy="${xml(entry.currency)}">${decimal(entry.amountCents)}</Amt>`;
  const references = [
    `<EndToEndId>${xml(entry.endToEndId ?? 'NOTPROVIDED')}</EndToEndId>`,
    entry.mandateId ? `<MndtId>${xml(entry.mandateId)}</MndtId>` : '',
  ].join('');
  return [
    '<Ntry>',
    `<NtryRef>${index + 1}</NtryRef>`,
    amount,
    indicator,
    entry.reversal ? '<RvslInd>true</RvslInd>' : '',
    traits.statusChoice ? '<Sts><Cd>BOOK</Cd></Sts>' : '<Sts>BOOK</Sts>',
    `<BookgDt>${dateChoice(entry.bookingDate, dateTimes)}</BookgDt>`,
    `<ValDt>${dateChoice(entry.valueDate ?? entry.bookingDate, dateTimes)}</ValDt>`,
    `<AcctSvcrRef>${xml(entry.importId)}</AcctSvcrRef>`,
    '<NtryDtls><TxDtls>',
    `<Refs>${references}</Refs>`,
    traits.transactionAmount ? `${amount}${indicator}` : '',
    `<AmtDtls><TxAmt>${amount}</TxAmt></AmtDtls>`,
    party ? `<RltdPties>${party}</RltdPties>` : '',
    agent,
    remittance ? `<RmtInf>${remittance}</RmtInf>` : '',
    '</TxDtls></NtryDtls>',
    '</Ntry>',
  ].join('');
}

/**
 * Serialises entries as one camt.053 statement (version 001.02 unless `options.version` says otherwise) for
 * the given account, with opening and closing balances that reconcile. For benchmarks and round-trip tests
 * of the parsers.
 */
export function toCamt053(
  account: string,
  entries: readonly BankEntry[],
  openingBalanceCents = 0,
  options: Camt053WriterOptions = {},
): string {
  const traits = traitsOf(options.version ?? '02');
  const dateTimes = options.dateTimes ?? false;
  const total = entries.reduce((sum, entry) => sum + BigInt(entry.amountCents), 0n);
  const closing = BigInt(openingBalanceCents) + total;
  const first = entries[0]?.bookingDate ?? '2026-01-01';
  const last = entries[entries.length - 1]?.bookingDate ?? first;
  const balance = (code: string, cents: bigint, date: string) => {
    const negative = cents < 0n;
    const abs = negative ? -cents : cents;
    return `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${abs / 100n}.${String(abs % 100n).padStart(2, '0')}</Amt><CdtDbtInd>${negative ? 'DBIT' : 'CRDT'}</CdtDbtInd><Dt>${dateChoice(date, dateTimes)}</Dt></Bal>`;
  };
  const servicer = options.servicerBic
    ? `<Svcr><FinInstnId><${traits.bicElement}>${xml(options.servicerBic)}</${traits.bicElement}></FinInstnId></Svcr>`
    : '';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Document xmlns="${traits.namespace}"><BkToCstmrStmt>`,
    `<GrpHdr><MsgId>GEN-${xml(first)}</MsgId><CreDtTm>${last}T23:59:00</CreDtTm></GrpHdr>`,
    `<Stmt><Id>GEN-${xml(account)}-${first}</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>${last}T23:59:00</CreDtTm>`,
    `<Acct><Id><IBAN>${xml(account)}</IBAN></Id><Ccy>EUR</Ccy>${servicer}</Acct>`,
    balance('OPBD', BigInt(openingBalanceCents), first),
    balance('CLBD', closing, last),
    ...entries.map((entry, index) => entryXml(entry, index, traits, dateTimes)),
    '</Stmt></BkToCstmrStmt></Document>',
  ].join('\n');
}
