import type { CashFields } from '../rest/wire.ts';
import { SimulatorSnapshotError } from './errors.ts';
import { flattenImport, processImport } from './import-processor.ts';
import type {
  AdministrationState,
  Article,
  CostCentre,
  Journal,
  LedgerAccount,
  Relation,
  VatCode,
} from './types.ts';

/**
 * The seeded demo administration `DEMO`: a small Dutch installation company ("Van Dijk Installatietechniek B.V.")
 * with a CASH-style chart of accounts, kas/bank/inkoop/verkoop/memoriaal journals, BTW-codes, cost centres,
 * customers and suppliers, articles and a first quarter of bookings that leaves real open items.
 * All names, numbers and IBANs are fictional (IBANs and EANs carry valid check digits).
 */
export const DEMO_ADMINISTRATION_CODE = 'DEMO';

const LEDGER_ACCOUNTS: LedgerAccount[] = [
  { account: '0100', description: 'Inventaris', kind: 'B' },
  { account: '0110', description: 'Afschrijving inventaris', kind: 'B' },
  { account: '0200', description: 'Bedrijfsauto', kind: 'B' },
  { account: '0500', description: 'Eigen vermogen', kind: 'B' },
  { account: '1000', description: 'Kas', kind: 'B' },
  { account: '1100', description: 'ABN AMRO', kind: 'B' },
  { account: '1110', description: 'ING Bank', kind: 'B' },
  { account: '1120', description: 'Rabobank', kind: 'B' },
  { account: '1300', description: 'Debiteuren', kind: 'B', control: 'debtors' },
  { account: '1500', description: 'BTW te vorderen', kind: 'B' },
  { account: '1510', description: 'BTW af te dragen hoog', kind: 'B' },
  { account: '1520', description: 'BTW af te dragen laag', kind: 'B' },
  { account: '1530', description: 'BTW verlegd', kind: 'B' },
  { account: '1560', description: 'BTW rekening-courant', kind: 'B' },
  { account: '1600', description: 'Crediteuren', kind: 'B', control: 'creditors' },
  { account: '1900', description: 'Vraagposten / tussenrekening', kind: 'B' },
  { account: '2000', description: 'Kruisposten', kind: 'B' },
  { account: '3000', description: 'Voorraad materialen', kind: 'B' },
  { account: '4000', description: 'Lonen en salarissen', kind: 'W' },
  { account: '4100', description: 'Huur bedrijfsruimte', kind: 'W', vatCode: '2' },
  { account: '4110', description: 'Energiekosten', kind: 'W', vatCode: '2' },
  { account: '4200', description: 'Kantoorkosten', kind: 'W', vatCode: '2' },
  { account: '4210', description: 'Telefoon en internet', kind: 'W', vatCode: '2' },
  { account: '4220', description: 'Software en abonnementen', kind: 'W', vatCode: '2' },
  { account: '4300', description: 'Autokosten', kind: 'W', vatCode: '2' },
  { account: '4310', description: 'Brandstof', kind: 'W', vatCode: '2' },
  { account: '4400', description: 'Reclame en advertenties', kind: 'W', vatCode: '2' },
  { account: '4500', description: 'Verzekeringen', kind: 'W', vatCode: '6' },
  { account: '4600', description: 'Administratie en advies', kind: 'W', vatCode: '2' },
  { account: '4800', description: 'Afschrijvingen', kind: 'W' },
  { account: '4900', description: 'Bankkosten', kind: 'W', vatCode: '0' },
  { account: '7000', description: 'Inkoopwaarde omzet', kind: 'W', vatCode: '2' },
  { account: '8000', description: 'Omzet hoog', kind: 'W', vatCode: '2' },
  { account: '8010', description: 'Omzet laag', kind: 'W', vatCode: '1' },
  { account: '8020', description: 'Omzet vrijgesteld / 0%', kind: 'W', vatCode: '6' },
  { account: '8030', description: 'Omzet EU (ICP)', kind: 'W', vatCode: '4' },
  { account: '8040', description: 'Omzet export buiten EU', kind: 'W', vatCode: '5' },
  { account: '8900', description: 'Betalingsverschillen', kind: 'W' },
  { account: '9999', description: 'Afrondingsverschillen', kind: 'W' },
];

