import { sanitizeAttachmentName } from '../attachment-name.ts';
import type { Finding } from '../findings.ts';
import { fatal } from '../findings.ts';
import type {
  AllowanceCharge,
  DecimalString,
  EmbeddedFile,
  InvoiceDocument,
  InvoiceLine,
  InvoiceParty,
  InvoiceProfile,
  PaymentMeans,
  PostalAddress,
  TaxTotal,
  VatCategoryRef,
} from '../model.ts';
import { quoteValue, readCalendarDate, readDecimal } from '../values/index.ts';
import { blobText } from '../xml/safe-xml.ts';
import { attr, child, children, textAt, textOf, type XmlElement } from '../xml/xml-element.ts';
import { ublFactsOf } from './ubl-facts.ts';

/** BR-CL-24: the mime codes EN 16931 allows for embedded attachments. */
const ATTACHMENT_MIME_CODES = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.spreadsheet',
]);

export { normaliseDecimal } from '../values/index.ts';

export interface UblParseResult {
  document: InvoiceDocument;
  findings: Finding[];
}

/** Recognises the profile from CustomizationID (BT-24). */
export function profileOf(customizationId: string | undefined): InvoiceProfile {
  const id = customizationId ?? '';
  if (/nlcius/i.test(id)) return 'nlcius';
  if (/xrechnung/i.test(id)) return 'xrechnung';
  if (/poacc:billing:3\.0/.test(id)) return 'peppol-bis3';
  if (/factur-x|zugferd/i.test(id)) return 'factur-x';
  if (/en16931/i.test(id)) return 'en16931';
  return 'unknown';
}

class UblReader {
  readonly findings: Finding[] = [];
  constructor(
    readonly rootName: string,
    readonly blobs: readonly string[] = [],
  ) {}

  /** A number of the document, or undefined with a fatal finding when it is none or does not fit. */
  amount(node: XmlElement | undefined, path: string): DecimalString | undefined {
    const raw = textOf(node);
    if (raw === undefined) return undefined;
    const reading = readDecimal(raw);
    if (reading.ok) return reading.value;
    const rule = reading.problem === 'not-decimal' ? 'UBL-DT-AMOUNT' : 'UBL-DT-AMOUNT-RANGE';
    this.findings.push(fatal(rule, `${quoteValue(raw)} ${reading.reason}`, `/${this.rootName}/${path}`));
    return undefined;
  }

  /** A date of the document (YYYY-MM-DD), or undefined with a fatal finding when that day does not exist. */
  date(node: XmlElement | undefined, path: string): string | undefined {
    const raw = textOf(node);
    if (raw === undefined) return undefined;
    const reading = readCalendarDate(raw);
    if (reading.ok) return reading.date;
    this.findings.push(
      fatal('UBL-DT-DATE', `${quoteValue(raw)} ${reading.reason}`, `/${this.rootName}/${path}`),
    );
    return undefined;
  }

  address(node: XmlElement | undefined): PostalAddress | undefined {
    if (!node) return undefined;
    return {
      street: textAt(node, 'StreetName'),
      additionalStreet: textAt(node, 'AdditionalStreetName'),
      addressLines: children(node, 'AddressLine')
        .map((l) => textAt(l, 'Line'))
        .filter((l): l is string => l !== undefined),
      city: textAt(node, 'CityName'),
      postalCode: textAt(node, 'PostalZone'),
      countrySubentity: textAt(node, 'CountrySubentity'),
      countryCode: textAt(node, 'Country', 'IdentificationCode')?.toUpperCase(),
    };
  }

  party(partyNode: XmlElement | undefined): InvoiceParty {
    const endpoint = child(partyNode, 'EndpointID');
    const legalEntities = children(partyNode, 'PartyLegalEntity').flatMap((le) => {
      const names = children(le, 'RegistrationName').map(textOf);
      const ids = children(le, 'CompanyID');
      const count = Math.max(names.length, ids.length, 1);
      // Repeated elements inside one entity count as separate registrations (UBL-SR-09/11/15/17).
      return Array.from({ length: count }, (_, i) => ({
        registrationName: names[i],
        companyId: textOf(ids[i]),
        companyIdScheme: attr(ids[i], 'schemeID'),
        ...(i === 0 && textAt(le, 'CompanyLegalForm') ? { legalForm: textAt(le, 'CompanyLegalForm') } : {}),
      }));
    });
    return {
      name:
        textAt(partyNode, 'PartyName', 'Name') ??
        legalEntities.find((l) => l.registrationName)?.registrationName,
      endpointId: textOf(endpoint),
      endpointScheme: attr(endpoint, 'schemeID'),
      identifiers: children(partyNode, 'PartyIdentification').flatMap((pi) => {
        const idNode = child(pi, 'ID');
        const id = textOf(idNode);
        return id ? [{ id, scheme: attr(idNode, 'schemeID') }] : [];
      }),
      address: this.address(child(partyNode, 'PostalAddress')),
      taxRegistrations: children(partyNode, 'PartyTaxScheme').flatMap((ts) => {
        const companyId = textAt(ts, 'CompanyID');
        return companyId ? [{ companyId, taxScheme: textAt(ts, 'TaxScheme', 'ID') }] : [];
      }),
      legalEntities,
    };
  }

