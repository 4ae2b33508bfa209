import type { Finding } from '../findings.ts';
import { fatal } from '../findings.ts';
import type { InvoiceDocument } from '../model.ts';
import { type Dec, dec, decOrZero, sum, withinOne, xpathRound, xpathRound2 } from './decimal.ts';
import { isVatCategory } from './vat-category-rules.ts';

const MT = 'cac:LegalMonetaryTotal';
const XRECHNUNG_EXTENSION = /#conformant#urn:xeinkauf\.de:kosit:extension:xrechnung/;

/** `stated = expected`, where a missing or unreadable amount never equals anything (XPath's empty sequence). */
function equal(stated: Dec | undefined, expected: Dec | undefined): boolean {
  return stated !== undefined && expected !== undefined && stated.equals(expected);
}

function show(value: Dec | undefined): string {
  return value === undefined ? '(none)' : value.toFixed(2);
}

/**
 * The document totals (BR-12…15, BR-CO-10…16) and the VAT breakdown arithmetic (BR-CO-14, BR-CO-17,
 * BR-CO-18, BR-45…48) as the artifacts compute them: sums rounded with XPath's round(), BR-CO-17 with its
 * ±1 tolerance, and the totals rules only inside a present cac:LegalMonetaryTotal.
 */
export function calculationRules(doc: InvoiceDocument): Finding[] {
  const out: Finding[] = [];
  const r = `/${doc.rootName}`;
  const t = doc.totals;
  const push = (rule: string, message: string, path: string) =>
    out.push(fatal(rule, message, `${r}/${path}`));

  if (doc.ubl?.monetaryTotal ?? true) {
    const need = (rule: string, value: string | undefined, what: string, element: string) => {
      if (value === undefined) push(rule, `${what} is missing`, `${MT}/cbc:${element}`);
    };
    need('BR-12', t.lineExtension, 'the sum of line net amounts (BT-106)', 'LineExtensionAmount');
    need('BR-13', t.taxExclusive, 'the total without VAT (BT-109)', 'TaxExclusiveAmount');
    need('BR-14', t.taxInclusive, 'the total with VAT (BT-112)', 'TaxInclusiveAmount');
    need('BR-15', t.payable, 'the amount due for payment (BT-115)', 'PayableAmount');

    const lineExt = dec(t.lineExtension);
    const lineSum = xpathRound2(
      sum(doc.lines.flatMap((l) => (dec(l.netAmount) ? [decOrZero(l.netAmount)] : []))),
    );
    if (!equal(lineExt, lineSum))
      push(
        'BR-CO-10',
        `the sum of line net amounts (BT-106) is ${t.lineExtension ?? '(none)'} but the lines add up to ${show(lineSum)}`,
        `${MT}/cbc:LineExtensionAmount`,
      );

    for (const [rule, charge, stated, what, element] of [
      ['BR-CO-11', false, t.allowanceTotal, 'allowances (BT-107)', 'AllowanceTotalAmount'],
      ['BR-CO-12', true, t.chargeTotal, 'charges (BT-108)', 'ChargeTotalAmount'],
    ] as const) {
      const items = doc.allowanceCharges.filter((a) => a.isCharge === charge);
      const total = xpathRound2(sum(items.map((a) => decOrZero(a.amount))));
      const ok = stated === undefined ? items.length === 0 : equal(dec(stated), total);
      if (!ok)
        push(
          rule,
          `the sum of document ${what} is ${stated ?? '(none)'} but the document level ${charge ? 'charges' : 'allowances'} add up to ${total.toFixed(2)}`,
          `${MT}/cbc:${element}`,
        );
    }

    const allowance = dec(t.allowanceTotal);
    const charge = dec(t.chargeTotal);
    const excl = dec(t.taxExclusive);
    let expectedExcl: Dec | undefined;
    if (lineExt && (t.allowanceTotal === undefined || allowance) && (t.chargeTotal === undefined || charge)) {
      const raw = lineExt.plus(charge ?? 0).minus(allowance ?? 0);
      expectedExcl = t.allowanceTotal === undefined && t.chargeTotal === undefined ? raw : xpathRound2(raw);
    }
    if (!equal(excl, expectedExcl))
      push(
        'BR-CO-13',
        `the total without VAT (BT-109) is ${t.taxExclusive ?? '(none)'} but should be ${show(expectedExcl)} (lines - allowances + charges)`,
        `${MT}/cbc:TaxExclusiveAmount`,
      );

    const incl = dec(t.taxInclusive);
    const prepaid = dec(t.prepaid);
    const rounding = dec(t.rounding);
    const payable = dec(t.payable);
    // The XRechnung extension replaces BR-CO-16 by BR-DEX-09: third-party payments add to the amount due.
    const thirdParty = XRECHNUNG_EXTENSION.test(doc.customizationId ?? '')
      ? sum(doc.thirdPartyPayments.map((p) => decOrZero(p.amount)))
      : undefined;
    const withThirdParty = thirdParty && incl ? incl.plus(thirdParty) : incl;
    const due =
      withThirdParty &&
      (t.prepaid === undefined ? withThirdParty : prepaid && xpathRound2(withThirdParty.minus(prepaid)));
    const payableLessRounding =
      t.rounding === undefined ? payable : payable && rounding && xpathRound2(payable.minus(rounding));
    const dueOk =
      t.prepaid === undefined && t.rounding === undefined
        ? equal(payable, withThirdParty)
        : equal(payableLessRounding, due);
    if (!dueOk)
      push(
        thirdParty ? 'BR-DEX-09' : 'BR-CO-16',
        `the amount due (BT-115) is ${t.payable ?? '(none)'} but total with VAT - paid + rounding is ${show(due?.plus(rounding ?? 0))}`,
        `${MT}/cbc:PayableAmount`,
      );
  }

  // BR-CO-15: exactly one VAT total in the document currency, and total with VAT = without + that VAT.
  if (doc.currency !== undefined) {
    const inCurrency = doc.taxTotals.filter((tt) => tt.currency === doc.currency && tt.taxAmount !== '');
    const excl = dec(t.taxExclusive);
    const vat = inCurrency.length === 1 ? dec(inCurrency[0]?.taxAmount) : undefined;
    const expected = excl && vat ? xpathRound2(excl.plus(vat)) : undefined;
    if (inCurrency.length !== 1 || !equal(dec(t.taxInclusive), expected))
      push(
        'BR-CO-15',
        inCurrency.length !== 1
          ? `there must be exactly one VAT total (BT-110) in ${doc.currency}, found ${inCurrency.length}`
          : `the total with VAT (BT-112) is ${t.taxInclusive ?? '(none)'} but should be ${show(expected)} (total without VAT + VAT)`,
        `${MT}/cbc:TaxInclusiveAmount`,
      );
  }
  if (!doc.taxTotals.some((tt) => tt.subtotals.length > 0))
    push('BR-CO-18', 'the invoice needs at least one VAT breakdown (BG-23)', 'cac:TaxTotal/cac:TaxSubtotal');

  doc.taxTotals.forEach((tt, ti) => {
    const tp = `cac:TaxTotal[${ti + 1}]`;
    if (tt.subtotals.length === 0) return;
    const total = xpathRound2(sum(tt.subtotals.map((s) => decOrZero(s.taxAmount))));
    if (!equal(dec(tt.taxAmount), total))
      push(
        'BR-CO-14',
        `the VAT total (BT-110) is ${tt.taxAmount || '(none)'} but the breakdowns add up to ${total.toFixed(2)}`,
        `${tp}/cbc:TaxAmount`,
      );
    tt.subtotals.forEach((s, si) => {
      const sp = `${tp}/cac:TaxSubtotal[${si + 1}]`;
      if (s.taxableAmount === '')
        push('BR-45', 'the VAT category taxable amount (BT-116) is missing', `${sp}/cbc:TaxableAmount`);
      if (s.taxAmount === '')
        push('BR-46', 'the VAT category tax amount (BT-117) is missing', `${sp}/cbc:TaxAmount`);
      const vatScheme = isVatCategory(doc, s.vat);
      if (!s.vat.category || !vatScheme)
        push('BR-47', 'the VAT category code (BT-118) is missing', `${sp}/cac:TaxCategory/cbc:ID`);
      if (!vatScheme || (s.vat.ratePercent === undefined && s.vat.category !== 'O'))
        push('BR-48', 'the VAT category rate (BT-119) is missing', `${sp}/cac:TaxCategory/cbc:Percent`);
      // BR-CO-17: VAT = taxable x rate, rounded, within ±1; a zero (or absent) rate needs zero VAT.
      const tax = dec(s.taxAmount);
      const rate = vatScheme ? dec(s.vat.ratePercent) : undefined;
      const taxable = dec(s.taxableAmount);
      let ok: boolean;
      if (rate === undefined || xpathRound(rate).isZero()) ok = tax !== undefined && xpathRound(tax).isZero();
      else {
        const computed = taxable && xpathRound2(taxable.abs().times(rate).dividedBy(100));
        ok = tax !== undefined && computed !== undefined && withinOne(tax.abs(), computed);
      }
      if (!ok)
        push(
          'BR-CO-17',
          `VAT ${s.taxAmount || '(none)'} of the ${s.vat.category} ${s.vat.ratePercent ?? ''}% breakdown is not taxable ${s.taxableAmount || '(none)'} x rate (±1)`,
          `${sp}/cbc:TaxAmount`,
        );
    });
  });
  return out;
}