const JOURNALS: Journal[] = [
  { code: 'KAS', description: 'Kas', kind: 'K', ledgerAccount: '1000' },
  { code: 'ABN', description: 'ABN AMRO zakelijk', kind: 'B', ledgerAccount: '1100' },
  { code: 'ING', description: 'ING zakelijk', kind: 'B', ledgerAccount: '1110' },
  { code: 'RABO', description: 'Rabobank zakelijk', kind: 'B', ledgerAccount: '1120' },
  { code: 'INK', description: 'Inkoopboek', kind: 'I', ledgerAccount: '1600' },
  { code: 'VRK', description: 'Verkoopboek', kind: 'V', ledgerAccount: '1300' },
  { code: 'MEM', description: 'Memoriaal', kind: 'M' },
];

const VAT_CODES: VatCode[] = [
  { code: '0', description: 'Geen BTW', ratePercent: '0' },
  { code: '1', description: 'BTW laag 9%', ratePercent: '9', purchaseLedger: '1500', salesLedger: '1520' },
  { code: '2', description: 'BTW hoog 21%', ratePercent: '21', purchaseLedger: '1500', salesLedger: '1510' },
  { code: '3', description: 'BTW verlegd', ratePercent: '0', purchaseLedger: '1530', salesLedger: '1530' },
  {
    code: '4',
    description: 'Levering EU (ICP)',
    ratePercent: '0',
    purchaseLedger: '1500',
    salesLedger: '1510',
  },
  {
    code: '5',
    description: 'Export buiten EU',
    ratePercent: '0',
    purchaseLedger: '1500',
    salesLedger: '1510',
  },
  { code: '6', description: 'Vrijgesteld van BTW', ratePercent: '0' },
];

const COST_CENTRES: CostCentre[] = [
  { code: 'ALG', description: 'Algemeen' },
  { code: 'INS', description: 'Installatie' },
  { code: 'SRV', description: 'Service en onderhoud' },
  { code: 'WNK', description: 'Winkel' },
  { code: 'MKT', description: 'Marketing' },
];

function relation(number: string, fields: Record<string, string>): Relation {
  return { number, fields };
}