  vatCategory(node: XmlElement | undefined, path: string): VatCategoryRef {
    return {
      category: textAt(node, 'ID')?.toUpperCase() ?? '',
      ratePercent: this.amount(child(node, 'Percent'), `${path}/cbc:Percent`),
      exemptionReason: textAt(node, 'TaxExemptionReason'),
      exemptionReasonCode: textAt(node, 'TaxExemptionReasonCode'),
      taxScheme: textAt(node, 'TaxScheme', 'ID'),
    };
  }

  allowanceCharge(node: XmlElement, path: string): AllowanceCharge {
    return {
      isCharge: textAt(node, 'ChargeIndicator')?.toLowerCase() === 'true',
      amount: this.amount(child(node, 'Amount'), `${path}/cbc:Amount`) ?? '0',
      baseAmount: this.amount(child(node, 'BaseAmount'), `${path}/cbc:BaseAmount`),
      multiplierPercent: this.amount(
        child(node, 'MultiplierFactorNumeric'),
        `${path}/cbc:MultiplierFactorNumeric`,
      ),
      reason: textAt(node, 'AllowanceChargeReason'),
      reasonCode: textAt(node, 'AllowanceChargeReasonCode'),
      vat: child(node, 'TaxCategory')
        ? this.vatCategory(child(node, 'TaxCategory'), `${path}/cac:TaxCategory`)
        : undefined,
    };
  }

  line(node: XmlElement, index: number, isCredit: boolean): InvoiceLine {
    const tag = isCredit ? 'CreditNoteLine' : 'InvoiceLine';
    const path = `cac:${tag}[${index + 1}]`;
    const qtyNode = child(node, isCredit ? 'CreditedQuantity' : 'InvoicedQuantity');
    const item = child(node, 'Item');
    return {
      id: textAt(node, 'ID') ?? String(index + 1),
      quantity: this.amount(qtyNode, `${path}/cbc:${isCredit ? 'CreditedQuantity' : 'InvoicedQuantity'}`),
      unitCode: attr(qtyNode, 'unitCode'),
      netAmount: this.amount(child(node, 'LineExtensionAmount'), `${path}/cbc:LineExtensionAmount`) ?? '',
      itemName: textAt(item, 'Name'),
      price: this.amount(child(child(node, 'Price'), 'PriceAmount'), `${path}/cac:Price/cbc:PriceAmount`),
      baseQuantity: this.amount(
        child(child(node, 'Price'), 'BaseQuantity'),
        `${path}/cac:Price/cbc:BaseQuantity`,
      ),
      vat: this.vatCategory(
        child(item, 'ClassifiedTaxCategory'),
        `${path}/cac:Item/cac:ClassifiedTaxCategory`,
      ),
      accountingCost: textAt(node, 'AccountingCost'),
      orderLineReference: textAt(node, 'OrderLineReference', 'LineID'),
      allowanceCharges: children(node, 'AllowanceCharge').map((ac, i) =>
        this.allowanceCharge(ac, `${path}/cac:AllowanceCharge[${i + 1}]`),
      ),
    };
  }

  taxTotal(node: XmlElement, index: number): TaxTotal {
    const path = `cac:TaxTotal[${index + 1}]`;
    const taxAmountNode = child(node, 'TaxAmount');
    return {
      taxAmount: this.amount(taxAmountNode, `${path}/cbc:TaxAmount`) ?? '',
      currency: attr(taxAmountNode, 'currencyID'),
      subtotals: children(node, 'TaxSubtotal').map((st, i) => ({
        taxableAmount:
          this.amount(child(st, 'TaxableAmount'), `${path}/cac:TaxSubtotal[${i + 1}]/cbc:TaxableAmount`) ??
          '',
        taxAmount:
          this.amount(child(st, 'TaxAmount'), `${path}/cac:TaxSubtotal[${i + 1}]/cbc:TaxAmount`) ?? '',
        vat: this.vatCategory(child(st, 'TaxCategory'), `${path}/cac:TaxSubtotal[${i + 1}]/cac:TaxCategory`),
      })),
    };
  }

