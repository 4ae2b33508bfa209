import { field, type RecordSpec, recordSpec } from './field-spec.ts';

/**
 * The records cashlink reads and writes, with the lengths the public CASH wrappers use. Where sources
 * differ (cost centre S2 vs S3, description L25) the stricter confirmed value is taken; the catalog is
 * data, so a correction from CASH support is a one-line change here.
 */
export const JOURNAL_LINE = recordSpec('0301', 'journal line (grootboekmutatie)', [
  field('0101', 'relationNumber', 'relatienummer', 'N', 6),
  field('0201', 'ledgerAccount', 'grootboekrekening', 'S', 6, { required: true }),
  field('0301', 'period', 'periode', 'Y4', 4),
  field('0302', 'date', 'boekdatum', 'D', 6, { required: true }),
  field('0303', 'entryNumber', 'boekstuknummer', 'N', 6, { required: true }),
  field('0305', 'quantity', 'aantal', 'I', 10, { decimals: 2 }),
  field('0306', 'description', 'omschrijving', 'L', 25),
  field('0307', 'amount', 'bedrag', 'I', 12, { decimals: 2, required: true }),
  field('0309', 'invoiceNumber', 'factuurnummer', 'N', 6),
  field('0310', 'yearPeriod', 'boekjaar/periode', 'Y4', 4),
  field('0111', 'paymentDays', 'betalingstermijn', 'N', 3),
  field('0477', 'paymentReference', 'betalingskenmerk', 'L', 40),
  field('0711', 'reference', 'kenmerk', 'L', 13),
  field('0901', 'journal', 'dagboek', 'S', 6, { required: true }),
  field('0911', 'costCentre', 'kostenplaats', 'S', 3),
  field('0242', 'vatCode', 'BTW-code', 'S', 3),
  field('1540', 'attachment', 'bijlage (bestandsnaam)', 'L', 80),
]);

export const RELATION = recordSpec('0101', 'relation (relatie)', [
  field('0101', 'relationNumber', 'relatienummer', 'N', 6, { required: true }),
  field('0102', 'searchName', 'zoeknaam', 'S', 10),
  field('0103', 'name', 'naam', 'L', 35, { required: true }),
  field('0104', 'contactPerson', 't.a.v.', 'L', 35),
  field('0105', 'address', 'adres', 'L', 35),
  field('0107', 'postalCodeCity', 'postcode en plaats', 'L', 35),
  field('0108', 'phone', 'telefoon', 'L', 20),
  field('0110', 'iban', 'bankrekening (IBAN)', 'S', 34),
  field('0111', 'paymentDays', 'betalingstermijn', 'N', 3),
  field('0116', 'vatId', 'BTW-nummer', 'S', 20),
  field('0120', 'email', 'e-mail', 'L', 80),
  field('0130', 'countryCode', 'landcode', 'S', 2),
  field('0174', 'defaultLedgerAccount', 'standaard grootboekrekening', 'S', 6),
  field('0350', 'bic', 'BIC', 'S', 11),
  field('1479', 'kvk', 'KvK-nummer', 'N', 8),
  field('0112', 'properties', 'eigenschappen', 'S', 10),
]);

export const LEDGER_ACCOUNT = recordSpec('0201', 'ledger account (grootboekrekening)', [
  field('0201', 'ledgerAccount', 'grootboekrekening', 'S', 6, { required: true }),
  field('0202', 'searchName', 'zoeknaam', 'S', 10),
  field('0203', 'description', 'omschrijving', 'L', 30, { required: true }),
  field('0204', 'kind', 'soort', 'S', 1),
  field('0242', 'vatCode', 'BTW-code', 'S', 3),
]);

export const JOURNAL = recordSpec('0901', 'journal (dagboek)', [
  field('0901', 'journal', 'dagboek', 'S', 6, { required: true }),
  field('0902', 'description', 'omschrijving', 'L', 30, { required: true }),
  field('0201', 'ledgerAccount', 'tegenrekening', 'S', 6),
  field('0904', 'kind', 'soort dagboek', 'S', 1),
]);

export const COST_CENTRE = recordSpec('0911', 'cost centre (kostenplaats)', [
  field('0911', 'costCentre', 'kostenplaats', 'S', 3, { required: true }),
  field('0912', 'description', 'omschrijving', 'L', 30, { required: true }),
  field('0208', 'blocked', 'geblokkeerd', 'S', 1),
]);

