/**
 * Parses the free-form description of a bank line (MT940 `:86:`, the ABN AMRO TAB description column)
 * into the normalized fields. Dialects are recognised by content, not by bank, because banks reuse each
 * other's layouts (Knab and Van Lanschot write ABN-style tags, Triodos writes ING-style tags):
 *  - SEPA tags `/TRTP/…/IBAN/…/NAME/…/REMI/…/EREF/…` (ABN AMRO, Knab, bunq, Rabobank `/ORDP//NAME/`,
 *    ING `/CNTP/iban/bic/name/city//REMI/USTD//…`),
 *  - GVC subfields `NNN?20…?31…?32…` (German banks) and `000>10…>20…` (Triodos),
 *  - labelled text `IBAN: … NAAM: … OMSCHRIJVING: … KENMERK: …` (old ABN AMRO, Knab `REK:`/`NAAM:`),
 *  - free text that starts with a counter account and name (ASN/SNS, old ING/ABN `GIRO 1234567 NAME`).
 */
import {
  compactIban,
  findStructuredReference,
  isValidBetalingskenmerk,
  isValidIban,
  looksLikeIban,
  normaliseStructuredReference,
} from './references.ts';

export interface EntryDetails {
  counterpartyIban?: string;
  counterpartyAccount?: string;
  counterpartyBic?: string;
  counterpartyName?: string;
  remittance?: string;
  structuredReference?: string;
  endToEndId?: string;
  mandateId?: string;
  creditorId?: string;
  transactionType?: string;
  /** True when the text says this line reverses an earlier one (terugboeking, storno). */
  reversalHint?: boolean;
}

const SEPA_TAGS = [
  'CDTRREFTP',
  'CDTRREF',
  'TRTP',
  'IBAN',
  'BIC',
  'NAME',
  'REMI',
  'EREF',
  'MARF',
  'CSID',
  'CNTP',
  'ORDP',
  'BENM',
  'ADDR',
  'ISDT',
  'PREF',
  'PURP',
  'RTRN',
  'ULTC',
  'ULTD',
  'ULTB',
  'ISSR',
  'CD',
  'SUM',
  'BUSP',
  'NREF',
  'RTYP',
  'ACCW',
  'BBAN',
];
const SEPA_TAG_PATTERN = new RegExp(`/(${SEPA_TAGS.join('|')})/`, 'g');
const STARTS_WITH_SEPA_TAG = new RegExp(`^\\s*/(${SEPA_TAGS.join('|')})/`);

const BIC_SHAPE = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;

