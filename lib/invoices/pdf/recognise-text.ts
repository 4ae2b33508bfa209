import type { PartyDirectory, PartyMatch } from '../directory/party-directory.ts';
import type { Finding } from '../findings.ts';
import { fatal, info } from '../findings.ts';
import type { InvoiceDocument, VatSubtotal } from '../model.ts';
import { emptyParty } from '../model.ts';
import { Dec, dec, round2, sum } from '../validation/decimal.ts';
import { quoteValue, readCalendarDate, readDecimal } from '../values/index.ts';

export interface TextRecognition {
  document: InvoiceDocument;
  findings: Finding[];
  /** Why a person has to look at the proposal (empty = consistent and the supplier is known). */
  reviewReasons: string[];
  match: PartyMatch | null;
}

const MONTHS: Record<string, string> = {
  januari: '01',
  january: '01',
  jan: '01',
  februari: '02',
  february: '02',
  feb: '02',
  maart: '03',
  march: '03',
  mrt: '03',
  mar: '03',
  april: '04',
  apr: '04',
  mei: '05',
  may: '05',
  juni: '06',
  june: '06',
  jun: '06',
  juli: '07',
  july: '07',
  jul: '07',
  augustus: '08',
  august: '08',
  aug: '08',
  september: '09',
  sep: '09',
  sept: '09',
  oktober: '10',
  october: '10',
  okt: '10',
  oct: '10',
  november: '11',
  nov: '11',
  december: '12',
  dec: '12',
};

const AMOUNT = String.raw`-?\s?(?:€|EUR)?\s?-?\d{1,3}(?:[.,\s]\d{3})*(?:[.,]\d{2})|-?\s?(?:€|EUR)?\s?-?\d+(?:[.,]\d{2})`;

/** Parses "1.234,56", "1,234.56", "€ 12,50", "-3.00" exactly (by string) to a decimal string. */
export function parseLocaleAmount(raw: string): string | undefined {
  let s = raw.replace(/€|EUR|\s/g, '');
  const negative = s.includes('-');
  s = s.replace(/-/g, '');
  const m = /^(\d{1,3}(?:[.,]\d{3})*|\d+)([.,](\d{2}))?$/.exec(s);
  if (!m) return undefined;
  const whole = (m[1] ?? '').replace(/[.,]/g, '');
  const cents = m[3] ?? '00';
  const value = `${negative ? '-' : ''}${whole.replace(/^0+(?=\d)/, '')}.${cents}`;
  return value;
}

function isoDate(raw: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (iso) return raw;
  const dmy = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(raw);
  if (dmy) return `${dmy[3]}-${dmy[2]?.padStart(2, '0')}-${dmy[1]?.padStart(2, '0')}`;
  const named = /^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$/i.exec(raw);
  const month = named ? MONTHS[named[2]?.toLowerCase() ?? ''] : undefined;
  if (named && month) return `${named[3]}-${month}-${named[1]?.padStart(2, '0')}`;
  return undefined;
}

const DATE = String.raw`\d{4}-\d{2}-\d{2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{1,2}\s+[A-Za-z]+\.?\s+\d{4}`;

/** The labelled date; a day that does not exist (31-02-2026) is a fatal finding, not a date. */
function findDate(text: string, labels: string, findings: Finding[]): string | undefined {
  const m = new RegExp(`(?:${labels})\\s*:?\\s*(${DATE})`, 'i').exec(text);
  const raw = m?.[1]?.trim();
  const iso = raw ? isoDate(raw) : undefined;
  if (!raw || !iso) return undefined;
  const reading = readCalendarDate(iso);
  if (reading.ok) return reading.date;
  findings.push(fatal('PDF-DT-DATE', `${quoteValue(raw)} ${reading.reason}`, '/PDF'));
  return undefined;
}

/** An amount read from the text, unless it has more digits than any invoice amount (a fatal finding). */
function fitting(value: string | undefined, raw: string, findings: Finding[]): string | undefined {
  if (value === undefined) return undefined;
  const reading = readDecimal(value);
  if (reading.ok) return reading.value;
  findings.push(fatal('PDF-DT-AMOUNT-RANGE', `${quoteValue(raw.trim())} ${reading.reason}`, '/PDF'));
  return undefined;
}

function findAmount(text: string, labels: string, findings: Finding[]): string | undefined {
  const m = new RegExp(`(?:${labels})[^\\n\\d€-]{0,30}(${AMOUNT})`, 'i').exec(text);
  return m?.[1] ? fitting(parseLocaleAmount(m[1]), m[1], findings) : undefined;
}

