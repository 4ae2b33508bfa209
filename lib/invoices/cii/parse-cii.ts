import type { Finding } from '../findings.ts';
import { fatal } from '../findings.ts';
import type {
  AllowanceCharge,
  DecimalString,
  InvoiceDocument,
  InvoiceLine,
  InvoiceParty,
  InvoiceProfile,
  PostalAddress,
  VatCategoryRef,
} from '../model.ts';
import { type DateReading, quoteValue, readCalendarDate, readDecimal } from '../values/index.ts';
import { at, attr, child, children, textAt, textOf, type XmlElement } from '../xml/xml-element.ts';

const CREDIT_TYPE_CODES = new Set(['381', '396', '532', '261', '262', '308']);

/**
 * CII dates are `udt:DateTimeString` with format 102 (YYYYMMDD); an ISO-like text is read by its first
 * ten characters. Anything else, or a day that does not exist, is no date.
 */
function ciiDate(raw: string): DateReading {
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (compact) return readCalendarDate(`${compact[1]}-${compact[2]}-${compact[3]}`);
  return readCalendarDate(/^\d{4}-\d{2}-\d{2}T/.test(raw) ? raw.slice(0, 10) : raw);
}

function ciiProfile(guideline: string | undefined): InvoiceProfile {
  const id = guideline ?? '';
  if (/xrechnung/i.test(id)) return 'xrechnung';
  if (/factur-x|zugferd/i.test(id)) return 'factur-x';
  if (/en16931/i.test(id)) return 'en16931';
  return 'unknown';
}

class CiiReader {
  readonly findings: Finding[] = [];

  /** A number of the document, or undefined with a fatal finding when it is none or does not fit. */
  amount(node: XmlElement | undefined, path: string): DecimalString | undefined {
    const raw = textOf(node);
    if (raw === undefined) return undefined;
    const reading = readDecimal(raw);
    if (reading.ok) return reading.value;
    const rule = reading.problem === 'not-decimal' ? 'CII-DT-AMOUNT' : 'CII-DT-AMOUNT-RANGE';
    this.findings.push(fatal(rule, `${quoteValue(raw)} ${reading.reason}`, `/CrossIndustryInvoice/${path}`));
    return undefined;
  }

  /** A date element (its DateTimeString), or undefined with a fatal finding when that day does not exist. */
  date(node: XmlElement | undefined, path: string): string | undefined {
    const raw = textAt(node, 'DateTimeString') ?? textOf(node);
    if (!raw) return undefined;
    const reading = ciiDate(raw);
    if (reading.ok) return reading.date;
    this.findings.push(
      fatal('CII-DT-DATE', `${quoteValue(raw)} ${reading.reason}`, `/CrossIndustryInvoice/${path}`),
    );
    return undefined;
  }

  address(node: XmlElement | undefined): PostalAddress | undefined {
    if (!node) return undefined;
    const lineThree = textAt(node, 'LineThree');
    return {
      street: textAt(node, 'LineOne'),
      additionalStreet: textAt(node, 'LineTwo'),
      addressLines: lineThree ? [lineThree] : [],
      city: textAt(node, 'CityName'),
      postalCode: textAt(node, 'PostcodeCode'),
      countrySubentity: textAt(node, 'CountrySubDivisionName'),
      countryCode: textAt(node, 'CountryID')?.toUpperCase(),
    };
  }

  party(node: XmlElement | undefined): InvoiceParty {
    const legal = child(node, 'SpecifiedLegalOrganization');
    const legalId = child(legal, 'ID');
    const endpoint = at(node, 'URIUniversalCommunication', 'URIID');
    const name = textAt(node, 'Name');
    return {
      name: textAt(legal, 'TradingBusinessName') ?? name,
      endpointId: textOf(endpoint),
      endpointScheme: attr(endpoint, 'schemeID'),
      identifiers: [...children(node, 'ID'), ...children(node, 'GlobalID')].flatMap((n) => {
        const id = textOf(n);
        return id ? [{ id, scheme: attr(n, 'schemeID') }] : [];
      }),
      address: this.address(child(node, 'PostalTradeAddress')),
      taxRegistrations: children(node, 'SpecifiedTaxRegistration').flatMap((reg) => {
        const id = child(reg, 'ID');
        const companyId = textOf(id);
        if (!companyId) return [];
        // CII marks the VAT number with schemeID VA and a fiscal number with FC.
        return [{ companyId, taxScheme: attr(id, 'schemeID') === 'FC' ? 'FC' : 'VAT' }];
      }),
      legalEntities: [
        { registrationName: name, companyId: textOf(legalId), companyIdScheme: attr(legalId, 'schemeID') },
      ],
    };
  }