export const OPEN_ITEM = recordSpec('0311', 'open item (openstaande post)', [
  field('0301', 'period', 'periode', 'Y4', 4),
  field('0302', 'date', 'boekdatum', 'D', 6),
  field('0901', 'journal', 'dagboek', 'S', 6),
  field('0303', 'entryNumber', 'boekstuknummer', 'N', 6),
  field('0201', 'ledgerAccount', 'grootboekrekening', 'S', 6),
  field('0101', 'relationNumber', 'relatienummer', 'N', 6),
  field('0103', 'name', 'naam', 'L', 35),
  field('0309', 'invoiceNumber', 'factuurnummer', 'N', 6),
  field('0314', 'invoiceDate', 'factuurdatum', 'D', 6),
  field('0307', 'amount', 'bedrag', 'I', 12, { decimals: 2 }),
  field('0320', 'outstanding', 'openstaand bedrag', 'I', 12, { decimals: 2 }),
  field('0111', 'dueDate', 'vervaldatum', 'D', 6),
  field('0477', 'paymentReference', 'betalingskenmerk', 'L', 40),
]);

export const ARTICLE = recordSpec('2260', 'article (artikel)', [
  field('2260', 'code', 'artikelcode', 'S', 20, { required: true }),
  field('2261', 'searchName', 'zoeknaam', 'S', 10),
  field('2001', 'description', 'omschrijving', 'L', 60, { required: true }),
  field('2208', 'group', 'artikelgroep', 'S', 10),
  field('2230', 'supplierNumber', 'leveranciersnummer', 'N', 6),
  field('2267', 'salesPrice', 'verkoopprijs', 'I', 10, { decimals: 2 }),
  field('2268', 'purchasePrice', 'inkoopprijs', 'I', 10, { decimals: 2 }),
  field('2293', 'freeStock', 'vrije voorraad', 'I', 10, { decimals: 2 }),
  field('2422', 'vatCode', 'BTW-code', 'S', 3),
  field('2281', 'gtin', 'EAN/GTIN', 'N', 14),
  field('2283', 'unit', 'eenheid', 'L', 10),
]);

export const SALES_ORDER = recordSpec('2400', 'sales order (verkooporder)', [
  field('2400', 'orderNumber', 'ordernummer', 'N', 6, { required: true }),
  field('2401', 'orderDate', 'orderdatum', 'D', 6, { required: true }),
  field('2402', 'deliveryDate', 'leverdatum', 'D', 6),
  field('2406', 'reference', 'referentie', 'L', 30),
  field('2220', 'customer', 'klant', 'N', 6, { required: true }),
  field('2422', 'vatCode', 'BTW-code', 'S', 3),
  field('2332', 'paymentMethod', 'betaalwijze', 'S', 10),
  field('2333', 'amountPaid', 'betaald bedrag', 'I', 12, { decimals: 2 }),
  field('2983', 'currency', 'valutacode', 'S', 3),
]);

export const SALES_ORDER_LINE = recordSpec('2410', 'sales order line (orderregel)', [
  field('2400', 'orderNumber', 'ordernummer', 'N', 6, { required: true }),
  field('2426', 'lineNumber', 'regelnummer', 'N', 4, { required: true }),
  field('2260', 'articleCode', 'artikelcode', 'S', 20, { required: true }),
  field('2001', 'description', 'omschrijving', 'L', 60),
  field('2410', 'quantity', 'aantal besteld', 'I', 10, { decimals: 2, required: true }),
  field('2267', 'price', 'verkoopprijs', 'I', 10, { decimals: 2 }),
  field('2002', 'discountPercent', 'kortingspercentage', 'I', 3, { decimals: 2 }),
  field('2209', 'warehouse', 'magazijn', 'S', 6),
  field('2402', 'deliveryDate', 'leverdatum', 'D', 6),
]);

export const RECORDS: Record<string, RecordSpec> = Object.fromEntries(
  [
    JOURNAL_LINE,
    RELATION,
    LEDGER_ACCOUNT,
    JOURNAL,
    COST_CENTRE,
    OPEN_ITEM,
    ARTICLE,
    SALES_ORDER,
    SALES_ORDER_LINE,
  ].map((r) => [r.record, r]),
);
