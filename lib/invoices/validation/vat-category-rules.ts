import type { Finding } from '../findings.ts';
import { fatal } from '../findings.ts';
import type { AllowanceCharge, InvoiceDocument, VatCategoryRef } from '../model.ts';
import { type Dec, dec, decOrZero, sum, withinOne, xpathRound2 } from './decimal.ts';

/** The rule-id prefix of each UNCL5305 VAT category in EN 16931. */
const PREFIX: Record<string, string> = {
  S: 'BR-S',
  Z: 'BR-Z',
  E: 'BR-E',
  AE: 'BR-AE',
  K: 'BR-IC',
  G: 'BR-G',
  O: 'BR-O',
  L: 'BR-AF',
  M: 'BR-AG',
};

/** Categories whose breakdown computes VAT from a rate (S, and the Canary/Ceuta-Melilla taxes L and M). */
const RATED = new Set(['S', 'L', 'M']);
/** Categories whose breakdown must give an exemption reason (BR-x-10); S, Z, L, M must not. */
const EXEMPT = new Set(['E', 'AE', 'K', 'G', 'O']);

/** A category counts for EN 16931 only under tax scheme VAT (UBL); CII has no other scheme. */
export function isVatCategory(doc: InvoiceDocument, vat: VatCategoryRef | undefined): boolean {
  return vat !== undefined && (doc.syntax !== 'ubl' || (vat.taxScheme ?? '').toUpperCase() === 'VAT');
}

interface Use {
  vat: VatCategoryRef;
  path: string;
}

function rateRule(cat: string, rate: Dec | undefined, written: boolean): boolean {
  if (cat === 'S') return rate?.greaterThan(0) ?? false;
  if (cat === 'O') return !written;
  if (cat === 'L' || cat === 'M') return rate?.greaterThanOrEqualTo(0) ?? false;
  return rate?.isZero() ?? false;
}

/**
 * The EN 16931 rules per VAT category (BR-S-*, BR-Z-*, BR-E-*, BR-AE-*, BR-IC-*, BR-G-*, BR-O-*, BR-AF-*,
 * BR-AG-*, BR-B-*) with the artifacts' semantics: the ±1 tolerance of the rated categories, exact sums for
 * the others, and the VAT-id requirements per category.
 */