  paymentMeans(node: XmlElement): PaymentMeans {
    const payee = child(node, 'PayeeFinancialAccount');
    return {
      id: textAt(node, 'ID'),
      code: textAt(node, 'PaymentMeansCode'),
      name: attr(child(node, 'PaymentMeansCode'), 'name'),
      paymentId: textAt(node, 'PaymentID'),
      iban: textAt(payee, 'ID')?.replace(/\s+/g, '').toUpperCase(),
      accountName: textAt(payee, 'Name'),
      branchId: textAt(payee, 'FinancialInstitutionBranch', 'ID'),
      mandateId: textAt(node, 'PaymentMandate', 'ID'),
      payerIban: textAt(node, 'PaymentMandate', 'PayerFinancialAccount', 'ID')
        ?.replace(/\s+/g, '')
        .toUpperCase(),
    };
  }

  attachments(root: XmlElement): EmbeddedFile[] {
    return children(root, 'AdditionalDocumentReference').flatMap((ref, i) => {
      const object = child(child(ref, 'Attachment'), 'EmbeddedDocumentBinaryObject');
      const raw = textOf(object);
      const base64 = blobText(raw, this.blobs);
      if (!object || !base64) return [];
      // A lifted payload already matched the base64 alphabet; Node's decoder skips the whitespace.
      const lifted = base64 !== raw;
      if (!lifted && !/^[A-Za-z0-9+/]*={0,2}$/.test(base64.replace(/\s+/g, ''))) {
        this.findings.push(
          fatal(
            'UBL-ATTACHMENT',
            'embedded attachment is not valid base64',
            `/${this.rootName}/cac:AdditionalDocumentReference[${i + 1}]/cac:Attachment/cbc:EmbeddedDocumentBinaryObject`,
          ),
        );
        return [];
      }
      const id = textAt(ref, 'ID');
      const mimeType = attr(object, 'mimeCode') ?? 'application/octet-stream';
      if (!ATTACHMENT_MIME_CODES.has(mimeType)) {
        this.findings.push(
          fatal(
            'BR-CL-24',
            `attachment mime code "${mimeType}" is not one of ${[...ATTACHMENT_MIME_CODES].join(', ')}`,
            `/${this.rootName}/cac:AdditionalDocumentReference[${i + 1}]/cac:Attachment/cbc:EmbeddedDocumentBinaryObject/@mimeCode`,
          ),
        );
      }
      return [
        {
          id,
          filename: sanitizeAttachmentName(
            attr(object, 'filename') ??
              `${id ?? `attachment-${i + 1}`}${mimeType === 'application/pdf' ? '.pdf' : ''}`,
            mimeType,
          ),
          mimeType,
          content: new Uint8Array(Buffer.from(base64, 'base64')),
          description: textAt(ref, 'DocumentDescription'),
        },
      ];
    });
  }
}

