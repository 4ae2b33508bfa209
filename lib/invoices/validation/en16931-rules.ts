import type { Finding } from '../findings.ts';
import { fatal, warning } from '../findings.ts';
import type { InvoiceDocument, InvoiceParty, VatCategoryRef } from '../model.ts';
import { documentTaxTotal, registeredNameOf, vatIdOf } from '../model.ts';
import { Dec, dec, decOrZero, round2, sum, vatKey } from './decimal.ts';

const CATEGORY_RULE_PREFIX: Record<string, string> = {
  S: 'BR-S',
  Z: 'BR-Z',
  E: 'BR-E',
  AE: 'BR-AE',
  K: 'BR-IC',
  G: 'BR-G',
  O: 'BR-O',
  L: 'BR-AF',
  M: 'BR-AG',
  B: 'BR-B',
};
const KNOWN_CATEGORIES = new Set(Object.keys(CATEGORY_RULE_PREFIX));
const ISO_COUNTRY_PREFIX = /^[A-Z]{2}/;

/** EN 16931 core rules (BR-01…BR-16, BR-2x, BR-CO-*, per VAT category BR-S/Z/E/AE/IC/G/O-*), paraphrased from the CEN artefacts. */
export function validateEn16931(doc: InvoiceDocument): Finding[] {
  const out: Finding[] = [];
  const r = `/${doc.rootName}`;
  const lineTag = doc.rootName === 'CreditNote' ? 'cac:CreditNoteLine' : 'cac:InvoiceLine';
  const need = (rule: string, ok: unknown, what: string, path: string) => {
    if (!ok) out.push(fatal(rule, `${what} is missing`, `${r}/${path}`));
  };
  need(
    'BR-01',
    doc.customizationId,
    'the specification identifier (BT-24, CustomizationID)',
    'cbc:CustomizationID',
  );
  need('BR-02', doc.invoiceNumber, 'the invoice number (BT-1)', 'cbc:ID');
  need('BR-03', doc.issueDate, 'the issue date (BT-2)', 'cbc:IssueDate');
  need('BR-04', doc.typeCode, 'the invoice type code (BT-3)', 'cbc:InvoiceTypeCode');
  need('BR-05', doc.currency, 'the document currency (BT-5)', 'cbc:DocumentCurrencyCode');
  const sellerPath = 'cac:AccountingSupplierParty/cac:Party';
  const buyerPath = 'cac:AccountingCustomerParty/cac:Party';
  need(
    'BR-06',
    registeredNameOf(doc.seller),
    'the seller name (BT-27)',
    `${sellerPath}/cac:PartyLegalEntity/cbc:RegistrationName`,
  );
  need(
    'BR-07',
    registeredNameOf(doc.buyer),
    'the buyer name (BT-44)',
    `${buyerPath}/cac:PartyLegalEntity/cbc:RegistrationName`,
  );
  need('BR-08', doc.seller.address, 'the seller postal address (BG-5)', `${sellerPath}/cac:PostalAddress`);
  need(
    'BR-09',
    doc.seller.address?.countryCode,
    'the seller country code (BT-40)',
    `${sellerPath}/cac:PostalAddress/cac:Country`,
  );
  need('BR-10', doc.buyer.address, 'the buyer postal address (BG-8)', `${buyerPath}/cac:PostalAddress`);
  need(
    'BR-11',
    doc.buyer.address?.countryCode,
    'the buyer country code (BT-55)',
    `${buyerPath}/cac:PostalAddress/cac:Country`,
  );
  const mt = 'cac:LegalMonetaryTotal';
  need(
    'BR-12',
    doc.totals.lineExtension,
    'the sum of line net amounts (BT-106)',
    `${mt}/cbc:LineExtensionAmount`,
  );
  need('BR-13', doc.totals.taxExclusive, 'the total without VAT (BT-109)', `${mt}/cbc:TaxExclusiveAmount`);
  need('BR-14', doc.totals.taxInclusive, 'the total with VAT (BT-112)', `${mt}/cbc:TaxInclusiveAmount`);
  need('BR-15', doc.totals.payable, 'the amount due for payment (BT-115)', `${mt}/cbc:PayableAmount`);
  need('BR-16', doc.lines.length > 0, 'at least one invoice line (BG-25)', lineTag);

  doc.lines.forEach((line, i) => {
    const lp = `${lineTag}[${i + 1}]`;
    need(
      'BR-24',
      line.netAmount,
      `the net amount of line ${line.id} (BT-131)`,
      `${lp}/cbc:LineExtensionAmount`,
    );
    need('BR-25', line.itemName, `the item name of line ${line.id} (BT-153)`, `${lp}/cac:Item/cbc:Name`);
    need('BR-26', line.price, `the net price of line ${line.id} (BT-146)`, `${lp}/cac:Price/cbc:PriceAmount`);
    if (line.price !== undefined && decOrZero(line.price).isNegative()) {
      out.push(
        fatal(
          'BR-27',
          `the item net price of line ${line.id} is negative (${line.price})`,
          `${lp}/cac:Price/cbc:PriceAmount`,
        ),
      );
    }
    need(
      'BR-CO-04',
      line.vat.category,
      `the VAT category of line ${line.id} (BT-151)`,
      `${lp}/cac:Item/cac:ClassifiedTaxCategory/cbc:ID`,
    );
  });
  doc.allowanceCharges.forEach((ac, i) => {
    const p = `${r}/cac:AllowanceCharge[${i + 1}]`;
    if (!ac.vat?.category) {
      out.push(
        fatal(
          ac.isCharge ? 'BR-37' : 'BR-32',
          `document ${ac.isCharge ? 'charge' : 'allowance'} has no VAT category`,
          `${p}/cac:TaxCategory/cbc:ID`,
        ),
      );
    }
    if (!ac.reason && !ac.reasonCode) {
      out.push(
        fatal(
          ac.isCharge ? 'BR-CO-22' : 'BR-CO-21',
          `document ${ac.isCharge ? 'charge' : 'allowance'} needs a reason or reason code`,
          p,
        ),
      );
    }
  });

  // BR-CO-09: VAT identifiers carry an ISO 3166 prefix.
  for (const [party, path] of [
    [doc.seller, sellerPath],
    [doc.buyer, buyerPath],
  ] as [InvoiceParty, string][]) {
    const vatId = vatIdOf(party);
    if (vatId && !ISO_COUNTRY_PREFIX.test(vatId)) {
      out.push(
        fatal(
          'BR-CO-09',
          `VAT identifier "${vatId}" lacks an ISO 3166 country prefix`,
          `${r}/${path}/cac:PartyTaxScheme/cbc:CompanyID`,
        ),
      );
    }
  }
  if (
    !doc.seller.identifiers.length &&
    !doc.seller.legalEntities.some((l) => l.companyId) &&
    !vatIdOf(doc.seller)
  ) {
    out.push(
      fatal(
        'BR-CO-26',
        'the seller needs an identifier, a legal registration id or a VAT id',
        `${r}/${sellerPath}`,
      ),
    );
  }
  doc.paymentMeans.forEach((pm, i) => {
    if ((pm.code === '30' || pm.code === '58') && !pm.iban) {
      out.push(
        fatal(
          'BR-61',
          `credit transfer (code ${pm.code}) needs the payment account (BT-84)`,
          `${r}/cac:PaymentMeans[${i + 1}]/cac:PayeeFinancialAccount/cbc:ID`,
        ),
      );
    }
    if (!pm.code)
      out.push(
        fatal(
          'BR-49',
          'payment means type code (BT-81) is missing',
          `${r}/cac:PaymentMeans[${i + 1}]/cbc:PaymentMeansCode`,
        ),
      );
  });

  // BR-53: a VAT accounting currency needs the VAT total in that currency (BT-111).
  if (
    doc.taxCurrency &&
    doc.taxCurrency !== doc.currency &&
    !doc.taxTotals.some((t) => t.currency === doc.taxCurrency)
  ) {
    out.push(
      fatal(
        'BR-53',
        `the VAT total in accounting currency ${doc.taxCurrency} (BT-111) is missing`,
        `${r}/cac:TaxTotal`,
      ),
    );
  }
  out.push(...calculationRules(doc, mt));
  out.push(...vatCategoryRules(doc));
  out.push(...syntaxCardinalityRules(doc, sellerPath, buyerPath));
  return out;
}