export function vatCategoryRules(doc: InvoiceDocument): Finding[] {
  const out: Finding[] = [];
  const r = `/${doc.rootName}`;
  const lineTag = doc.rootName === 'CreditNote' ? 'cac:CreditNoteLine' : 'cac:InvoiceLine';
  const lineUses: Use[] = doc.lines.map((l, i) => ({
    vat: l.vat,
    path: `${r}/${lineTag}[${i + 1}]/cac:Item/cac:ClassifiedTaxCategory`,
  }));
  const acUses = (charge: boolean): (Use & { ac: AllowanceCharge })[] =>
    doc.allowanceCharges.flatMap((ac, i) =>
      ac.isCharge === charge && ac.vat
        ? [{ ac, vat: ac.vat, path: `${r}/cac:AllowanceCharge[${i + 1}]/cac:TaxCategory` }]
        : [],
    );
  const allowanceUses = acUses(false);
  const chargeUses = acUses(true);
  const subtotals = doc.taxTotals.flatMap((t, ti) =>
    t.subtotals.map((s, si) => ({ s, path: `${r}/cac:TaxTotal[${ti + 1}]/cac:TaxSubtotal[${si + 1}]` })),
  );
  const has = (uses: readonly Use[], cat: string) =>
    uses.some((u) => u.vat.category === cat && isVatCategory(doc, u.vat));
  const hasAnyScheme = (uses: readonly Use[], cat: string) => uses.some((u) => u.vat.category === cat);
  const subtotalCount = (cat: string) => subtotals.filter((x) => x.s.vat.category === cat).length;

  const sellerVatAnyScheme = doc.seller.taxRegistrations.length > 0;
  const sellerVat = doc.seller.taxRegistrations.some((t) => (t.taxScheme ?? '').toUpperCase() === 'VAT');
  const taxRepVat = (doc.taxRepresentative?.taxRegistrations ?? []).some(
    (t) => (t.taxScheme ?? '').toUpperCase() === 'VAT',
  );
  const buyerVat = doc.buyer.taxRegistrations.some((t) => (t.taxScheme ?? '').toUpperCase() === 'VAT');
  const buyerLegalId = doc.buyer.legalEntities.some((l) => l.companyId);

  // Every rule of a category is vacuous when nothing in the document has that category: skip it (hot path).
  const present = new Set([
    ...lineUses.map((u) => u.vat.category),
    ...allowanceUses.map((u) => u.vat.category),
    ...chargeUses.map((u) => u.vat.category),
    ...subtotals.map((x) => x.s.vat.category),
  ]);
  for (const [cat, prefix] of Object.entries(PREFIX)) {
    if (!present.has(cat)) continue;
    const usedOnLines = has(lineUses, cat);
    const usedOnAllowances = has(allowanceUses, cat);
    const usedOnCharges = has(chargeUses, cat);
    const count = subtotalCount(cat);
    // -01: a category used needs its breakdown (rated: at least one, others: exactly one).
    if (RATED.has(cat)) {
      const used =
        cat === 'S'
          ? hasAnyScheme(lineUses, cat) || hasAnyScheme([...allowanceUses, ...chargeUses], cat)
          : usedOnLines || usedOnAllowances || usedOnCharges;
      if (used !== count > 0)
        out.push(
          fatal(
            `${prefix}-01`,
            used
              ? `lines or allowances/charges use VAT category ${cat} but the VAT breakdown has none`
              : `the VAT breakdown has category ${cat} but no line or allowance/charge uses it`,
            `${r}/cac:TaxTotal`,
          ),
        );
    } else if ((usedOnLines || usedOnAllowances || usedOnCharges || count > 0) && count !== 1) {
      out.push(
        fatal(
          `${prefix}-01`,
          `VAT category ${cat} needs exactly one VAT breakdown, found ${count}`,
          `${r}/cac:TaxTotal`,
        ),
      );
    }
    // -02/-03/-04: who must (or, for O, must not) have a VAT identifier.
    const sellerOk = (cat === 'G' || cat === 'K' ? sellerVat : sellerVatAnyScheme) || taxRepVat;
    const idsOk =
      cat === 'O'
        ? !sellerVat && !taxRepVat && !buyerVat
        : cat === 'AE'
          ? sellerOk && (buyerVat || buyerLegalId)
          : cat === 'K'
            ? sellerOk && buyerVat
            : sellerOk;
    const idsNeed =
      cat === 'O'
        ? 'no VAT identifier of seller, tax representative or buyer'
        : cat === 'AE' || cat === 'K'
          ? 'the VAT identifiers of seller (or tax representative) and buyer'
          : 'the VAT identifier of the seller or its tax representative';
    // BR-S-02 alone also counts S lines outside the VAT scheme, which then can never satisfy it.
    const sLinesOutsideVat = cat === 'S' && !usedOnLines && hasAnyScheme(lineUses, 'S');
    for (const [n, used, what] of [
      ['02', usedOnLines || sLinesOutsideVat, 'lines'],
      ['03', usedOnAllowances, 'document allowances'],
      ['04', usedOnCharges, 'document charges'],
    ] as const) {
      if (used && (!idsOk || (n === '02' && sLinesOutsideVat)))
        out.push(fatal(`${prefix}-${n}`, `${what} with VAT category ${cat} need ${idsNeed}`, `${r}`));
    }
    // -05/-06/-07: the rate on lines, allowances, charges.
    for (const [n, uses] of [
      ['05', lineUses],
      ['06', allowanceUses],
      ['07', chargeUses],
    ] as const) {
      for (const u of uses) {
        if (u.vat.category !== cat || !isVatCategory(doc, u.vat)) continue;
        if (!rateRule(cat, dec(u.vat.ratePercent), u.vat.ratePercent !== undefined))
          out.push(
            fatal(
              `${prefix}-${n}`,
              cat === 'O'
                ? 'VAT category O must not have a rate'
                : `VAT category ${cat} has rate ${u.vat.ratePercent ?? '(none)'}: ${cat === 'S' ? 'must be above 0' : cat === 'L' || cat === 'M' ? 'must be 0 or more' : 'must be 0'}`,
              `${u.path}/cbc:Percent`,
            ),
          );
      }
    }
    // -08/-09/-10 on each breakdown of the category.
    for (const { s, path } of subtotals) {
      if (s.vat.category !== cat || !isVatCategory(doc, s.vat)) continue;
      const taxable = dec(s.taxableAmount);
      const tax = dec(s.taxAmount);
      const rate = dec(s.vat.ratePercent);
      const matches = (vat: VatCategoryRef | undefined) =>
        vat?.category === cat &&
        (!RATED.has(cat) || (rate !== undefined && dec(vat.ratePercent)?.equals(rate)));
      const expected = sum([
        ...doc.lines.filter((l) => matches(l.vat)).map((l) => decOrZero(l.netAmount)),
        ...chargeUses.filter((u) => matches(u.vat)).map((u) => decOrZero(u.ac.amount)),
        ...allowanceUses.filter((u) => matches(u.vat)).map((u) => decOrZero(u.ac.amount).negated()),
      ]);
      if (RATED.has(cat)) {
        // "every $rate in Percent": without a rate there is nothing to compare.
        const basis =
          cat !== 'S' ||
          doc.lines.some((l) => matches(l.vat)) ||
          doc.allowanceCharges.some((a) => matches(a.vat));
        const linesExist = doc.lines.length > 0;
        if (rate !== undefined && (!basis || !linesExist || !taxable || !withinOne(taxable, expected)))
          out.push(
            fatal(
              `${prefix}-08`,
              `taxable amount ${s.taxableAmount || '(none)'} of the ${cat} ${s.vat.ratePercent}% breakdown should be ${expected.toFixed(2)} (lines + charges - allowances at that rate, ±1)`,
              `${path}/cbc:TaxableAmount`,
            ),
          );
        const computed = taxable && rate ? xpathRound2(taxable.abs().times(rate).dividedBy(100)) : undefined;
        if (!tax || !computed || !withinOne(tax.abs(), computed))
          out.push(
            fatal(
              `${prefix}-09`,
              `VAT ${s.taxAmount || '(none)'} of the ${cat} ${s.vat.ratePercent ?? ''}% breakdown should be ${computed?.toFixed(2) ?? 'taxable x rate'} (±1)`,
              `${path}/cbc:TaxAmount`,
            ),
          );
      } else {
        if (doc.lines.length === 0 || !taxable || !taxable.equals(expected))
          out.push(
            fatal(
              `${prefix}-08`,
              `taxable amount ${s.taxableAmount || '(none)'} of the ${cat} breakdown should be ${expected.toFixed(2)} (lines + charges - allowances)`,
              `${path}/cbc:TaxableAmount`,
            ),
          );
        if (!tax?.isZero())
          out.push(
            fatal(
              `${prefix}-09`,
              `VAT amount of category ${cat} must be 0, not ${s.taxAmount || '(none)'}`,
              `${path}/cbc:TaxAmount`,
            ),
          );
      }
      const hasReason = s.vat.exemptionReason !== undefined || s.vat.exemptionReasonCode !== undefined;
      if (EXEMPT.has(cat) !== hasReason)
        out.push(
          fatal(
            `${prefix}-10`,
            EXEMPT.has(cat)
              ? `the ${cat} breakdown needs an exemption reason text or code (BT-120/121)`
              : `a ${cat} breakdown must not have an exemption reason (BT-120/121)`,
            `${path}/cac:TaxCategory`,
          ),
        );
    }
  }
  const subtotalCats = new Set(subtotals.map((x) => x.s.vat.category));
  if (subtotalCats.has('K')) {
    if (!((doc.ubl?.actualDeliveryDate ?? '').length > 1 || doc.invoicePeriod))
      out.push(
        fatal(
          'BR-IC-11',
          'an intra-community supply needs the delivery date or invoicing period',
          `${r}/cac:Delivery`,
        ),
      );
    if ((doc.deliveryAddress?.countryCode ?? '').length <= 1)
      out.push(
        fatal('BR-IC-12', 'an intra-community supply needs the deliver-to country code', `${r}/cac:Delivery`),
      );
  }
  if (subtotalCats.has('O')) {
    const other = (uses: readonly Use[]) => uses.some((u) => u.vat.category !== 'O');
    if ([...subtotalCats].some((c) => c !== 'O'))
      out.push(
        fatal(
          'BR-O-11',
          'a breakdown with category O excludes breakdowns of other categories',
          `${r}/cac:TaxTotal`,
        ),
      );
    if (other(lineUses))
      out.push(fatal('BR-O-12', 'a breakdown with category O excludes lines of other categories', `${r}`));
    if (other(allowanceUses))
      out.push(
        fatal('BR-O-13', 'a breakdown with category O excludes allowances of other categories', `${r}`),
      );
    if (other(chargeUses))
      out.push(fatal('BR-O-14', 'a breakdown with category O excludes charges of other categories', `${r}`));
  }
  // B (Italian split payment): no rate rules of its own, only where and with what it may be used.
  const everyUse: Use[] = [
    ...lineUses,
    ...allowanceUses,
    ...chargeUses,
    ...subtotals.map((x) => ({ vat: x.s.vat, path: x.path })),
  ];
  if (hasAnyScheme(everyUse, 'B')) {
    if ((doc.ubl?.countryCodes ?? []).some((c) => c !== 'IT'))
      out.push(
        fatal(
          'BR-B-01',
          'split payment (category B) is only for Italian domestic invoices: every country must be IT',
          `${r}`,
        ),
      );
    if (hasAnyScheme(everyUse, 'S'))
      out.push(
        fatal('BR-B-02', 'split payment (category B) cannot be combined with standard rate (S)', `${r}`),
      );
  }
  return out;
}