/** `NL80RABO0123456789 RABONL2U NAME [creditor id] SEPA …` as in ING's older direct debit texts. */
const IBAN_BIC_NAME =
  /\b([A-Z]{2}\d{2}[A-Z0-9]{10,30})\s+([A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b(?:\s+(.+?)(?:\s+([A-Z]{2}\d{2}[A-Z0-9]{3}\d{6,})|\s+SEPA\b|\s{2,}|$))?/;

function squash(text: string | undefined): string | undefined {
  const value = (text ?? '').replace(/\s+/g, ' ').trim();
  return value === '' ? undefined : value;
}

function cleanTagValue(value: string): string {
  return value
    .replace(/\s+/g, ' ')
    .replace(/^\/+|\/+$/g, '')
    .trim();
}

function setCounterAccount(details: EntryDetails, raw: string | undefined): void {
  const value = (raw ?? '').replace(/\s/g, '').toUpperCase();
  if (!value) return;
  if (looksLikeIban(value)) details.counterpartyIban ??= compactIban(value);
  else if (/^P?\d[\d.]{2,}$/.test(value) && /[1-9]/.test(value)) details.counterpartyAccount ??= value;
}

/** `/TAG/value/TAG/value…` → ordered tag/value pairs. A value is read up to the next tag, so a value that spells a tag (an end-to-end id `CD`) stays a value. */
export function splitSepaTags(text: string): { tag: string; value: string }[] {
  const pairs: { tag: string; value: string }[] = [];
  const pattern = new RegExp(SEPA_TAG_PATTERN.source, 'g');
  let previous: { tag: string; start: number } | undefined;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (previous) pairs.push({ tag: previous.tag, value: text.slice(previous.start, match.index) });
    previous = { tag: match[1] ?? '', start: match.index + match[0].length };
    pattern.lastIndex = match.index + match[0].length;
  }
  if (previous) pairs.push({ tag: previous.tag, value: text.slice(previous.start) });
  return pairs;
}

function parseSepaTags(text: string): EntryDetails {
  const details: EntryDetails = {};
  const remittance: string[] = [];
  for (const { tag, value: raw } of splitSepaTags(text)) {
    const value = cleanTagValue(raw);
    switch (tag) {
      case 'TRTP':
        details.transactionType ??= value || undefined;
        break;
      case 'IBAN':
      case 'BBAN': // Knab: a counter account without IBAN
        setCounterAccount(details, value);
        break;
      case 'BIC':
        if (value) details.counterpartyBic ??= value.replace(/\s/g, '').toUpperCase();
        break;
      case 'NAME':
        if (value) details.counterpartyName ??= value;
        break;
      case 'ORDP':
      case 'BENM': {
        // Rabobank writes `/ORDP//NAME/…`; other banks put account, name and text right after the tag.
        const parts = raw
          .split('/')
          .map((part) => part.replace(/\s+/g, ' ').trim())
          .filter(Boolean);
        const [account, name, ...rest] = parts;
        if (account && /^(?:[A-Z]{2}\d{2}[A-Z0-9]+|\d{6,})$/.test(account.replace(/\s/g, ''))) {
          setCounterAccount(details, account);
          if (name) details.counterpartyName ??= name;
          if (rest.length) remittance.push(rest.join(' '));
        } else if (account) details.counterpartyName ??= parts.join(' ');
        break;
      }
      case 'ACCW': {
        // Rabobank: /ACCW/<iban>,<bic>/
        const [account, bic] = value.split(',').map((part) => part.trim());
        setCounterAccount(details, account);
        if (bic && BIC_SHAPE.test(bic.toUpperCase())) details.counterpartyBic ??= bic.toUpperCase();
        break;
      }
      case 'CNTP': {
        // ING: /CNTP/<iban or account>/<bic>/<name>/<city>/
        const [account, bic, name] = raw.split('/').map((part) => part.trim());
        setCounterAccount(details, account);
        if (bic) details.counterpartyBic ??= bic.toUpperCase();
        if (name) details.counterpartyName ??= name.replace(/\s+/g, ' ');
        break;
      }
      case 'REMI': {
        const ing = /^\s*(USTD|STRD)\/+(.*)$/s.exec(raw);
        if (ing?.[1] === 'STRD') {
          // /REMI/STRD/CUR/<betalingskenmerk>/ (ING) - the issuer (CUR, ISO) then the reference.
          const parts = (ing[2] ?? '').split('/').filter((part) => part.trim() !== '');
          const reference = parts.length > 1 ? parts[parts.length - 1] : parts[0];
          if (reference) details.structuredReference ??= normaliseStructuredReference(reference);
          if (reference) remittance.push(reference.trim());
        } else {
          const text = cleanTagValue(ing ? (ing[2] ?? '') : raw);
          if (text) remittance.push(text);
        }
        break;
      }
      case 'EREF':
        if (value && !/^(NOTPROVIDED|NONREF)$/i.test(value)) details.endToEndId ??= value;
        break;
      case 'MARF':
        if (value) details.mandateId ??= value;
        break;
      case 'CSID':
        if (value) details.creditorId ??= value.replace(/\s/g, '');
        break;
      case 'CDTRREF':
        if (value) details.structuredReference = normaliseStructuredReference(value);
        break;
      case 'RTRN':
        if (value) remittance.push(`RTRN ${value}`);
        details.reversalHint = true;
        break;
      default:
        break;
    }
  }
  details.remittance = squash(remittance.join(' '));
  if (!details.structuredReference && details.remittance) {
    // ABN AMRO acceptgiro: "ISSUER: CUR REF: 4420043232693268".
    const issuer = /ISSUER:\s*(?:CUR|ISO)\s+REF:\s*([A-Z0-9 ]+)/i.exec(details.remittance);
    if (issuer?.[1]) details.structuredReference = normaliseStructuredReference(issuer[1]);
  }
  return details;
}

/** German GVC (`?`) and Triodos (`>`) subfield layout: `NNN?00text?20remi…?30bank?31account?32name`. */
function parseSubfields(text: string, separator: string): EntryDetails {
  const details: EntryDetails = {};
  const fields = new Map<number, string>();
  const escaped = separator === '?' ? '\\?' : separator;
  const pattern = new RegExp(`${escaped}(\\d{2})`, 'g');
  const positions: { code: number; start: number; end: number }[] = [];
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    positions.push({ code: Number(match[1]), start: match.index + match[0].length, end: match.index });
  }
  positions.forEach((position, index) => {
    const value = text.slice(position.start, positions[index + 1]?.end ?? text.length);
    fields.set(position.code, (fields.get(position.code) ?? '') + value);
  });
  const remittanceParts: string[] = [];
  for (let code = 20; code <= 29; code++) if (fields.has(code)) remittanceParts.push(fields.get(code) ?? '');
  for (let code = 60; code <= 63; code++) if (fields.has(code)) remittanceParts.push(fields.get(code) ?? '');
  if (separator === '>') {
    // Triodos: >20 may hold the counter BIC and >21 the counter IBAN; >31 repeats the own account.
    const bic = (fields.get(20) ?? '').trim();
    const iban = (fields.get(21) ?? '').replace(/\s/g, '');
    if (BIC_SHAPE.test(bic) && looksLikeIban(iban)) {
      details.counterpartyBic = bic;
      details.counterpartyIban = iban.toUpperCase();
      remittanceParts.splice(0, 2);
    }
    setCounterAccount(details, fields.get(10));
    if (/[1-9]/.test(text.slice(0, 3))) details.transactionType = squash(text.slice(0, 3));
    details.remittance = squash(remittanceParts.join(''));
  } else {
    details.transactionType = squash(fields.get(0));
    const bankOrBic = (fields.get(30) ?? '').trim();
    if (BIC_SHAPE.test(bankOrBic)) details.counterpartyBic = bankOrBic;
    setCounterAccount(details, fields.get(31));
    details.counterpartyName = squash(`${fields.get(32) ?? ''}${fields.get(33) ?? ''}`);
    const joined = remittanceParts.join('');
    // SEPA keywords inside the remittance subfields: EREF+ MREF+ CRED+ SVWZ+ ABWA+ KREF+.
    const keywords = [...joined.matchAll(/(EREF|MREF|CRED|SVWZ|ABWA|ABWE|KREF|DEBT|IBAN|BIC)\+/g)];
    if (keywords.length) {
      keywords.forEach((match, index) => {
        const start = (match.index ?? 0) + match[0].length;
        const value = squash(joined.slice(start, keywords[index + 1]?.index ?? joined.length));
        if (!value) return;
        if (match[1] === 'EREF') details.endToEndId ??= value;
        else if (match[1] === 'MREF') details.mandateId ??= value;
        else if (match[1] === 'CRED') details.creditorId ??= value;
        else if (match[1] === 'SVWZ') details.remittance = value;
      });
    }
    details.remittance ??= squash(joined);
    if (/STORNO|RETOURE|RUECKUEBERWEISUNG/i.test(fields.get(0) ?? '')) details.reversalHint = true;
  }
  return details;
}

