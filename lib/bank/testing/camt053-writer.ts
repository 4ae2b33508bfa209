import type { BankEntry } from '../statement.ts';

function xml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Cents as an ISO 20022 decimal ("1234.50"), by string, never by float division. */
function decimal(cents: number): string {
  const abs = Math.abs(cents);
  return `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function entryXml(entry: BankEntry, index: number): string {
  const credit = entry.amountCents >= 0;
  const side = credit ? 'Dbtr' : 'Cdtr';
  const party = [
    entry.counterpartyName ? `<${side}><Nm>${xml(entry.counterpartyName)}</Nm></${side}>` : '',
    entry.counterpartyIban
      ? `<${side}Acct><Id><IBAN>${xml(entry.counterpartyIban)}</IBAN></Id></${side}Acct>`
      : '',
  ].join('');
  const remittance = [
    entry.remittance ? `<Ustrd>${xml(entry.remittance)}</Ustrd>` : '',
    entry.structuredReference
      ? `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>CUR</Issr></Tp><Ref>${xml(entry.structuredReference)}</Ref></CdtrRefInf></Strd>`
      : '',
  ].join('');
  return [
    '<Ntry>',
    `<NtryRef>${index + 1}</NtryRef>`,
    `<Amt Ccy="${xml(entry.currency)}">${decimal(entry.amountCents)}</Amt>`,
    `<CdtDbtInd>${credit ? 'CRDT' : 'DBIT'}</CdtDbtInd>`,
    entry.reversal ? '<RvslInd>true</RvslInd>' : '',
    '<Sts>BOOK</Sts>',
    `<BookgDt><Dt>${entry.bookingDate}</Dt></BookgDt>`,
    `<ValDt><Dt>${entry.valueDate ?? entry.bookingDate}</Dt></ValDt>`,
    `<AcctSvcrRef>${xml(entry.importId)}</AcctSvcrRef>`,
    '<NtryDtls><TxDtls>',
    `<Refs><EndToEndId>${xml(entry.endToEndId ?? 'NOTPROVIDED')}</EndToEndId></Refs>`,
    `<AmtDtls><TxAmt><Amt Ccy="${xml(entry.currency)}">${decimal(entry.amountCents)}</Amt></TxAmt></AmtDtls>`,
    party ? `<RltdPties>${party}</RltdPties>` : '',
    remittance ? `<RmtInf>${remittance}</RmtInf>` : '',
    '</TxDtls></NtryDtls>',
    '</Ntry>',
  ].join('');
}

/**
 * Serialises entries as one CAMT.053.001.02 statement for the given account, with opening and closing
 * balances that reconcile. For benchmarks and round-trip tests of the parsers.
 */
export function toCamt053(account: string, entries: readonly BankEntry[], openingBalanceCents = 0): string {
  const total = entries.reduce((sum, entry) => sum + BigInt(entry.amountCents), 0n);
  const closing = BigInt(openingBalanceCents) + total;
  const first = entries[0]?.bookingDate ?? '2026-01-01';
  const last = entries[entries.length - 1]?.bookingDate ?? first;
  const balance = (code: string, cents: bigint, date: string) => {
    const negative = cents < 0n;
    const abs = negative ? -cents : cents;
    return `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${abs / 100n}.${String(abs % 100n).padStart(2, '0')}</Amt><CdtDbtInd>${negative ? 'DBIT' : 'CRDT'}</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>`;
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>',
    `<GrpHdr><MsgId>GEN-${xml(first)}</MsgId><CreDtTm>${last}T23:59:00</CreDtTm></GrpHdr>`,
    `<Stmt><Id>GEN-${xml(account)}-${first}</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>${last}T23:59:00</CreDtTm>`,
    `<Acct><Id><IBAN>${xml(account)}</IBAN></Id><Ccy>EUR</Ccy></Acct>`,
    balance('OPBD', BigInt(openingBalanceCents), first),
    balance('CLBD', closing, last),
    ...entries.map(entryXml),
    '</Stmt></BkToCstmrStmt></Document>',
  ].join('\n');
}
