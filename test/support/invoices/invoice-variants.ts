import { Dec, dec } from '../../../lib/invoices/validation/decimal.ts';
import { SeededRandom } from '../bank/prng.ts';

/** One generated document: what was changed, and the UBL text. */
export interface InvoiceVariant {
  name: string;
  xml: string;
}

type Mutation = (xml: string, random: SeededRandom) => { label: string; xml: string } | undefined;

const CATEGORIES = ['S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M', 'B'] as const;
/** Exactly at, just inside and just past the ±1 tolerance of BR-CO-17 / BR-S-09, and small slips. */
const TAX_DELTAS = ['0.01', '0.99', '1.00', '1.01', '-0.99', '-1.00', '-1.01', '0.5'] as const;
/** Mandatory elements (EN 16931 cardinality 1..1 and the NLCIUS additions) a variant leaves out. */
const MANDATORY = [
  /<cbc:IssueDate>[^<]*<\/cbc:IssueDate>/,
  /<cbc:DocumentCurrencyCode[^>]*>[^<]*<\/cbc:DocumentCurrencyCode>/,
  /<cbc:(?:Invoice|CreditNote)TypeCode[^>]*>[^<]*<\/cbc:(?:Invoice|CreditNote)TypeCode>/,
  /<cbc:BuyerReference>[^<]*<\/cbc:BuyerReference>/,
  /<cbc:PayableAmount[^>]*>[^<]*<\/cbc:PayableAmount>/,
  /<cbc:TaxExclusiveAmount[^>]*>[^<]*<\/cbc:TaxExclusiveAmount>/,
  /<cbc:PaymentMeansCode[^>]*>[^<]*<\/cbc:PaymentMeansCode>/,
  /<cac:Country>\s*<cbc:IdentificationCode[^>]*>[^<]*<\/cbc:IdentificationCode>\s*<\/cac:Country>/,
  /<cbc:RegistrationName>[^<]*<\/cbc:RegistrationName>/,
  /<cbc:PostalZone>[^<]*<\/cbc:PostalZone>/,
  /<cac:Price>\s*<cbc:PriceAmount[^>]*>[^<]*<\/cbc:PriceAmount>/,
  /(<cac:Item>[\s\S]*?)<cbc:Name>[^<]*<\/cbc:Name>/,
  /<cbc:(?:Invoiced|Credited)Quantity[^>]*>[^<]*<\/cbc:(?:Invoiced|Credited)Quantity>/,
] as const;

/** The span of the first `<tag>…</tag>` (with any prefix and attributes), or undefined. */
function span(xml: string, tag: string, from = 0): { start: number; end: number } | undefined {
  const open = new RegExp(`<${tag}[\\s>]`, 'g');
  open.lastIndex = from;
  const m = open.exec(xml);
  if (!m) return undefined;
  const close = xml.indexOf(`</${tag}>`, m.index);
  return close < 0 ? undefined : { start: m.index, end: close + tag.length + 3 };
}

/** Adds `delta` to the amount of the first `<tag>` inside [start, end); keeps the written scale. */
function shiftAmount(xml: string, tag: string, delta: InstanceType<typeof Dec>, start = 0, end = xml.length) {
  const re = new RegExp(`(<${tag}\\b[^>]*>)\\s*([^<]+?)\\s*(</${tag}>)`, 'g');
  re.lastIndex = start;
  const m = re.exec(xml);
  if (!m || m.index >= end) return undefined;
  const value = dec(m[2]);
  if (!value) return undefined;
  const places = Math.max(2, (m[2]?.split('.')[1] ?? '').length);
  const shifted = value.plus(delta).toFixed(places);
  return `${xml.slice(0, m.index)}${m[1]}${shifted}${m[3]}${xml.slice(m.index + m[0].length)}`;
}

/** Moves one breakdown's VAT by a delta and carries it into the VAT total and the grand totals. */
const taxAtToleranceEdge: Mutation = (xml, random) => {
  const delta = random.pick(TAX_DELTAS);
  const taxTotal = span(xml, 'cac:TaxTotal');
  const subtotal = taxTotal && span(xml, 'cac:TaxSubtotal', taxTotal.start);
  if (!taxTotal || !subtotal) return undefined;
  const d = new Dec(delta);
  let out = shiftAmount(xml, 'cbc:TaxAmount', d, subtotal.start, subtotal.end);
  if (!out) return undefined;
  out = shiftAmount(out, 'cbc:TaxAmount', d, taxTotal.start, taxTotal.end) ?? out;
  for (const tag of ['cbc:TaxInclusiveAmount', 'cbc:PayableAmount']) out = shiftAmount(out, tag, d) ?? out;
  return { label: `vat-edge${delta}`, xml: out };
};

/** Changes one VAT rate everywhere it is written, so amounts no longer match it. */
const changeRate: Mutation = (xml, random) => {
  const rates = [...new Set([...xml.matchAll(/<cbc:Percent>([^<]+)<\/cbc:Percent>/g)].map((m) => m[1]))];
  if (rates.length === 0) return undefined;
  const from = random.pick(rates) as string;
  const to = random.pick(['0', '6', '9', '19', '21', '21.5', '25', '7']);
  if (to === from) return undefined;
  return {
    label: `rate${from}to${to}`,
    xml: xml.split(`<cbc:Percent>${from}</cbc:Percent>`).join(`<cbc:Percent>${to}</cbc:Percent>`),
  };
};