/**
 * Labels of the older Dutch text layouts. Long labels may follow a letter directly, because a wrapped
 * 65-character line glues the previous value to them (`…JANSENOMSCHRIJVING:`).
 */
const LABELS =
  /(?:(?<![A-Za-z])(IBAN|BIC|NAAM|NAME|KENMERK|REK|VOOR|DATUM\/TIJD|VALUTADATUM|PASVOLGNR|TRANSACTIE|TERMINAL)|(OMSCHRIJVING|MACHTIGING(?: ID)?|INCASSANT(?: ID)?)):\s*/gi;

function parseLabelled(text: string): EntryDetails {
  const details: EntryDetails = {};
  const matches = [...text.matchAll(LABELS)];
  const prefix = squash(text.slice(0, matches[0]?.index ?? text.length));
  const values = new Map<string, string>();
  matches.forEach((match, index) => {
    const start = (match.index ?? 0) + match[0].length;
    const value = squash(text.slice(start, matches[index + 1]?.index ?? text.length)?.replace(/\/\s*$/, ''));
    const label = (match[1] ?? match[2] ?? '').toUpperCase().replace(/ ID$/, '');
    if (value && !values.has(label)) values.set(label, value);
  });
  setCounterAccount(details, values.get('IBAN') ?? values.get('REK'));
  const bic = values.get('BIC');
  if (bic && BIC_SHAPE.test(bic.toUpperCase())) details.counterpartyBic = bic.toUpperCase();
  details.counterpartyName = values.get('NAAM') ?? values.get('NAME');
  details.endToEndId = values.get('KENMERK');
  details.mandateId = values.get('MACHTIGING');
  details.creditorId = values.get('INCASSANT')?.replace(/\s/g, '');
  const description = values.get('OMSCHRIJVING');
  if (description !== undefined) {
    details.transactionType = prefix;
    details.remittance = description;
  } else if (prefix && /^SEPA\b/i.test(prefix)) {
    details.transactionType = prefix;
  } else {
    details.remittance = prefix;
  }
  return details;
}