function calculationRules(doc: InvoiceDocument, mt: string): Finding[] {
  const out: Finding[] = [];
  const r = `/${doc.rootName}`;
  const t = doc.totals;
  const check = (
    rule: string,
    stated: string | undefined,
    expected: InstanceType<typeof Dec>,
    what: string,
    path: string,
  ) => {
    const value = dec(stated);
    if (value === undefined) return;
    if (!value.equals(expected)) {
      out.push(fatal(rule, `${what} is ${stated} but should be ${expected.toFixed(2)}`, `${r}/${path}`));
    }
  };
  if (doc.lines.every((l) => dec(l.netAmount) !== undefined)) {
    check(
      'BR-CO-10',
      t.lineExtension,
      sum(doc.lines.map((l) => decOrZero(l.netAmount))),
      'the sum of line net amounts (BT-106)',
      `${mt}/cbc:LineExtensionAmount`,
    );
  }
  const allowances = sum(doc.allowanceCharges.filter((a) => !a.isCharge).map((a) => decOrZero(a.amount)));
  const charges = sum(doc.allowanceCharges.filter((a) => a.isCharge).map((a) => decOrZero(a.amount)));
  if (t.allowanceTotal !== undefined || !allowances.isZero()) {
    if (t.allowanceTotal === undefined)
      out.push(
        fatal(
          'BR-CO-11',
          `allowances total ${allowances.toFixed(2)} but BT-107 is missing`,
          `${r}/${mt}/cbc:AllowanceTotalAmount`,
        ),
      );
    else
      check(
        'BR-CO-11',
        t.allowanceTotal,
        allowances,
        'the sum of allowances (BT-107)',
        `${mt}/cbc:AllowanceTotalAmount`,
      );
  }
  if (t.chargeTotal !== undefined || !charges.isZero()) {
    if (t.chargeTotal === undefined)
      out.push(
        fatal(
          'BR-CO-12',
          `charges total ${charges.toFixed(2)} but BT-108 is missing`,
          `${r}/${mt}/cbc:ChargeTotalAmount`,
        ),
      );
    else
      check('BR-CO-12', t.chargeTotal, charges, 'the sum of charges (BT-108)', `${mt}/cbc:ChargeTotalAmount`);
  }
  const lineExt = dec(t.lineExtension);
  if (lineExt) {
    check(
      'BR-CO-13',
      t.taxExclusive,
      lineExt.minus(decOrZero(t.allowanceTotal)).plus(decOrZero(t.chargeTotal)),
      'the total without VAT (BT-109)',
      `${mt}/cbc:TaxExclusiveAmount`,
    );
  }
  const taxTotal = documentTaxTotal(doc);
  if (!taxTotal) {
    out.push(
      fatal('BR-CO-18', 'the invoice has no VAT breakdown (TaxTotal with TaxSubtotal)', `${r}/cac:TaxTotal`),
    );
  } else {
    if (!taxTotal.subtotals.length)
      out.push(
        fatal(
          'BR-CO-18',
          'the invoice needs at least one VAT breakdown (BG-23)',
          `${r}/cac:TaxTotal/cac:TaxSubtotal`,
        ),
      );
    else
      check(
        'BR-CO-14',
        taxTotal.taxAmount,
        sum(taxTotal.subtotals.map((s) => decOrZero(s.taxAmount))),
        'the VAT total (BT-110)',
        'cac:TaxTotal/cbc:TaxAmount',
      );
    const excl = dec(t.taxExclusive);
    if (excl)
      check(
        'BR-CO-15',
        t.taxInclusive,
        excl.plus(
          // Every VAT total stated in the document currency counts, so a second, different one is caught too.
          sum(
            doc.taxTotals
              .filter((tt) => !tt.currency || !doc.currency || tt.currency === doc.currency)
              .map((tt) => decOrZero(tt.taxAmount)),
          ),
        ),
        'the total with VAT (BT-112)',
        `${mt}/cbc:TaxInclusiveAmount`,
      );
    taxTotal.subtotals.forEach((s, i) => {
      const taxable = dec(s.taxableAmount);
      const rate = dec(s.vat.ratePercent);
      const tax = dec(s.taxAmount);
      if (!taxable || !rate || !tax) return;
      const exact = taxable.times(rate).dividedBy(100);
      // XPath round() goes half towards +infinity, commercial rounding away from zero: accept both.
      const candidates = [round2(exact), exact.toDecimalPlaces(2, Dec.ROUND_HALF_CEIL)];
      if (!candidates.some((c) => c.equals(tax))) {
        out.push(
          fatal(
            'BR-CO-17',
            `VAT ${s.taxAmount} of the ${s.vat.category} ${s.vat.ratePercent}% breakdown should be ${candidates[0]?.toFixed(2)} (taxable ${s.taxableAmount} x rate)`,
            `${r}/cac:TaxTotal/cac:TaxSubtotal[${i + 1}]/cbc:TaxAmount`,
          ),
        );
      }
    });
  }
  const incl = dec(t.taxInclusive);
  if (incl) {
    // XRechnung's extension adds third-party payments (BG-DEX-09) to the amount due.
    const thirdParty = sum(doc.thirdPartyPayments.map((p) => decOrZero(p.amount)));
    check(
      'BR-CO-16',
      t.payable,
      incl.minus(decOrZero(t.prepaid)).plus(decOrZero(t.rounding)).plus(thirdParty),
      'the amount due (BT-115)',
      `${mt}/cbc:PayableAmount`,
    );
  }
  return out;
}