/** Maps a parsed UBL 2.1 Invoice or CreditNote onto the invoice model; never throws on missing elements. */
export function parseUbl(rootName: string, root: XmlElement, blobs: readonly string[] = []): UblParseResult {
  const reader = new UblReader(rootName, blobs);
  const isCredit = rootName === 'CreditNote';
  const customizationId = textAt(root, 'CustomizationID');
  const typeCode = textAt(root, isCredit ? 'CreditNoteTypeCode' : 'InvoiceTypeCode');
  const monetary = child(root, 'LegalMonetaryTotal');
  const amountAt = (name: string) =>
    reader.amount(child(monetary, name), `cac:LegalMonetaryTotal/cbc:${name}`);
  const period = child(root, 'InvoicePeriod');
  const creditTypeCodes = new Set(['381', '396', '532', '81', '83', '261', '262', '308']);
  const document: InvoiceDocument = {
    syntax: 'ubl',
    rootName,
    customizationId,
    profileId: textAt(root, 'ProfileID'),
    profile: profileOf(customizationId),
    documentType:
      isCredit || (typeCode !== undefined && creditTypeCodes.has(typeCode)) ? 'credit-note' : 'invoice',
    typeCode,
    invoiceNumber: textAt(root, 'ID'),
    issueDate: reader.date(child(root, 'IssueDate'), 'cbc:IssueDate'),
    dueDate:
      reader.date(child(root, 'DueDate'), 'cbc:DueDate') ??
      children(root, 'PaymentMeans')
        .map((pm, i) =>
          reader.date(child(pm, 'PaymentDueDate'), `cac:PaymentMeans[${i + 1}]/cbc:PaymentDueDate`),
        )
        .find(Boolean),
    taxPointDate: reader.date(child(root, 'TaxPointDate'), 'cbc:TaxPointDate'),
    invoicePeriod: period
      ? {
          start: reader.date(child(period, 'StartDate'), 'cac:InvoicePeriod/cbc:StartDate'),
          end: reader.date(child(period, 'EndDate'), 'cac:InvoicePeriod/cbc:EndDate'),
          descriptionCode: textAt(period, 'DescriptionCode'),
        }
      : undefined,
    currency: textAt(root, 'DocumentCurrencyCode')?.toUpperCase(),
    taxCurrency: textAt(root, 'TaxCurrencyCode')?.toUpperCase(),
    buyerReference: textAt(root, 'BuyerReference'),
    orderReference: textAt(root, 'OrderReference', 'ID'),
    accountingCost: textAt(root, 'AccountingCost'),
    precedingInvoices: children(root, 'BillingReference').flatMap((br, i) => {
      const tag = child(br, 'InvoiceDocumentReference')
        ? 'InvoiceDocumentReference'
        : 'CreditNoteDocumentReference';
      const ref = child(br, tag);
      const id = textAt(ref, 'ID');
      const path = `cac:BillingReference[${i + 1}]/cac:${tag}/cbc:IssueDate`;
      return id ? [{ id, issueDate: reader.date(child(ref, 'IssueDate'), path) }] : [];
    }),
    seller: reader.party(child(child(root, 'AccountingSupplierParty'), 'Party')),
    buyer: reader.party(child(child(root, 'AccountingCustomerParty'), 'Party')),
    payee: child(root, 'PayeeParty') ? reader.party(child(root, 'PayeeParty')) : undefined,
    taxRepresentative: child(root, 'TaxRepresentativeParty')
      ? reader.party(child(root, 'TaxRepresentativeParty'))
      : undefined,
    deliveryAddress: reader.address(child(child(child(root, 'Delivery'), 'DeliveryLocation'), 'Address')),
    lines: children(root, isCredit ? 'CreditNoteLine' : 'InvoiceLine').map((l, i) =>
      reader.line(l, i, isCredit),
    ),
    allowanceCharges: children(root, 'AllowanceCharge').map((ac, i) =>
      reader.allowanceCharge(ac, `cac:AllowanceCharge[${i + 1}]`),
    ),
    taxTotals: children(root, 'TaxTotal').map((t, i) => reader.taxTotal(t, i)),
    totals: {
      lineExtension: amountAt('LineExtensionAmount'),
      taxExclusive: amountAt('TaxExclusiveAmount'),
      taxInclusive: amountAt('TaxInclusiveAmount'),
      allowanceTotal: amountAt('AllowanceTotalAmount'),
      chargeTotal: amountAt('ChargeTotalAmount'),
      prepaid: amountAt('PrepaidAmount'),
      rounding: amountAt('PayableRoundingAmount'),
      payable: amountAt('PayableAmount'),
    },
    paymentMeans: children(root, 'PaymentMeans').map((pm) => reader.paymentMeans(pm)),
    paymentTerms: children(root, 'PaymentTerms').map((pt, i) => ({
      note: textAt(pt, 'Note'),
      paymentMeansId: textAt(pt, 'PaymentMeansID'),
      amount: reader.amount(child(pt, 'Amount'), `cac:PaymentTerms[${i + 1}]/cbc:Amount`),
    })),
    attachments: reader.attachments(root),
    thirdPartyPayments: children(root, 'PrepaidPayment').map((pp, i) => ({
      id: textAt(pp, 'ID'),
      amount: reader.amount(child(pp, 'PaidAmount'), `cac:PrepaidPayment[${i + 1}]/cbc:PaidAmount`) ?? '0',
      description: textAt(pp, 'InstructionID'),
    })),
    notes: children(root, 'Note')
      .map(textOf)
      .filter((n): n is string => n !== undefined),
    ubl: ublFactsOf(root, isCredit),
  };
  return { document, findings: reader.findings };
}