/** First line starts with the counter account: `NL47INGB… name`, `GIRO 428428 NAME  text`, `52.89.39.882  NAME`. */
function parseFreeText(lines: string[]): EntryDetails {
  const details: EntryDetails = {};
  const first = (lines[0] ?? '').trim();
  const rest = lines.slice(1);
  const iban = /^([A-Z]{2}\d{2}[A-Z0-9]{10,30})\s+(.*)$/.exec(first);
  const legacy = /^(?:GIRO\s+)?(\d{1,3}(?:\.\d{2,3}){2,3}|\d{5,10})\s+(.+?)(?:\s{2,}(.*))?$/.exec(first);
  if (iban && looksLikeIban(iban[1] ?? '')) {
    details.counterpartyIban = compactIban(iban[1] ?? '');
    details.counterpartyName = squash(iban[2]);
    details.remittance = squash(rest.join(' '));
  } else if (legacy && /[1-9]/.test(legacy[1] ?? '')) {
    details.counterpartyAccount = (legacy[1] ?? '').replace(/\./g, '');
    details.counterpartyName = squash(legacy[2]);
    details.remittance = squash([legacy[3] ?? '', ...rest].join(' '));
  } else {
    details.remittance = squash(lines.join(' '));
  }
  return details;
}

/** Joins wrapped lines: structured text is cut mid-word at the line width, so it is glued back as is. */
export function joinWrappedLines(lines: string[], glue: 'none' | 'auto'): string {
  if (glue === 'none') return lines.join('');
  let text = '';
  lines.forEach((line, index) => {
    if (index === 0) text = line;
    else text += ((lines[index - 1] ?? '').length >= 65 ? '' : ' ') + line;
  });
  return text;
}

/**
 * Parses the description lines of one bank line. `lines` are the raw lines (the `:86:` content and its
 * continuation lines, or one TAB description).
 */