/** Turns one VAT category into another on lines, allowances and the breakdown alike. */
const changeCategory: Mutation = (xml, random) => {
  const used = [
    ...new Set(
      [...xml.matchAll(/<cac:(?:Classified)?TaxCategory>\s*<cbc:ID[^>]*>([^<]+)<\/cbc:ID>/g)].map((m) =>
        m[1]?.trim(),
      ),
    ),
  ].filter((c): c is string => !!c);
  if (used.length === 0) return undefined;
  const from = random.pick(used);
  const to = random.pick(CATEGORIES.filter((c) => c !== from));
  const re = new RegExp(`(<cac:(?:Classified)?TaxCategory>\\s*<cbc:ID[^>]*>)\\s*${from}\\s*(</cbc:ID>)`, 'g');
  return { label: `category${from}to${to}`, xml: xml.replace(re, `$1${to}$2`) };
};

/** Leaves out one mandatory element (its first occurrence). */
const removeMandatory: Mutation = (xml, random) => {
  const present = MANDATORY.map((re, i) => [re, i] as const).filter(([re]) => re.test(xml));
  if (present.length === 0) return undefined;
  const [re, i] = random.pick(present);
  return {
    label: `without${i}`,
    xml: xml.replace(re, (_m, keep: unknown) => (typeof keep === 'string' ? keep : '')),
  };
};

/** A slip of one cent in a line amount, or a rounding amount that the totals do not carry. */
const amountSlip: Mutation = (xml, random) => {
  const line = span(xml, 'cac:InvoiceLine') ?? span(xml, 'cac:CreditNoteLine');
  if (random.chance(0.5) && line) {
    const out = shiftAmount(xml, 'cbc:LineExtensionAmount', new Dec('0.01'), line.start, line.end);
    return out ? { label: 'line-cent', xml: out } : undefined;
  }
  const out = shiftAmount(xml, 'cbc:PayableAmount', new Dec(random.pick(['0.01', '-0.02', '1'])));
  return out ? { label: 'payable-slip', xml: out } : undefined;
};

/** The same invoice as a UBL CreditNote (type 381): the other root, line and quantity elements. */
const asCreditNote: Mutation = (xml) => {
  if (!/<(?:\w+:)?Invoice[\s>]/.test(xml) || /<(?:\w+:)?CreditNote[\s>]/.test(xml)) return undefined;
  const out = xml
    .replace(
      /urn:oasis:names:specification:ubl:schema:xsd:Invoice-2/g,
      'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
    )
    .replace(/<(\/?)((?:\w+:)?)Invoice([\s>])/g, '<$1$2CreditNote$3')
    .replace(
      /<cbc:InvoiceTypeCode([^>]*)>[^<]*<\/cbc:InvoiceTypeCode>/,
      '<cbc:CreditNoteTypeCode$1>381</cbc:CreditNoteTypeCode>',
    )
    .replace(/<(\/?)cac:InvoiceLine([\s>])/g, '<$1cac:CreditNoteLine$2')
    .replace(/<(\/?)cbc:InvoicedQuantity([\s>])/g, '<$1cbc:CreditedQuantity$2')
    .replace(/<cbc:DueDate>[^<]*<\/cbc:DueDate>\s*/, '');
  return { label: 'credit-note', xml: out };
};

const MUTATIONS: readonly (readonly [Mutation, number])[] = [
  [taxAtToleranceEdge, 4],
  [changeRate, 2],
  [changeCategory, 3],
  [removeMandatory, 3],
  [amountSlip, 2],
  [asCreditNote, 1],
];

/**
 * Variants of real UBL invoices for conformance tests: every variant is one or two seeded mutations of
 * one source (VAT amounts at the ±1 tolerance edge, rates, categories S…B, a missing mandatory element,
 * amount slips, credit notes). Pure: the same sources and seed give the same variants.
 */
export function invoiceVariants(
  sources: readonly { name: string; xml: string }[],
  count: number,
  seed = 16931,
): InvoiceVariant[] {
  const random = new SeededRandom(seed);
  const out: InvoiceVariant[] = [];
  const seen = new Set<string>();
  const usable = sources.filter((s) => /<(?:\w+:)?(?:Invoice|CreditNote)[\s>]/.test(s.xml));
  if (usable.length === 0) return out;
  for (let attempt = 0; out.length < count && attempt < count * 20; attempt++) {
    const source = usable[attempt % usable.length] as { name: string; xml: string };
    let xml = source.xml;
    const labels: string[] = [];
    const steps = random.chance(0.25) ? 2 : 1;
    for (let s = 0; s < steps; s++) {
      const changed = random.weighted(MUTATIONS)(xml, random);
      if (!changed) continue;
      xml = changed.xml;
      labels.push(changed.label);
    }
    if (labels.length === 0 || seen.has(xml)) continue;
    seen.add(xml);
    out.push({ name: `${source.name}~${labels.join('+')}`, xml });
  }
  return out;
}