function vatCategoryRules(doc: InvoiceDocument): Finding[] {
  const out: Finding[] = [];
  const r = `/${doc.rootName}`;
  const taxTotal = documentTaxTotal(doc);
  const subtotals = taxTotal?.subtotals ?? [];
  // Expected taxable amount per category+rate from lines and document-level allowances/charges.
  const expected = new Map<string, { vat: VatCategoryRef; amount: InstanceType<typeof Dec> }>();
  const add = (vat: VatCategoryRef | undefined, amount: InstanceType<typeof Dec>) => {
    if (!vat?.category) return;
    const key = vatKey(vat.category, vat.ratePercent);
    const entry = expected.get(key) ?? { vat, amount: new Dec(0) };
    entry.amount = entry.amount.plus(amount);
    expected.set(key, entry);
  };
  for (const line of doc.lines) add(line.vat, decOrZero(line.netAmount));
  for (const ac of doc.allowanceCharges)
    add(ac.vat, ac.isCharge ? decOrZero(ac.amount) : decOrZero(ac.amount).negated());

  const usedCategories = new Set<string>();
  const check = (vat: VatCategoryRef, where: string, path: string) => {
    const cat = vat.category;
    if (!cat) return;
    usedCategories.add(cat);
    if (!KNOWN_CATEGORIES.has(cat)) {
      out.push(fatal('BR-CL-17', `VAT category "${cat}" is not a UNCL5305 code`, path));
      return;
    }
    const prefix = CATEGORY_RULE_PREFIX[cat];
    const rate = dec(vat.ratePercent);
    if (cat === 'S' && !rate?.greaterThan(0)) {
      out.push(fatal(`${prefix}-05`, `${where} with VAT category S needs a rate above zero`, path));
    } else if (['Z', 'E', 'AE', 'K', 'G'].includes(cat) && rate && !rate.isZero()) {
      out.push(
        fatal(
          `${prefix}-05`,
          `${where} with VAT category ${cat} must have rate 0, not ${vat.ratePercent}`,
          path,
        ),
      );
    } else if (cat === 'O' && vat.ratePercent !== undefined) {
      out.push(fatal('BR-O-05', `${where} with VAT category O must not have a rate`, path));
    }
  };
  doc.lines.forEach((l, i) => {
    check(l.vat, `line ${l.id}`, `${r}/cac:InvoiceLine[${i + 1}]/cac:Item/cac:ClassifiedTaxCategory`);
  });
  doc.allowanceCharges.forEach((ac, i) => {
    if (ac.vat)
      check(
        ac.vat,
        `document allowance/charge ${i + 1}`,
        `${r}/cac:AllowanceCharge[${i + 1}]/cac:TaxCategory`,
      );
  });

  const stated = new Set<string>();
  subtotals.forEach((s, i) => {
    const path = `${r}/cac:TaxTotal/cac:TaxSubtotal[${i + 1}]`;
    const cat = s.vat.category;
    const prefix = CATEGORY_RULE_PREFIX[cat];
    if (!prefix) {
      out.push(
        fatal('BR-CL-17', `VAT category "${cat}" is not a UNCL5305 code`, `${path}/cac:TaxCategory/cbc:ID`),
      );
      return;
    }
    const key = vatKey(cat, s.vat.ratePercent);
    stated.add(key);
    const want = expected.get(key)?.amount ?? new Dec(0);
    const taxable = dec(s.taxableAmount);
    if (taxable && !taxable.equals(want)) {
      out.push(
        fatal(
          `${prefix}-08`,
          `taxable amount ${s.taxableAmount} of the ${cat}${s.vat.ratePercent !== undefined ? ` ${s.vat.ratePercent}%` : ''} breakdown should be ${want.toFixed(2)} (lines + charges - allowances)`,
          `${path}/cbc:TaxableAmount`,
        ),
      );
    }
    const tax = dec(s.taxAmount);
    if (cat !== 'S' && cat !== 'L' && cat !== 'M' && tax && !tax.isZero()) {
      out.push(
        fatal(
          `${prefix}-09`,
          `VAT amount of category ${cat} must be 0, not ${s.taxAmount}`,
          `${path}/cbc:TaxAmount`,
        ),
      );
    }
    if (['E', 'AE', 'K', 'G', 'O'].includes(cat) && !s.vat.exemptionReason && !s.vat.exemptionReasonCode) {
      out.push(
        fatal(
          `${prefix}-10`,
          `the ${cat} breakdown needs an exemption reason text or code (BT-120/121)`,
          `${path}/cac:TaxCategory`,
        ),
      );
    }
    if (cat === 'S' && s.vat.exemptionReason !== undefined) {
      out.push(
        fatal(
          'BR-S-10',
          'a standard-rated breakdown must not have an exemption reason',
          `${path}/cac:TaxCategory/cbc:TaxExemptionReason`,
        ),
      );
    }
  });
  const statedCategories = new Set(subtotals.map((s) => s.vat.category));
  const reported = new Set<string>();
  for (const [key, { vat, amount }] of expected) {
    if (stated.has(key) || !KNOWN_CATEGORIES.has(vat.category)) continue;
    const prefix = CATEGORY_RULE_PREFIX[vat.category];
    if (!statedCategories.has(vat.category)) {
      if (reported.has(vat.category)) continue;
      reported.add(vat.category);
      out.push(
        fatal(
          `${prefix}-01`,
          `lines or allowances/charges use VAT category ${vat.category} but the VAT breakdown has no ${vat.category} entry`,
          `${r}/cac:TaxTotal`,
        ),
      );
    } else if (!amount.isZero()) {
      // Lines at a rate that nets to zero need no breakdown of their own; anything else does.
      out.push(
        fatal(
          `${prefix}-08`,
          `lines or allowances/charges at VAT ${vat.category} ${vat.ratePercent ?? ''}% total ${amount.toFixed(2)} but there is no breakdown for that rate`,
          `${r}/cac:TaxTotal`,
        ),
      );
    }
  }
  const sellerVat = vatIdOf(doc.seller);
  const buyerVat = vatIdOf(doc.buyer);
  if (usedCategories.has('AE') || usedCategories.has('K')) {
    const prefix = usedCategories.has('AE') ? 'BR-AE' : 'BR-IC';
    if (!sellerVat && !doc.taxRepresentative)
      out.push(
        fatal(
          `${prefix}-02`,
          'reverse charge / intra-community supply needs the seller VAT id',
          `${r}/cac:AccountingSupplierParty`,
        ),
      );
    if (!buyerVat && !doc.buyer.legalEntities.some((l) => l.companyId)) {
      out.push(
        fatal(
          `${prefix}-02`,
          'reverse charge / intra-community supply needs the buyer VAT id',
          `${r}/cac:AccountingCustomerParty`,
        ),
      );
    }
  }
  if (usedCategories.has('O') && usedCategories.size > 1) {
    out.push(
      fatal(
        'BR-O-11',
        'VAT category O (outside scope) cannot be combined with other categories',
        `${r}/cac:TaxTotal`,
      ),
    );
  }
  if (usedCategories.has('O') && sellerVat) {
    out.push(
      warning(
        'BR-O-02',
        'an invoice outside the scope of VAT should not carry a seller VAT id',
        `${r}/cac:AccountingSupplierParty`,
      ),
    );
  }
  return out;
}