const RELATIONS: Relation[] = [
  relation('100001', {
    '0102': 'VANDAM',
    '0103': 'Bakkerij Van Dam',
    '0104': 'J. van Dam',
    '0105': 'Haarlemmerdijk 112',
    '0107': '1013 JG Amsterdam',
    '0108': '020-6241187',
    '0110': nlIban('ABNA', '0417164300'),
    '0111': '14',
    '0116': 'NL812345678B01',
    '0120': 'administratie@bakkerijvandam.nl',
    '0130': 'NL',
    '0174': '8000',
    '1479': '34123456',
  }),
  relation('100002', {
    '0102': 'ZEESTROOM',
    '0103': 'Hotel De Zeeuwse Stromen B.V.',
    '0104': 'Crediteurenadministratie',
    '0105': 'Duinwekken 5',
    '0107': '4325 GL Renesse',
    '0108': '0111-462040',
    '0110': nlIban('RABO', '0123456789'),
    '0111': '30',
    '0116': 'NL854321987B01',
    '0120': 'facturen@zeeuwsestromen.nl',
    '0130': 'NL',
    '0174': '8000',
    '1479': '22045678',
  }),
  relation('100003', {
    '0102': 'JANSENVAST',
    '0103': 'Jansen Vastgoedbeheer B.V.',
    '0105': 'Maliebaan 45',
    '0107': '3581 CD Utrecht',
    '0110': nlIban('INGB', '0007654321'),
    '0111': '30',
    '0116': 'NL823456789B01',
    '0120': 'crediteuren@jansenvastgoed.nl',
    '0130': 'NL',
    '1479': '30187654',
  }),
  relation('100004', {
    '0102': 'KERKSTRAAT',
    '0103': 'Huisartsenpraktijk Kerkstraat',
    '0105': 'Kerkstraat 18',
    '0107': '2011 HM Haarlem',
    '0110': nlIban('INGB', '0002345678'),
    '0111': '14',
    '0120': 'praktijk@hapkerkstraat.nl',
    '0130': 'NL',
    '1479': '34987654',
  }),
  relation('100005', {
    '0102': 'MULLER',
    '0103': 'Müller Haustechnik GmbH',
    '0105': 'Bahnhofstraße 7',
    '0107': '47533 Kleve',
    '0110': 'DE89370400440532013000',
    '0111': '30',
    '0116': 'DE123456789',
    '0120': 'buchhaltung@mueller-haustechnik.de',
    '0130': 'DE',
    '0174': '8030',
    '0350': 'COBADEFFXXX',
  }),
  relation('100006', {
    '0102': 'DEBOER',
    '0103': 'P. de Boer',
    '0105': 'Assendorperstraat 61',
    '0107': '8012 DG Zwolle',
    '0110': nlIban('SNSB', '0912345678'),
    '0111': '14',
    '0120': 'pdeboer@example.nl',
    '0130': 'NL',
  }),
  relation('200001', {
    '0102': 'TECHNIGRO',
    '0103': 'Technigro Groothandel B.V.',
    '0105': 'Industrieweg 40',
    '0107': '3542 AD Utrecht',
    '0110': nlIban('ABNA', '0532109876'),
    '0111': '30',
    '0116': 'NL801234567B01',
    '0120': 'debiteuren@technigro.nl',
    '0130': 'NL',
    '0174': '7000',
    '1479': '30012345',
  }),
  relation('200002', {
    '0102': 'ENERGNOORD',
    '0103': 'Energiebedrijf Noord B.V.',
    '0105': 'Postbus 1200',
    '0107': '9700 AA Groningen',
    '0110': nlIban('INGB', '0000123456'),
    '0111': '14',
    '0116': 'NL809876543B01',
    '0120': 'zakelijk@energienoord.nl',
    '0130': 'NL',
    '0174': '4110',
    '1479': '02012345',
  }),
  relation('200003', {
    '0102': 'MAASVASTG',
    '0103': 'Vastgoed Maas B.V.',
    '0105': 'Coolsingel 88',
    '0107': '3011 AG Rotterdam',
    '0110': nlIban('RABO', '0310987654'),
    '0111': '1',
    '0116': 'NL805555666B01',
    '0120': 'huur@vastgoedmaas.nl',
    '0130': 'NL',
    '0174': '4100',
    '1479': '24056789',
  }),
  relation('200004', {
    '0102': 'TELNET',
    '0103': 'Telnet Zakelijk B.V.',
    '0105': 'Wilhelminakade 123',
    '0107': '3072 AP Rotterdam',
    '0110': nlIban('ABNA', '0241234567'),
    '0111': '14',
    '0116': 'NL807777888B01',
    '0120': 'facturen@telnetzakelijk.nl',
    '0130': 'NL',
    '0174': '4210',
    '1479': '27012345',
  }),
  relation('200005', {
    '0102': 'AUTOLEASE',
    '0103': 'Autolease Holland B.V.',
    '0105': 'Stationsplein 2',
    '0107': '3818 LE Amersfoort',
    '0110': nlIban('INGB', '0006543210'),
    '0111': '30',
    '0116': 'NL806666777B01',
    '0120': 'facturatie@autoleaseholland.nl',
    '0130': 'NL',
    '0174': '4300',
    '1479': '32098765',
  }),
];

function article(code: string, fields: Record<string, string>): Article {
  return { code, fields, updatedAt: Date.UTC(2026, 0, 2) };
}