  tax(node: XmlElement | undefined, path: string): VatCategoryRef {
    return {
      category: textAt(node, 'CategoryCode')?.toUpperCase() ?? '',
      ratePercent: this.amount(child(node, 'RateApplicablePercent'), `${path}/ram:RateApplicablePercent`),
      exemptionReason: textAt(node, 'ExemptionReason'),
      exemptionReasonCode: textAt(node, 'ExemptionReasonCode'),
    };
  }

  allowanceCharge(node: XmlElement, path: string): AllowanceCharge {
    const tax = child(node, 'CategoryTradeTax');
    return {
      isCharge: textAt(node, 'ChargeIndicator', 'Indicator')?.toLowerCase() === 'true',
      amount: this.amount(child(node, 'ActualAmount'), `${path}/ram:ActualAmount`) ?? '0',
      baseAmount: this.amount(child(node, 'BasisAmount'), `${path}/ram:BasisAmount`),
      multiplierPercent: this.amount(child(node, 'CalculationPercent'), `${path}/ram:CalculationPercent`),
      reason: textAt(node, 'Reason'),
      reasonCode: textAt(node, 'ReasonCode'),
      vat: tax ? this.tax(tax, `${path}/ram:CategoryTradeTax`) : undefined,
    };
  }

  line(node: XmlElement, index: number): InvoiceLine {
    const path = `rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem[${index + 1}]`;
    const agreement = child(node, 'SpecifiedLineTradeAgreement');
    const netPrice = child(agreement, 'NetPriceProductTradePrice');
    const quantity = at(node, 'SpecifiedLineTradeDelivery', 'BilledQuantity');
    const settlement = child(node, 'SpecifiedLineTradeSettlement');
    return {
      id: textAt(node, 'AssociatedDocumentLineDocument', 'LineID') ?? String(index + 1),
      quantity: this.amount(quantity, `${path}/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity`),
      unitCode: attr(quantity, 'unitCode'),
      netAmount:
        this.amount(
          at(settlement, 'SpecifiedTradeSettlementLineMonetarySummation', 'LineTotalAmount'),
          `${path}/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount`,
        ) ?? '',
      itemName: textAt(node, 'SpecifiedTradeProduct', 'Name'),
      price: this.amount(
        child(netPrice, 'ChargeAmount'),
        `${path}/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount`,
      ),
      baseQuantity: this.amount(
        child(netPrice, 'BasisQuantity'),
        `${path}/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity`,
      ),
      vat: this.tax(
        child(settlement, 'ApplicableTradeTax'),
        `${path}/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax`,
      ),
      accountingCost: textAt(settlement, 'ReceivableSpecifiedTradeAccountingAccount', 'ID'),
      orderLineReference: textAt(agreement, 'BuyerOrderReferencedDocument', 'LineID'),
      allowanceCharges: children(settlement, 'SpecifiedTradeAllowanceCharge').map((ac, i) =>
        this.allowanceCharge(
          ac,
          `${path}/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge[${i + 1}]`,
        ),
      ),
    };
  }
}

/**
 * Maps a UN/CEFACT CII D16B CrossIndustryInvoice (Factur-X / ZUGFeRD 2.x / XRechnung CII) onto the
 * same invoice model as UBL, so the EN 16931 rules and the CASH mapping apply unchanged.
 */