function syntaxCardinalityRules(doc: InvoiceDocument, sellerPath: string, buyerPath: string): Finding[] {
  const out: Finding[] = [];
  const r = `/${doc.rootName}`;
  const count = (party: InvoiceParty, pick: (l: InvoiceParty['legalEntities'][number]) => unknown) =>
    party.legalEntities.filter(pick).length;
  if (count(doc.seller, (l) => l.registrationName) > 1)
    out.push(
      fatal(
        'UBL-SR-09',
        'the seller name (BT-27) occurs more than once',
        `${r}/${sellerPath}/cac:PartyLegalEntity/cbc:RegistrationName`,
      ),
    );
  if (count(doc.seller, (l) => l.companyId) > 1)
    out.push(
      fatal(
        'UBL-SR-11',
        'the seller legal registration id (BT-30) occurs more than once',
        `${r}/${sellerPath}/cac:PartyLegalEntity/cbc:CompanyID`,
      ),
    );
  if (count(doc.buyer, (l) => l.registrationName) > 1)
    out.push(
      fatal(
        'UBL-SR-15',
        'the buyer name (BT-44) occurs more than once',
        `${r}/${buyerPath}/cac:PartyLegalEntity/cbc:RegistrationName`,
      ),
    );
  if (count(doc.buyer, (l) => l.companyId) > 1)
    out.push(
      fatal(
        'UBL-SR-17',
        'the buyer legal registration id (BT-47) occurs more than once',
        `${r}/${buyerPath}/cac:PartyLegalEntity/cbc:CompanyID`,
      ),
    );
  return out;
}