const ARTICLES: Article[] = [
  article('CV-HR28', {
    '2261': 'CVKETEL',
    '2001': 'HR combiketel 28 kW CW4',
    '2208': 'VERWARMING',
    '2230': '200001',
    '2267': '1895,00',
    '2268': '1240,00',
    '2293': '4,00',
    '2422': '2',
    '2281': ean13('871234500001'),
    '2283': 'stuk',
  }),
  article('THERM-SLIM', {
    '2261': 'THERMOSTAA',
    '2001': 'Slimme thermostaat met app',
    '2208': 'VERWARMING',
    '2230': '200001',
    '2267': '229,00',
    '2268': '142,50',
    '2293': '12,00',
    '2422': '2',
    '2281': ean13('871234500002'),
    '2283': 'stuk',
  }),
  article('RAD-22-6010', {
    '2261': 'RADIATOR',
    '2001': 'Paneelradiator type 22, 600 x 1000 mm',
    '2208': 'VERWARMING',
    '2230': '200001',
    '2267': '289,00',
    '2268': '168,00',
    '2293': '7,00',
    '2422': '2',
    '2281': ean13('871234500003'),
    '2283': 'stuk',
  }),
  article('WP-LW-5', {
    '2261': 'WARMTEPOMP',
    '2001': 'Lucht/water warmtepomp 5 kW',
    '2208': 'DUURZAAM',
    '2230': '200001',
    '2267': '4950,00',
    '2268': '3380,00',
    '2293': '2,00',
    '2422': '2',
    '2281': ean13('871234500004'),
    '2283': 'stuk',
  }),
  article('BOILER-80', {
    '2261': 'BOILER',
    '2001': 'Elektrische boiler 80 liter',
    '2208': 'SANITAIR',
    '2230': '200001',
    '2267': '469,00',
    '2268': '298,00',
    '2293': '3,00',
    '2422': '2',
    '2281': ean13('871234500005'),
    '2283': 'stuk',
  }),
  article('PEX-16-100', {
    '2261': 'PEXBUIS',
    '2001': 'PEX-buis 16 mm, rol 100 m',
    '2208': 'MATERIAAL',
    '2230': '200001',
    '2267': '129,95',
    '2268': '74,10',
    '2293': '20,00',
    '2422': '2',
    '2281': ean13('871234500006'),
    '2283': 'rol',
  }),
  article('KRAAN-KEUK', {
    '2261': 'KEUKENKRAA',
    '2001': 'Keukenmengkraan RVS',
    '2208': 'SANITAIR',
    '2230': '200001',
    '2267': '179,00',
    '2268': '96,00',
    '2293': '6,00',
    '2422': '2',
    '2281': ean13('871234500007'),
    '2283': 'stuk',
  }),
  article('UUR-MONTEUR', {
    '2261': 'MONTEUR',
    '2001': 'Arbeid monteur per uur',
    '2208': 'ARBEID',
    '2267': '68,50',
    '2422': '2',
    '2283': 'uur',
  }),
  article('VOORRIJ', {
    '2261': 'VOORRIJ',
    '2001': 'Voorrijkosten',
    '2208': 'ARBEID',
    '2267': '45,00',
    '2422': '2',
    '2283': 'keer',
  }),
  article('ONDERH-CV', {
    '2261': 'ONDERHOUD',
    '2001': 'Onderhoudsbeurt CV-ketel (woning)',
    '2208': 'ONDERHOUD',
    '2267': '119,00',
    '2422': '2',
    '2283': 'keer',
  }),
];

/** One 0301 record element as the REST import expects it (each line its own element). */
function line(fields: CashFields): Record<string, CashFields[]> {
  return { R0301: [fields] };
}

/**
 * The first quarter of 2026 in CASH-import form (decimal comma, `JJMMDD`). Leaves open: sales invoices 260121,
 * 260122 (partly paid) and 260123, purchase invoices 458812 and 731045; 260120 and 202602 are paid.
 * VRK ends at boekstuk 123, so 8504 for `26|VRK` answers 000124.
 */