export function parseCii(root: XmlElement): { document: InvoiceDocument; findings: Finding[] } {
  const reader = new CiiReader();
  const context = child(root, 'ExchangedDocumentContext');
  const exchanged = child(root, 'ExchangedDocument');
  const transaction = child(root, 'SupplyChainTradeTransaction');
  const agreement = child(transaction, 'ApplicableHeaderTradeAgreement');
  const settlement = child(transaction, 'ApplicableHeaderTradeSettlement');
  const sums = child(settlement, 'SpecifiedTradeSettlementHeaderMonetarySummation');
  const settlementPath = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement';
  const sumPath = `${settlementPath}/ram:SpecifiedTradeSettlementHeaderMonetarySummation`;
  const sum = (name: string) => reader.amount(child(sums, name), `${sumPath}/ram:${name}`);
  const guideline = textAt(context, 'GuidelineSpecifiedDocumentContextParameter', 'ID');
  const typeCode = textAt(exchanged, 'TypeCode');
  const currency = textAt(settlement, 'InvoiceCurrencyCode')?.toUpperCase();
  const taxCurrency = textAt(settlement, 'TaxCurrencyCode')?.toUpperCase();
  const headerTaxes = children(settlement, 'ApplicableTradeTax');
  const taxTotalNodes = children(sums, 'TaxTotalAmount');
  const terms = children(settlement, 'SpecifiedTradePaymentTerms');
  const period = child(settlement, 'BillingSpecifiedPeriod');
  const subtotals = headerTaxes.map((t, i) => {
    const path = `rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax[${i + 1}]`;
    return {
      taxableAmount: reader.amount(child(t, 'BasisAmount'), `${path}/ram:BasisAmount`) ?? '',
      taxAmount: reader.amount(child(t, 'CalculatedAmount'), `${path}/ram:CalculatedAmount`) ?? '',
      vat: reader.tax(t, path),
    };
  });
  const taxTotals = taxTotalNodes.map((node, i) => {
    const nodeCurrency = attr(node, 'currencyID')?.toUpperCase();
    const isDocumentCurrency = !nodeCurrency || nodeCurrency === currency;
    return {
      taxAmount: reader.amount(node, `${sumPath}/ram:TaxTotalAmount[${i + 1}]`) ?? '',
      currency: nodeCurrency ?? currency,
      subtotals: isDocumentCurrency ? subtotals : [],
    };
  });
  if (!taxTotals.some((t) => t.subtotals.length) && subtotals.length)
    taxTotals.unshift({ taxAmount: '', currency, subtotals });
  const seller = reader.party(child(agreement, 'SellerTradeParty'));
  const buyer = reader.party(child(agreement, 'BuyerTradeParty'));
  const document: InvoiceDocument = {
    syntax: 'cii',
    rootName: 'CrossIndustryInvoice',
    customizationId: guideline,
    profileId: textAt(context, 'BusinessProcessSpecifiedDocumentContextParameter', 'ID'),
    profile: ciiProfile(guideline),
    documentType: typeCode && CREDIT_TYPE_CODES.has(typeCode) ? 'credit-note' : 'invoice',
    typeCode,
    invoiceNumber: textAt(exchanged, 'ID'),
    issueDate: reader.date(child(exchanged, 'IssueDateTime'), 'rsm:ExchangedDocument/ram:IssueDateTime'),
    dueDate: terms
      .map((t, i) =>
        reader.date(
          child(t, 'DueDateDateTime'),
          `${settlementPath}/ram:SpecifiedTradePaymentTerms[${i + 1}]/ram:DueDateDateTime`,
        ),
      )
      .find(Boolean),
    taxPointDate: headerTaxes
      .map((t, i) =>
        reader.date(
          child(t, 'TaxPointDate'),
          `${settlementPath}/ram:ApplicableTradeTax[${i + 1}]/ram:TaxPointDate`,
        ),
      )
      .find(Boolean),
    invoicePeriod: period
      ? {
          start: reader.date(
            child(period, 'StartDateTime'),
            `${settlementPath}/ram:BillingSpecifiedPeriod/ram:StartDateTime`,
          ),
          end: reader.date(
            child(period, 'EndDateTime'),
            `${settlementPath}/ram:BillingSpecifiedPeriod/ram:EndDateTime`,
          ),
        }
      : undefined,
    currency,
    taxCurrency,
    buyerReference: textAt(agreement, 'BuyerReference'),
    orderReference: textAt(agreement, 'BuyerOrderReferencedDocument', 'IssuerAssignedID'),
    accountingCost: textAt(settlement, 'ReceivableSpecifiedTradeAccountingAccount', 'ID'),
    precedingInvoices: children(settlement, 'InvoiceReferencedDocument').flatMap((ref, i) => {
      const id = textAt(ref, 'IssuerAssignedID');
      const path = `${settlementPath}/ram:InvoiceReferencedDocument[${i + 1}]/ram:FormattedIssueDateTime`;
      return id ? [{ id, issueDate: reader.date(child(ref, 'FormattedIssueDateTime'), path) }] : [];
    }),
    seller,
    buyer,
    payee: child(settlement, 'PayeeTradeParty')
      ? reader.party(child(settlement, 'PayeeTradeParty'))
      : undefined,
    taxRepresentative: child(agreement, 'SellerTaxRepresentativeTradeParty')
      ? reader.party(child(agreement, 'SellerTaxRepresentativeTradeParty'))
      : undefined,
    deliveryAddress: reader.address(
      at(transaction, 'ApplicableHeaderTradeDelivery', 'ShipToTradeParty', 'PostalTradeAddress'),
    ),
    lines: children(transaction, 'IncludedSupplyChainTradeLineItem').map((l, i) => reader.line(l, i)),
    allowanceCharges: children(settlement, 'SpecifiedTradeAllowanceCharge').map((ac, i) =>
      reader.allowanceCharge(
        ac,
        `rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeAllowanceCharge[${i + 1}]`,
      ),
    ),
    taxTotals,
    totals: {
      lineExtension: sum('LineTotalAmount'),
      taxExclusive: sum('TaxBasisTotalAmount'),
      taxInclusive: sum('GrandTotalAmount'),
      allowanceTotal: sum('AllowanceTotalAmount'),
      chargeTotal: sum('ChargeTotalAmount'),
      prepaid: sum('TotalPrepaidAmount'),
      rounding: sum('RoundingAmount'),
      payable: sum('DuePayableAmount'),
    },
    paymentMeans: children(settlement, 'SpecifiedTradeSettlementPaymentMeans').map((pm) => ({
      code: textAt(pm, 'TypeCode'),
      name: textAt(pm, 'Information'),
      paymentId: textAt(settlement, 'PaymentReference'),
      iban: (
        textAt(pm, 'PayeePartyCreditorFinancialAccount', 'IBANID') ??
        textAt(pm, 'PayeePartyCreditorFinancialAccount', 'ProprietaryID')
      )
        ?.replace(/\s+/g, '')
        .toUpperCase(),
      accountName: textAt(pm, 'PayeePartyCreditorFinancialAccount', 'AccountName'),
      branchId: textAt(pm, 'PayeeSpecifiedCreditorFinancialInstitution', 'BICID'),
      mandateId: terms.map((t) => textAt(t, 'DirectDebitMandateID')).find(Boolean),
      payerIban: textAt(pm, 'PayerPartyDebtorFinancialAccount', 'IBANID')?.replace(/\s+/g, '').toUpperCase(),
    })),
    paymentTerms: terms.map((t, i) => ({
      note: textAt(t, 'Description'),
      amount: reader.amount(
        child(t, 'PartialPaymentAmount'),
        `rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradePaymentTerms[${i + 1}]/ram:PartialPaymentAmount`,
      ),
    })),
    attachments: [],
    thirdPartyPayments: [],
    paymentReference: textAt(settlement, 'PaymentReference'),
    notes: children(exchanged, 'IncludedNote')
      .map((n) => textAt(n, 'Content'))
      .filter((n): n is string => n !== undefined),
  };
  return { document, findings: reader.findings };
}
