import type { Finding } from '../findings.ts';
import { fatal } from '../findings.ts';
import type { InvoiceDocument } from '../model.ts';
import { quoteValue } from '../values/index.ts';
import { dec, decOrZero, sum } from './decimal.ts';

/**
 * SI-UBL 2.0 G-account extension (si-ubl-2.0-ext-gaccount.xsl, BR-GA-*): an Invoice pays to two accounts,
 * the normal one and the blocked G-rekening (payment means id GACCOUNT), with two payment terms that split
 * the amount due between them. The extension's rules are written for Invoice documents only.
 */
export function gAccountRules(doc: InvoiceDocument): Finding[] {
  const out: Finding[] = [];
  const r = `/${doc.rootName}`;
  if (!(doc.customizationId ?? '').includes('#conformant#urn:fdc:nen.nl:gaccount:v1.0'))
    out.push(
      fatal(
        'BR-GA-0',
        'a G-account invoice must declare #conformant#urn:fdc:nen.nl:gaccount:v1.0 in its CustomizationID',
        `${r}/cbc:CustomizationID`,
      ),
    );
  if (doc.rootName !== 'Invoice') return out;
  if (doc.paymentTerms.length !== 2)
    out.push(
      fatal(
        'BR-GA-1',
        `the G-account extension needs exactly two payment terms, found ${doc.paymentTerms.length}`,
        `${r}/cac:PaymentTerms`,
      ),
    );
  if (doc.paymentMeans.length !== 2)
    out.push(
      fatal(
        'BR-GA-2',
        `the G-account extension needs exactly two payment means, found ${doc.paymentMeans.length}`,
        `${r}/cac:PaymentMeans`,
      ),
    );
  const payable = dec(doc.totals.payable);
  const termsTotal = sum(doc.paymentTerms.map((pt) => decOrZero(pt.amount)));
  if (!payable?.equals(termsTotal))
    out.push(
      fatal(
        'BR-GA-3',
        `the payment terms amounts (${termsTotal.toFixed(2)}) must add up to the amount due (${doc.totals.payable ?? '(none)'})`,
        `${r}/cac:PaymentTerms`,
      ),
    );
  if (doc.paymentMeans.filter((pm) => pm.id === 'GACCOUNT').length !== 1)
    out.push(
      fatal(
        'BR-GA-7',
        'exactly one payment means must have the identifier GACCOUNT (the G-rekening)',
        `${r}/cac:PaymentMeans/cbc:ID`,
      ),
    );
  doc.paymentTerms.forEach((pt, i) => {
    if (!pt.paymentMeansId)
      out.push(
        fatal(
          'BR-GA-4',
          `payment terms ${i + 1} must reference a payment means (PaymentMeansID)`,
          `${r}/cac:PaymentTerms[${i + 1}]/cbc:PaymentMeansID`,
        ),
      );
  });
  doc.paymentMeans.forEach((pm, i) => {
    if (!pm.id)
      out.push(
        fatal(
          'BR-GA-5',
          'each payment means needs an identifier (cbc:ID) for the payment terms to reference',
          `${r}/cac:PaymentMeans[${i + 1}]/cbc:ID`,
        ),
      );
  });
  const meansIds = new Set(doc.paymentMeans.map((pm) => pm.id).filter(Boolean));
  doc.paymentTerms.forEach((pt, i) => {
    if (pt.paymentMeansId && !meansIds.has(pt.paymentMeansId))
      out.push(
        fatal(
          'BR-GA-6',
          `payment terms ${i + 1} reference payment means ${quoteValue(pt.paymentMeansId)}, which the invoice does not have`,
          `${r}/cac:PaymentTerms[${i + 1}]/cbc:PaymentMeansID`,
        ),
      );
  });
  return out;
}