export function parseEntryDetails(lines: string[]): EntryDetails {
  const nonEmpty = lines.filter((line) => line.trim() !== '');
  const firstLine = nonEmpty[0] ?? '';
  let details: EntryDetails;
  if (STARTS_WITH_SEPA_TAG.test(firstLine)) {
    details = parseSepaTags(
      joinWrappedLines(
        nonEmpty.map((line) => line.replace(/\s+$/, '')),
        'none',
      ),
    );
  } else if (/^\d{3}\?/.test(firstLine.trim())) {
    details = parseSubfields(nonEmpty.map((line) => line.trim()).join(''), '?');
  } else if (/^\d{3}>/.test(firstLine.trim())) {
    details = parseSubfields(nonEmpty.map((line) => line.trim()).join(''), '>');
  } else {
    const text = joinWrappedLines(nonEmpty, 'auto');
    details = new RegExp(LABELS.source, 'i').test(text) ? parseLabelled(text) : parseFreeText(nonEmpty);
    if (!details.counterpartyIban) {
      // Free text often names the counter IBAN somewhere. An IBAN followed by a BIC is taken even when its
      // check digits fail (test and anonymised files); a lone IBAN-shaped token only when it validates.
      const paired = IBAN_BIC_NAME.exec(text);
      const tokens = text.split(/[\s/,]+/);
      const index = tokens.findIndex((token) => isValidIban(token));
      if (paired?.[1]) {
        details.counterpartyIban = compactIban(paired[1]);
        details.counterpartyBic ??= paired[2];
        if (paired[3]) details.counterpartyName ??= squash(paired[3]);
        const creditor = paired[4];
        if (creditor && /ZZZ|[A-Z]{3}\d/.test(creditor)) details.creditorId ??= creditor;
      } else if (index >= 0) {
        details.counterpartyIban = compactIban(tokens[index] ?? '');
        const next = (tokens[index + 1] ?? '').toUpperCase();
        if (BIC_SHAPE.test(next)) details.counterpartyBic ??= next;
      }
      const at = details.counterpartyIban
        ? (details.transactionType ?? '').indexOf(details.counterpartyIban)
        : -1;
      if (at > 0)
        details.transactionType = squash(details.transactionType?.slice(0, at).replace(/[,\s]+$/, ''));
    }
  }
  const everything = nonEmpty.join(' ');
  details.structuredReference ??= findStructuredReference(details.remittance ?? everything);
  if (!details.structuredReference && /ACCEPTGIRO/i.test(details.transactionType ?? '')) {
    // Acceptgiro payments carry the betalingskenmerk as end-to-end id.
    const candidate = (details.endToEndId ?? '').replace(/\s/g, '');
    if (isValidBetalingskenmerk(candidate)) details.structuredReference = candidate;
  }
  if (!details.counterpartyName) {
    // Card payments (BEA = betaalautomaat, GEA = geldautomaat): the merchant comes before ",PAS123".
    const card =
      /\b[BG]EA\b[, ]+(?:(?:Betaalpas|Google Pay|Apple Pay)\s+)?(?:NR:\s?\S+\s+\d{2}\.\d{2}\.\d{2}\/\d{2}[.:]\d{2}\s+)?(.+?)\s*,\s*PAS\s?\d+/i.exec(
        everything,
      );
    if (card?.[1]) details.counterpartyName = card[1].replace(/\s+/g, ' ').trim();
  }
  if (details.endToEndId && /^(NOTPROVIDED|NONREF|NOT PROVIDED)$/i.test(details.endToEndId.trim())) {
    delete details.endToEndId;
  }
  if (/TERUGBOEKING|STORNO/i.test(everything)) details.reversalHint = true;
  for (const key of Object.keys(details) as (keyof EntryDetails)[]) {
    if (details[key] === undefined || details[key] === '') delete details[key];
  }
  return details;
}