export const DEMO_OPENING_BOOKINGS: Array<Record<string, CashFields[]>> = [
  // Kas: kantoorartikelen contant, 24,20 incl. 21% BTW.
  line({
    F0901: 'KAS',
    F0302: '260110',
    F0303: '1',
    F0201: '4200',
    F0307: '20,00',
    F0306: 'Kantoorartikelen',
    F0242: '2',
  }),
  line({
    F0901: 'KAS',
    F0302: '260110',
    F0303: '1',
    F0201: '1500',
    F0307: '4,20',
    F0306: 'BTW kantoorartikelen',
  }),
  line({
    F0901: 'KAS',
    F0302: '260110',
    F0303: '1',
    F0201: '1000',
    F0307: '-24,20',
    F0306: 'Kantoorartikelen',
  }),
  // Verkoop 120: Bakkerij Van Dam, onderhoud en reparatie.
  ...salesInvoice(
    '120',
    '260115',
    '100001',
    '260120',
    '1000,00',
    '210,00',
    '1210,00',
    'SRV',
    'Onderhoud ovens en CV',
  ),
  // Inkoop 1: Technigro, materiaal.
  ...purchaseInvoice(
    '1',
    '260120',
    '200001',
    '458812',
    '7000',
    '1800,00',
    '378,00',
    '2178,00',
    'Materiaal januari',
  ),
  // Inkoop 2: huur februari (Vastgoed Maas).
  ...purchaseInvoice(
    '2',
    '260201',
    '200003',
    '202602',
    '4100',
    '1500,00',
    '315,00',
    '1815,00',
    'Huur februari 2026',
  ),
  // Verkoop 121: hotel, installatie warmtepomp (open).
  ...salesInvoice(
    '121',
    '260203',
    '100002',
    '260121',
    '2450,00',
    '514,50',
    '2964,50',
    'INS',
    'Installatie warmtepomp',
  ),
  // ABN afschrift 1: betaling 260120 en bankkosten.
  line({
    F0901: 'ABN',
    F0302: '260205',
    F0303: '1',
    F0201: '1100',
    F0307: '1210,00',
    F0306: 'Bakkerij Van Dam 260120',
  }),
  line({
    F0901: 'ABN',
    F0302: '260205',
    F0303: '1',
    F0201: '1300',
    F0307: '-1210,00',
    F0101: '100001',
    F0309: '260120',
    F0306: 'Betaling factuur 260120',
  }),
  line({
    F0901: 'ABN',
    F0302: '260205',
    F0303: '1',
    F0201: '4900',
    F0307: '12,50',
    F0306: 'Kosten zakelijke rekening',
  }),
  line({
    F0901: 'ABN',
    F0302: '260205',
    F0303: '1',
    F0201: '1100',
    F0307: '-12,50',
    F0306: 'Kosten zakelijke rekening',
  }),
  // Inkoop 3: energie (open).
  ...purchaseInvoice(
    '3',
    '260210',
    '200002',
    '731045',
    '4110',
    '250,00',
    '52,50',
    '302,50',
    'Energie februari',
  ),
  // Verkoop 122: Jansen Vastgoed (deels betaald).
  ...salesInvoice(
    '122',
    '260220',
    '100003',
    '260122',
    '850,00',
    '178,50',
    '1028,50',
    'INS',
    'Vervangen boiler',
  ),
  // ING afschrift 1: huur betaald, deelbetaling Jansen.
  line({
    F0901: 'ING',
    F0302: '260227',
    F0303: '1',
    F0201: '1600',
    F0307: '1815,00',
    F0101: '200003',
    F0309: '202602',
    F0306: 'Huur februari 2026',
  }),
  line({
    F0901: 'ING',
    F0302: '260227',
    F0303: '1',
    F0201: '1110',
    F0307: '-1815,00',
    F0306: 'Vastgoed Maas huur',
  }),
  line({
    F0901: 'ING',
    F0302: '260228',
    F0303: '1',
    F0201: '1110',
    F0307: '500,00',
    F0306: 'Jansen deelbet. 260122',
  }),
  line({
    F0901: 'ING',
    F0302: '260228',
    F0303: '1',
    F0201: '1300',
    F0307: '-500,00',
    F0101: '100003',
    F0309: '260122',
    F0306: 'Deelbetaling 260122',
  }),
  // Verkoop 123: Müller (ICP, verlegd naar afnemer), open.
  line({
    F0901: 'VRK',
    F0302: '260302',
    F0303: '123',
    F0201: '1300',
    F0307: '3200,00',
    F0101: '100005',
    F0309: '260123',
    F0306: 'Levering warmtepompen',
    F0111: '30',
  }),
  line({
    F0901: 'VRK',
    F0302: '260302',
    F0303: '123',
    F0201: '8030',
    F0307: '-3200,00',
    F0306: 'Levering warmtepompen',
    F0242: '4',
    F0911: 'INS',
  }),
];

