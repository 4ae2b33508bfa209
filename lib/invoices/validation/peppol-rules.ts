import type { Finding } from '../findings.ts';
import { fatal, warning } from '../findings.ts';
import type { AllowanceCharge, InvoiceDocument } from '../model.ts';
import { Dec, dec, decOrZero } from './decimal.ts';
import { dutchCoreRules } from './nl-rules.ts';

export const PEPPOL_CUSTOMIZATION =
  'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';

/** Peppol's allowance for rounding differences in line and allowance arithmetic (u:slack with 0.02). */
const SLACK = new Dec('0.02');

function withinSlack(a: InstanceType<typeof Dec>, b: InstanceType<typeof Dec>): boolean {
  return a.minus(b).abs().lessThanOrEqualTo(SLACK);
}

function allowanceArithmetic(ac: AllowanceCharge, path: string, out: Finding[]): void {
  const base = dec(ac.baseAmount);
  const factor = dec(ac.multiplierPercent);
  if (base && factor && !withinSlack(base.times(factor).dividedBy(100), decOrZero(ac.amount))) {
    out.push(
      fatal(
        'PEPPOL-EN16931-R040',
        `allowance/charge amount ${ac.amount} should be base ${ac.baseAmount} x ${ac.multiplierPercent}%`,
        `${path}/cbc:Amount`,
      ),
    );
  }
  if (factor && !base)
    out.push(
      fatal(
        'PEPPOL-EN16931-R041',
        'a percentage allowance/charge needs its base amount',
        `${path}/cbc:BaseAmount`,
      ),
    );
}

/** Peppol BIS Billing 3.0 rules that matter for booking (PEPPOL-EN16931-R*), plus the NL-R national rules. */
export function validatePeppol(doc: InvoiceDocument): Finding[] {
  const out: Finding[] = [];
  const r = `/${doc.rootName}`;
  const lineTag = doc.rootName === 'CreditNote' ? 'cac:CreditNoteLine' : 'cac:InvoiceLine';
  if (!doc.profileId)
    out.push(
      fatal('PEPPOL-EN16931-R001', 'the business process (ProfileID) is missing', `${r}/cbc:ProfileID`),
    );
  if (!doc.buyerReference && !doc.orderReference)
    out.push(
      fatal(
        'PEPPOL-EN16931-R003',
        'a buyer reference or purchase order reference is required',
        `${r}/cbc:BuyerReference`,
      ),
    );
  if (doc.customizationId && !doc.customizationId.startsWith(PEPPOL_CUSTOMIZATION))
    out.push(
      fatal(
        'PEPPOL-EN16931-R004',
        `CustomizationID must start with ${PEPPOL_CUSTOMIZATION}`,
        `${r}/cbc:CustomizationID`,
      ),
    );
  if (!doc.seller.endpointId)
    out.push(
      fatal(
        'PEPPOL-EN16931-R020',
        'the seller electronic address (EndpointID) is missing',
        `${r}/cac:AccountingSupplierParty/cac:Party/cbc:EndpointID`,
      ),
    );
  if (!doc.buyer.endpointId)
    out.push(
      fatal(
        'PEPPOL-EN16931-R010',
        'the buyer electronic address (EndpointID) is missing',
        `${r}/cac:AccountingCustomerParty/cac:Party/cbc:EndpointID`,
      ),
    );
  const withSubtotals = doc.taxTotals.filter((t) => t.subtotals.length > 0);
  if (withSubtotals.length > 1)
    out.push(fatal('PEPPOL-EN16931-R053', 'only one TaxTotal may carry VAT breakdowns', `${r}/cac:TaxTotal`));
  doc.paymentMeans.forEach((pm, i) => {
    if (pm.code === '59' && !pm.mandateId)
      out.push(
        fatal(
          'PEPPOL-EN16931-R061',
          'SEPA direct debit needs the mandate reference (BT-89)',
          `${r}/cac:PaymentMeans[${i + 1}]/cac:PaymentMandate/cbc:ID`,
        ),
      );
  });
  doc.allowanceCharges.forEach((ac, i) => {
    allowanceArithmetic(ac, `${r}/cac:AllowanceCharge[${i + 1}]`, out);
  });
  doc.lines.forEach((line, i) => {
    const lp = `${r}/${lineTag}[${i + 1}]`;
    line.allowanceCharges.forEach((ac, j) => {
      allowanceArithmetic(ac, `${lp}/cac:AllowanceCharge[${j + 1}]`, out);
    });
    const baseQty = dec(line.baseQuantity) ?? new Dec(1);
    if (baseQty.lessThanOrEqualTo(0)) {
      out.push(
        fatal(
          'PEPPOL-EN16931-R121',
          `base quantity of line ${line.id} must be above zero`,
          `${lp}/cac:Price/cbc:BaseQuantity`,
        ),
      );
      return;
    }
    const qty = dec(line.quantity);
    const price = dec(line.price);
    const net = dec(line.netAmount);
    if (qty && price && net) {
      let expected = qty.times(price).dividedBy(baseQty);
      for (const ac of line.allowanceCharges)
        expected = ac.isCharge ? expected.plus(decOrZero(ac.amount)) : expected.minus(decOrZero(ac.amount));
      if (!withinSlack(expected, net))
        out.push(
          fatal(
            'PEPPOL-EN16931-R120',
            `line ${line.id} net amount ${line.netAmount} should be quantity x price + charges - allowances = ${expected.toFixed(2)}`,
            `${lp}/cbc:LineExtensionAmount`,
          ),
        );
    }
  });
  if (
    doc.documentType === 'invoice' &&
    doc.dueDate === undefined &&
    doc.paymentTerms.length === 0 &&
    decOrZero(doc.totals.payable).greaterThan(0)
  )
    out.push(
      warning(
        'BR-CO-25',
        'an amount is due but neither a due date (BT-9) nor payment terms (BT-20) are given',
        `${r}/cbc:DueDate`,
      ),
    );
  out.push(...dutchCoreRules(doc, 'peppol'));
  return out;
}