/** ISO 13616 check (mod 97) so random letter/digit runs are not taken for an IBAN. */
export function isValidIban(candidate: string): boolean {
  const iban = candidate.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/**
 * Recognises an invoice in the text layer of a PDF: supplier identifiers (IBAN, VAT id, KvK, checked
 * against the CASH mirror), invoice number, dates, totals and VAT per rate. The outcome is booked only
 * when the supplier is known and the amounts add up; otherwise it is a prefilled proposal.
 */
export async function recogniseInvoiceText(text: string, parties: PartyDirectory): Promise<TextRecognition> {
  const findings: Finding[] = [];
  const reviewReasons: string[] = [];
  const flat = text.replace(/[ \t]+/g, ' ');
  const ibans = unique(
    [...flat.matchAll(/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g)].map((m) =>
      m[0].replace(/\s+/g, ''),
    ),
  ).filter(isValidIban);
  const vatIds = unique([
    ...[...flat.matchAll(/\bNL ?(\d{9}) ?B ?(\d{2})\b/g)].map((m) => `NL${m[1]}B${m[2]}`),
    ...[...flat.matchAll(/(?:BTW|VAT|USt-?IdNr\.?|TVA)[^\n:]{0,15}:?\s*([A-Z]{2}\s?[0-9A-Z.]{8,14})/gi)].map(
      (m) => (m[1] ?? '').replace(/[\s.]/g, '').toUpperCase(),
    ),
  ]).filter((v) => /^[A-Z]{2}[0-9A-Z]{8,12}$/.test(v));
  const kvks = unique(
    [
      ...flat.matchAll(
        /(?:KvK|K\.v\.K\.?|Kamer van Koophandel|Chamber of Commerce|CoC)[^\d\n]{0,25}(\d{8})\b/gi,
      ),
    ].map((m) => m[1] ?? ''),
  );

  // Try every candidate against the mirror: an invoice also shows the customer's own numbers.
  let match: PartyMatch | null = null;
  for (const vatId of vatIds) match ??= await parties.find({ vatId });
  for (const kvk of kvks) match ??= await parties.find({ kvk });
  for (const iban of ibans) match ??= await parties.find({ iban });
  const firstLine = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 1);
  if (!match && firstLine) match = await parties.find({ name: firstLine });

  const invoiceNumber =
    /(?:Factuurnummer|Factuurnr\.?|Factuur nr\.?|Invoice\s*(?:number|no\.?|nr\.?|#)|Rechnungsnummer|Rechnung Nr\.?)\s*[:#]?\s*([A-Za-z0-9][A-Za-z0-9\-/._]{0,39})/i.exec(
      flat,
    )?.[1];
  const issueDate = findDate(flat, 'Factuurdatum|Invoice date|Rechnungsdatum|Datum|Date', findings);
  const dueDate = findDate(
    flat,
    'Vervaldatum|Due date|Te betalen vóór|Te betalen voor|Uiterste betaaldatum|Fällig(?:keitsdatum)?',
    findings,
  );
  const paymentReference =
    /(?:Betalingskenmerk|Betaalkenmerk|Payment reference|Kenmerk)\s*:?\s*([0-9 ]{16,19}|RF\d{2}[A-Z0-9]{1,21})/i
      .exec(flat)?.[1]
      ?.replace(/\s+/g, '');

  // VAT per rate: "BTW 21% over 100,00: 21,00" / "VAT 9 % 9,00" / "21% BTW € 21,00".
  const subtotals: VatSubtotal[] = [];
  for (const line of text.split('\n')) {
    const m =
      /(?:BTW|VAT|MwSt|USt)\.?\s*(?:hoog|laag)?\s*(\d{1,2}(?:[.,]\d{1,2})?)\s*%|(\d{1,2}(?:[.,]\d{1,2})?)\s*%\s*(?:BTW|VAT|MwSt|USt)/i.exec(
        line,
      );
    if (!m) continue;
    const rate = (m[1] ?? m[2] ?? '').replace(',', '.');
    const rest = line.slice((m.index ?? 0) + m[0].length);
    const amounts = [...rest.matchAll(new RegExp(AMOUNT, 'g'))]
      .map((a) => fitting(parseLocaleAmount(a[0]), a[0], findings))
      .filter((a): a is string => a !== undefined);
    if (amounts.length === 0) continue;
    const vat = amounts[amounts.length - 1] as string;
    const rateDec = new Dec(rate);
    const base =
      amounts.length >= 2
        ? (amounts[0] as string)
        : rateDec.isZero()
          ? undefined
          : new Dec(vat).times(100).dividedBy(rateDec).toFixed(2);
    if (base === undefined) continue;
    if (subtotals.some((s) => s.vat.ratePercent === rate)) continue;
    subtotals.push({
      taxableAmount: base,
      taxAmount: vat,
      vat: { category: rateDec.isZero() ? 'Z' : 'S', ratePercent: rate },
    });
  }
  const vatTotal = subtotals.length ? sum(subtotals.map((s) => new Dec(s.taxAmount))) : undefined;
  let net = findAmount(
    flat,
    'Totaal excl\\.? ?BTW|Subtotaal|Subtotal|Total excl\\.? ?VAT|Net amount|Nettobetrag|Totaal exclusief',
    findings,
  );
  const gross = findAmount(
    flat,
    'Totaal incl\\.? ?BTW|Total incl\\.? ?VAT|Totaal inclusief|Te betalen|Amount due|Total due|Gesamtbetrag|Totaalbedrag',
    findings,
  );
  if (!net && subtotals.length) net = sum(subtotals.map((s) => new Dec(s.taxableAmount))).toFixed(2);
  if (subtotals.length === 0 && net && gross && new Dec(gross).equals(new Dec(net))) {
    subtotals.push({ taxableAmount: net, taxAmount: '0.00', vat: { category: 'Z', ratePercent: '0' } });
  }

  // Consistency: every rate's VAT = base x rate, the bases add up to the net total and net + VAT = gross.
  const problems: string[] = [];
  if (!invoiceNumber) problems.push('no invoice number found');
  if (!issueDate) problems.push('no invoice date found');
  if (!gross) problems.push('no total amount found');
  if (subtotals.length === 0) problems.push('no VAT breakdown found');
  for (const s of subtotals) {
    const expected = round2(new Dec(s.taxableAmount).times(s.vat.ratePercent ?? '0').dividedBy(100));
    if (expected.minus(s.taxAmount).abs().greaterThan('0.01'))
      problems.push(`VAT ${s.taxAmount} at ${s.vat.ratePercent}% does not match the base ${s.taxableAmount}`);
  }
  if (net && subtotals.length && !sum(subtotals.map((s) => new Dec(s.taxableAmount))).equals(new Dec(net)))
    problems.push('the VAT bases do not add up to the net total');
  if (net && gross && vatTotal && !new Dec(net).plus(vatTotal).equals(new Dec(gross)))
    problems.push('net + VAT is not the total');
  if (!match) problems.push('the supplier is not known in the administration (by VAT id, KvK, IBAN or name)');
  reviewReasons.push(...problems.map((p) => `PDF text recognition: ${p}`));
  findings.push(
    info(
      'PDF-TEXT',
      `invoice recognised from PDF text${problems.length ? ` with ${problems.length} open point(s)` : ''}`,
      '/PDF',
    ),
  );

  const seller = emptyParty();
  seller.name = match?.name ?? firstLine?.slice(0, 70);
  if (seller.name) seller.legalEntities.push({ registrationName: seller.name });
  if (vatIds[0]) seller.taxRegistrations.push({ companyId: vatIds[0], taxScheme: 'VAT' });
  if (kvks[0]) seller.legalEntities.push({ companyId: kvks[0], companyIdScheme: '0106' });
  const currency = /\bUSD\b|\$/.test(flat) && !/€|\bEUR\b/.test(flat) ? 'USD' : 'EUR';
  const grossDec = dec(gross);
  const document: InvoiceDocument = {
    syntax: 'pdf-text',
    rootName: 'PDF',
    profile: 'pdf-text',
    documentType:
      grossDec?.isNegative() || /creditnota|credit note|gutschrift/i.test(flat) ? 'credit-note' : 'invoice',
    invoiceNumber,
    issueDate,
    dueDate,
    currency,
    precedingInvoices: [],
    seller,
    buyer: emptyParty(),
    lines: [],
    allowanceCharges: [],
    taxTotals: subtotals.length
      ? [{ taxAmount: (vatTotal ?? new Dec(0)).toFixed(2), currency, subtotals }]
      : [],
    totals: { lineExtension: net, taxExclusive: net, taxInclusive: gross, payable: gross },
    paymentMeans: ibans[0] ? [{ code: '58', iban: ibans[0], paymentId: paymentReference }] : [],
    paymentTerms: [],
    paymentReference,
    attachments: [],
    thirdPartyPayments: [],
    notes: [],
  };
  // A credit note states positive amounts; the recognised negatives are turned around.
  if (document.documentType === 'credit-note' && grossDec?.isNegative()) {
    const flip = (v: string | undefined) => (v === undefined ? undefined : new Dec(v).negated().toFixed(2));
    document.totals = {
      lineExtension: flip(net),
      taxExclusive: flip(net),
      taxInclusive: flip(gross),
      payable: flip(gross),
    };
    for (const s of subtotals) {
      s.taxableAmount = flip(s.taxableAmount) as string;
      s.taxAmount = flip(s.taxAmount) as string;
    }
    const first = document.taxTotals[0];
    if (first) first.taxAmount = flip(first.taxAmount) as string;
  }
  return { document, findings, reviewReasons, match };
}