function salesInvoice(
  entry: string,
  date: string,
  customer: string,
  invoice: string,
  net: string,
  vat: string,
  gross: string,
  costCentre: string,
  text: string,
): Array<Record<string, CashFields[]>> {
  const shared = { F0901: 'VRK', F0302: date, F0303: entry };
  return [
    line({ ...shared, F0201: '1300', F0307: gross, F0101: customer, F0309: invoice, F0306: text }),
    line({ ...shared, F0201: '8000', F0307: `-${net}`, F0306: text, F0242: '2', F0911: costCentre }),
    line({ ...shared, F0201: '1510', F0307: `-${vat}`, F0306: `BTW ${invoice}` }),
  ];
}

function purchaseInvoice(
  entry: string,
  date: string,
  supplier: string,
  invoice: string,
  ledger: string,
  net: string,
  vat: string,
  gross: string,
  text: string,
): Array<Record<string, CashFields[]>> {
  const shared = { F0901: 'INK', F0302: date, F0303: entry };
  return [
    line({ ...shared, F0201: '1600', F0307: `-${gross}`, F0101: supplier, F0309: invoice, F0306: text }),
    line({ ...shared, F0201: ledger, F0307: net, F0306: text, F0242: '2', F0911: 'ALG' }),
    line({ ...shared, F0201: '1500', F0307: vat, F0306: `BTW ${invoice}` }),
  ];
}

/** Master data of the demo administration, without bookings. */
export function demoMasterData(code = DEMO_ADMINISTRATION_CODE): AdministrationState {
  return structuredClone({
    code,
    name: 'Van Dijk Installatietechniek B.V.',
    readOnly: false,
    ledgerAccounts: LEDGER_ACCOUNTS,
    journals: JOURNALS,
    vatCodes: VAT_CODES,
    costCentres: COST_CENTRES,
    relations: RELATIONS,
    articles: ARTICLES,
    boekstukken: [],
    openItems: [],
    salesOrders: [],
  });
}

/** The demo administration with its opening bookings booked (through the same import rules as any import). */
export function createDemoAdministration(code = DEMO_ADMINISTRATION_CODE): AdministrationState {
  const { records, errors } = flattenImport(DEMO_OPENING_BOOKINGS);
  const outcome = processImport(demoMasterData(code), records, {
    notation: 'decimal-comma',
    vatFromCode: false,
    now: Date.UTC(2026, 2, 31),
    transaction: 'seed',
  });
  if (errors.length > 0 || !outcome.ok) {
    // The seed is fixed data; failing here means the import rules and the seed disagree.
    throw new SimulatorSnapshotError(
      `Demo seed does not import: ${JSON.stringify(outcome.ok ? errors : outcome.errors)}`,
    );
  }
  return outcome.state;
}

/** Dutch IBAN with computed check digits (ISO 13616 mod 97). */
export function nlIban(bank: string, account: string): string {
  const bban = `${bank}${account}`;
  const digits = `${bban}NL00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  const check = 98n - (BigInt(digits) % 97n);
  return `NL${check.toString().padStart(2, '0')}${bban}`;
}

/** EAN-13 from 12 digits plus the computed check digit. */
export function ean13(twelveDigits: string): string {
  const sum = [...twelveDigits].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return `${twelveDigits}${(10 - (sum % 10)) % 10}`;
}
