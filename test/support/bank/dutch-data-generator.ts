/**
 * Seeded generator of realistic Dutch bookkeeping data for matching tests and benchmarks: relations with
 * legal-form and typo variants of their names, valid IBANs at real Dutch banks, invoices in several house
 * styles with betalingskenmerken, and bank entries with ground truth — exact payments, payments citing only
 * the reference, combined, partial and slightly-off payments, payments with a discount taken off (within
 * and beyond a usual 2 % tolerance), payments citing another open invoice of the payer, PSP payouts mixing
 * many customers, third parties paying for others, reused references, bank costs, interest, tax payments and
 * unrelated noise. A few relations carry names that are property names of JavaScript objects
 * (`Constructor B.V.`, `__proto__`, `toString`), which must match like any other.
 */
import { makeDutchIban } from '../../../lib/bank/matching/iban.ts';
import { makeBetalingskenmerk, mod97 } from '../../../lib/bank/matching/references.ts';
import type { MatchCorrection, OpenItem } from '../../../lib/bank/matching/types.ts';
import type { BankEntry } from '../../../lib/bank/statement.ts';
import { SeededRandom } from './prng.ts';

export type EntryKind =
  | 'invoice-number'
  | 'payment-reference'
  | 'amount-only'
  | 'reused-reference'
  | 'combined'
  | 'credit-note'
  | 'partial'
  | 'split'
  | 'payment-difference'
  | 'discount'
  | 'other-invoice'
  | 'supplier-payment'
  | 'third-party'
  | 'factoring'
  | 'psp-payout'
  | 'bank-costs'
  | 'interest'
  | 'tax'
  | 'noise';

export interface EntryTruth {
  kind: EntryKind;
  relationNumber?: string;
  invoiceNumbers: string[];
  ledgerAccount?: string;
}

export interface GeneratedMonth {
  openItems: OpenItem[];
  entries: BankEntry[];
  truth: Map<string, EntryTruth>;
  /** What a person confirmed for each line that has a right answer (to warm a memory). */
  corrections: MatchCorrection[];
}

export interface WorldOptions {
  seed: number;
  customers?: number;
  suppliers?: number;
  /** The first month, `YYYY-MM`. */
  startMonth?: string;
}

export interface MonthOptions {
  /** 0 for the first month, 1 for the next … */
  monthIndex: number;
  /** Top up with noise/PSP/cost lines until there are this many entries. */
  targetEntries?: number;
  /** Invoices per customer per month (average). */
  invoicesPerCustomer?: number;
}

export const LEDGER = {
  pspClearing: '1250',
  bankCosts: '4900',
  interest: '8300',
  vatPayable: '1510',
  payrollTax: '1520',
} as const;

const BANK_CODES = ['ABNA', 'INGB', 'RABO', 'KNAB', 'BUNQ', 'TRIO', 'SNSB', 'ASNB', 'INGB', 'RABO', 'ABNA'];
const SURNAMES = [
  'de Vries',
  'Jansen',
  'van den Berg',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'van Leeuwen',
  'Dekker',
  'Brouwer',
  'de Wit',
  'Dijkstra',
  'Smits',
  'de Graaf',
  'van der Meer',
  'van der Linden',
  'Kok',
  'Jacobs',
  'de Haan',
  'Vermeulen',
  'van den Heuvel',
  'van der Veen',
  'van den Broek',
  'de Bruijn',
  'de Jong',
  'Schouten',
  'van Dijk',
  'Willems',
  'Hoekstra',
  'Maas',
  'Verhoeven',
  'Koster',
  'Prins',
  'Blom',
  'Huisman',
  'Peeters',
  'Kuipers',
  'van Vliet',
  'Post',
  'Veenstra',
  'Kramer',
  'van den Brink',
  'Scholten',
  'van Wijk',
  'Postma',
  'Martens',
  'Vink',
  'de Ruiter',
  'Timmermans',
  'Groen',
  'Gerritsen',
  'Jonker',
  'van Loon',
  'van der Velde',
  'Willemsen',
  'Smeets',
  'de Lange',
  'Bosch',
  'van Dam',
  'Schipper',
  'Mertens',
  'Hermans',
  'Wouters',
  'van Beek',
  'Verbeek',
  'van der Heijden',
  'Evers',
  'Molenaar',
  'Fransen',
  'Hoek',
  'Sanders',
  'Çelik',
  'Yılmaz',
  'El Amrani',
  'Nguyen',
  'Brandsma',
  'Zijlstra',
  'Wijnands',
  'Claassen',
  'Lammers',
  'Ooms',
  'Ruijters',
  'Steenbergen',
  'Terpstra',
  'Uitdehaag',
];
const TRADES = [
  'Bakkerij',
  'Installatiebedrijf',
  'Transport',
  'Bouwbedrijf',
  'Schildersbedrijf',
  'Autobedrijf',
  'Kapsalon',
  'Drukkerij',
  'Hoveniersbedrijf',
  'Loodgietersbedrijf',
  'Administratiekantoor',
  'Adviesbureau',
  'Garage',
  'Restaurant',
  'Dakdekkersbedrijf',
  'Timmerbedrijf',
  'Elektrotechniek',
  'Metaalbewerking',
  'Groothandel',
  'Fysiotherapie',
  'Tandartspraktijk',
  'Architectenbureau',
  'Schoonmaakbedrijf',
  'Kinderopvang',
  'Bloemisterij',
];
const PLACES = [
  'Utrecht',
  'Amersfoort',
  'Zwolle',
  'Deventer',
  'Haarlem',
  'Leiden',
  'Delft',
  'Gouda',
  'Breda',
  'Tilburg',
  'Eindhoven',
  'Nijmegen',
  'Arnhem',
  'Groningen',
  'Leeuwarden',
  'Assen',
  'Almere',
  'Venlo',
  'Maastricht',
  'Hoorn',
  'Alkmaar',
  'Enschede',
  'Hengelo',
  'Drachten',
  'Emmen',
];
const BRAND_PARTS = [
  'Nova',
  'Tec',
  'Flex',
  'Lumi',
  'Vita',
  'Groen',
  'Blauw',
  'Noord',
  'Zuid',
  'Prima',
  'Orka',
  'Delta',
  'Kwik',
  'Solid',
  'Hollands',
  'Polder',
];
const BRAND_SUFFIXES = [
  'Solutions',
  'Services',
  'Group',
  'Media',
  'Logistics',
  'Techniek',
  'Design',
  'Works',
  'Partners',
  'Systems',
];
const LEGAL_FORMS: readonly (readonly [string, number])[] = [
  [' B.V.', 5],
  [' BV', 1],
  [' V.O.F.', 2],
  [' Holding B.V.', 1],
  ['', 2],
];
const INITIALS = 'ABCDEFGHJKLMNPRSTW';
/** Names that are also property names of every JavaScript object: lookups keyed by name must not trip on them. */
export const HOSTILE_NAMES = [
  'Constructor B.V.',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf B.V.',
  'Prototype Bouw',
  '__defineGetter__',
  'isPrototypeOf V.O.F.',
] as const;

type HouseStyle = (year: number, sequence: number) => string;
const HOUSE_STYLES: HouseStyle[] = [
  (y, n) => `${y}-${String(n).padStart(4, '0')}`,
  (y, n) => `F${String(y).slice(2)}${String(n).padStart(5, '0')}`,
  (y, n) => `INV-${y}${String(n).padStart(4, '0')}`,
  (y, n) => `${y}.${String(n).padStart(3, '0')}`,
  (_y, n) => String(10000 + n),
  (y, n) => `VF${y}/${n}`,
  (_y, n) => String(n + 1000),
];

interface Account {
  iban: string;
  /** How the bank shows the holder; stable per account. */
  holderName: string;
}

export interface GeneratedRelation {
  relationNumber: string;
  name: string;
  role: 'customer' | 'supplier';
  accounts: Account[];
  /** IBANs CASH has on file for the relation. */
  knownIbans: string[];
  /** Some customers pay a fixed subscription amount. */
  subscriptionCents?: number;
  style: HouseStyle;
  usesReference: number;
}

/** The stable part of the data: relations, their accounts and names. Months are generated from it. */
export interface DutchWorld {
  seed: number;
  startYear: number;
  startMonth: number;
  customers: GeneratedRelation[];
  suppliers: GeneratedRelation[];
  /** Parents paying for subsidiaries (third-party payments). */
  payers: GeneratedRelation[];
  tenantStyle: HouseStyle;
  psps: { name: string; iban: string; text: (r: SeededRandom) => string }[];
  factoring: Account;
  bankName: string;
}

function makeIban(country: string, bban: string): string {
  const check = 98 - mod97(`${bban}${country}00`);
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

function typo(r: SeededRandom, word: string): string {
  if (word.length < 5) return word;
  const i = r.int(1, word.length - 2);
  return r.chance(0.5)
    ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)
    : word.slice(0, i) + word.slice(i + 1);
}

/** How a bank might show this name: case, legal form, typos, h.o.d.n. */
function bankVariant(r: SeededRandom, name: string, person: boolean, tradeName?: string): string {
  let shown = name;
  const roll = r.next();
  if (person) {
    if (roll < 0.3) shown = shown.toUpperCase();
    else if (roll < 0.45 && tradeName) shown = `${name} h.o.d.n. ${tradeName}`;
    else if (roll < 0.55) shown = `Hr ${name}`;
  } else if (roll < 0.3) shown = shown.toUpperCase();
  else if (roll < 0.5) shown = shown.replace(/ B\.V\.$/, ' BV').replace(/ V\.O\.F\.$/, ' VOF');
  else if (roll < 0.6) shown = shown.replace(/ (Holding )?B\.V\.$| V\.O\.F\.$| BV$/, '');
  if (r.chance(0.1)) {
    const words = shown.split(' ');
    const longest = words.reduce(
      (best, word, i) => (word.length > (words[best] as string).length ? i : best),
      0,
    );
    words[longest] = typo(r, words[longest] as string);
    shown = words.join(' ');
  }
  return shown;
}

function isoDate(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.toISOString().slice(0, 10);
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function amountCents(r: SeededRandom, min: number, max: number): number {
  // Log-uniform net amount plus 21 % VAT, rounded half up to cents, as an invoice total would be.
  const net = Math.round(Math.exp(Math.log(min) + r.next() * (Math.log(max) - Math.log(min))));
  return net + Math.round((net * 21) / 100);
}

/** Builds the relations and accounts for one tenant. */
export function createDutchWorld(options: WorldOptions): DutchWorld {
  const r = new SeededRandom(options.seed);
  const [yearText, monthText] = (options.startMonth ?? '2026-01').split('-');
  const usedIbans = new Set<string>();
  const newIban = (): string => {
    for (;;) {
      const iban = makeDutchIban(r.pick(BANK_CODES), r.digits(10));
      if (!usedIbans.has(iban)) {
        usedIbans.add(iban);
        return iban;
      }
    }
  };
  const makeRelation = (role: 'customer' | 'supplier', index: number): GeneratedRelation => {
    const relationNumber = String((role === 'customer' ? 100000 : 200000) + index + 1);
    const surname = r.pick(SURNAMES);
    const person = role === 'customer' && r.chance(0.25);
    let name: string;
    let tradeName: string | undefined;
    if (person) {
      const initials = r.chance(0.4)
        ? `${r.pick([...INITIALS])}.${r.pick([...INITIALS])}.`
        : `${r.pick([...INITIALS])}.`;
      name = `${initials} ${surname}`;
      if (r.chance(0.4))
        tradeName = `${r.pick(TRADES)} ${surname.replace(/^(de|van den|van der|van) /, (p) => p[0]?.toUpperCase() + p.slice(1))}`;
    } else {
      const capital = surname.charAt(0).toUpperCase() + surname.slice(1);
      const base = r.weighted<string>([
        [`${r.pick(TRADES)} ${capital}`, 4],
        [`${capital} ${r.pick(TRADES)}`, 2],
        [`${r.pick(PLACES)} ${r.pick(TRADES)}`, 2],
        [`${r.pick(BRAND_PARTS)}${r.pick(BRAND_PARTS).toLowerCase()} ${r.pick(BRAND_SUFFIXES)}`, 3],
        [`${capital} & Zn`, 1],
      ]);
      name = `${base}${r.weighted(LEGAL_FORMS)}`;
    }
    // One relation in fifty has a name that is a property of every JavaScript object.
    if (!person && r.chance(0.02)) name = r.pick([...HOSTILE_NAMES]);
    const accountCount = r.chance(0.2) ? 2 : 1;
    const accounts = Array.from({ length: accountCount }, () => ({
      iban: newIban(),
      holderName: bankVariant(r, name, person, tradeName),
    }));
    const known = role === 'supplier' ? r.chance(0.9) : r.chance(0.6);
    return {
      relationNumber,
      name: tradeName ?? name,
      role,
      accounts,
      knownIbans: known ? [(accounts[0] as Account).iban] : [],
      ...(role === 'customer' && r.chance(0.2)
        ? { subscriptionCents: r.pick([6050, 12100, 24200, 9680, 36300, 4840]) }
        : {}),
      style: role === 'customer' ? (HOUSE_STYLES[0] as HouseStyle) : r.pick(HOUSE_STYLES),
      usesReference: role === 'customer' ? 0.7 : 0.3,
    };
  };
  const customers = Array.from({ length: options.customers ?? 300 }, (_v, i) => makeRelation('customer', i));
  const suppliers = Array.from({ length: options.suppliers ?? 60 }, (_v, i) => makeRelation('supplier', i));
  const payers = Array.from({ length: Math.max(2, Math.floor(customers.length / 50)) }, (_v, i) =>
    makeRelation('customer', 90000 + i),
  );
  const tenantStyle = r.pick(HOUSE_STYLES.slice(0, 4));
  for (const customer of customers) customer.style = tenantStyle;
  return {
    seed: options.seed,
    startYear: Number(yearText),
    startMonth: Number(monthText),
    customers,
    suppliers,
    payers,
    tenantStyle,
    psps: [
      {
        name: 'Stichting Mollie Payments',
        iban: makeDutchIban('ABNA', r.digits(10)),
        text: (g) =>
          `Mollie uitbetaling st.${g.digits(8)} ${Array.from({ length: g.int(3, 12) }, () => `ord ${g.int(1000, 9999)}`).join(' ')}`,
      },
      {
        name: 'Adyen N.V.',
        iban: makeDutchIban('ADYB', r.digits(10)),
        text: (g) => `Payout batch ${g.int(100, 999)} merchant CASHLINKNL ${g.int(20, 400)} transactions`,
      },
      {
        name: 'STRIPE TECHNOLOGY EUROPE LTD',
        iban: makeIban('IE', `STRP${r.digits(6)}${r.digits(8)}`),
        text: (g) => `STRIPE PAYOUT po_${g.digits(6)}${g.pick(['AbC', 'XyZ', 'QrS'])}`,
      },
    ],
    factoring: { iban: makeDutchIban('INGB', r.digits(10)), holderName: 'Factris Netherlands B.V.' },
    bankName: r.pick(['ABN AMRO Bank N.V.', 'ING Bank N.V.', 'Rabobank']),
  };
}

const TAX_IBAN = 'NL86INGB0002445588'; // Belastingdienst

/** Generates one month: its open items, the bank entries of the month with their truth, and corrections. */
export function generateMonth(world: DutchWorld, options: MonthOptions): GeneratedMonth {
  const r = new SeededRandom((world.seed * 7919 + options.monthIndex * 104_729 + 17) >>> 0);
  const monthNumber = world.startMonth - 1 + options.monthIndex;
  const year = world.startYear + Math.floor(monthNumber / 12);
  const month = (monthNumber % 12) + 1;
  const openItems: OpenItem[] = [];
  const entries: BankEntry[] = [];
  const truth = new Map<string, EntryTruth>();
  let entryCounter = 0;
  const perCustomer = options.invoicesPerCustomer ?? 1.6;
  // Sequence numbers per month never overlap, so "old" numbers are really paid and gone.
  let sequence = 1 + options.monthIndex * 50_000;
  const supplierSequence = new Map<string, number>();

  const addEntry = (entry: Omit<BankEntry, 'importId' | 'currency'>, entryTruth: EntryTruth): void => {
    entryCounter++;
    const importId = `gen-${world.seed}-${year}${String(month).padStart(2, '0')}-${String(entryCounter).padStart(6, '0')}`;
    entries.push({ importId, currency: 'EUR', ...entry });
    truth.set(importId, entryTruth);
  };

  const makeItem = (
    relation: GeneratedRelation,
    invoiceDate: string,
    cents: number,
    number: string,
  ): OpenItem => {
    const signed = relation.role === 'customer' ? cents : -cents;
    const item: OpenItem = {
      relationNumber: relation.relationNumber,
      relationName: relation.name,
      ibans: relation.knownIbans,
      invoiceNumber: number,
      invoiceDate,
      dueDate: addDays(invoiceDate, relation.role === 'customer' ? 14 : 30),
      amountCents: signed,
      outstandingCents: signed,
    };
    if (r.chance(relation.usesReference)) item.paymentReference = makeBetalingskenmerk(r.digits(15));
    openItems.push(item);
    return item;
  };

  const account = (relation: GeneratedRelation): Account =>
    (relation.accounts.length > 1 && r.chance(0.3) ? relation.accounts[1] : relation.accounts[0]) as Account;

  const payDate = (item: OpenItem): string => addDays(item.invoiceDate, r.int(0, 40));

  // Receivables: this month's invoices, plus older unpaid ones (backlog).
  for (const customer of world.customers) {
    const count = Math.max(0, Math.round(perCustomer + (r.next() - 0.5) * 2));
    const items: OpenItem[] = [];
    for (let i = 0; i < count; i++) {
      const cents = customer.subscriptionCents ?? amountCents(r, 20_00, 4000_00);
      items.push(
        makeItem(customer, isoDate(year, month, r.int(1, 28)), cents, world.tenantStyle(year, sequence++)),
      );
    }
    if (r.chance(0.1)) {
      // An older invoice still open: same amount for subscriptions, which makes amount-only payments ambiguous.
      makeItem(
        customer,
        isoDate(year, month, 1 - r.int(20, 50)),
        customer.subscriptionCents ?? amountCents(r, 20_00, 4000_00),
        world.tenantStyle(year, sequence++),
      );
    }
    payCustomerItems(customer, items);
  }

  function payCustomerItems(customer: GeneratedRelation, items: OpenItem[]): void {
    let rest = [...items];
    if (rest.length >= 2 && r.chance(0.18)) {
      const group = rest.slice(0, Math.min(rest.length, r.int(2, 4)));
      rest = rest.slice(group.length);
      const total = group.reduce((sum, item) => sum + item.amountCents, 0);
      const cites = r.chance(0.7);
      const from = account(customer);
      addEntry(
        {
          bookingDate: payDate(group[group.length - 1] as OpenItem),
          amountCents: total,
          counterpartyIban: from.iban,
          counterpartyName: from.holderName,
          remittance: cites
            ? `Facturen ${group.map((item) => item.invoiceNumber).join(' ')}`
            : 'Diverse facturen',
        },
        {
          kind: 'combined',
          relationNumber: customer.relationNumber,
          invoiceNumbers: group.map((item) => item.invoiceNumber),
        },
      );
    }
    if (rest.length >= 1 && r.chance(0.04)) {
      // A credit note (creditnota) on the first invoice; the customer pays the difference and cites both.
      const invoice = rest.shift() as OpenItem;
      const credit = Math.max(1, Math.round((invoice.amountCents * r.int(10, 40)) / 100));
      const note = makeItem(customer, invoice.invoiceDate, credit, world.tenantStyle(year, sequence++));
      note.amountCents = -credit;
      note.outstandingCents = -credit;
      const from = account(customer);
      addEntry(
        {
          bookingDate: payDate(invoice),
          amountCents: invoice.amountCents - credit,
          counterpartyIban: from.iban,
          counterpartyName: from.holderName,
          remittance: `Factuur ${invoice.invoiceNumber} minus creditnota ${note.invoiceNumber}`,
        },
        {
          kind: 'credit-note',
          relationNumber: customer.relationNumber,
          invoiceNumbers: [invoice.invoiceNumber, note.invoiceNumber],
        },
      );
    }
    for (const item of rest) {
      const kind = r.weighted<EntryKind | 'unpaid'>([
        ['invoice-number', 50],
        ['payment-reference', 16],
        ['amount-only', 9],
        ['reused-reference', 4],
        ['partial', 2],
        ['split', 1],
        ['payment-difference', 3],
        ['discount', 2.5],
        ['other-invoice', 1],
        ['third-party', 1],
        ['factoring', 1.5],
        ['unpaid', 8],
      ]);
      if (kind === 'unpaid') continue;
      if (kind === 'split') {
        // One invoice paid in two instalments: each line alone is a partial payment.
        const first = Math.round((item.amountCents * r.int(30, 70)) / 100);
        for (const [part, amount] of [
          [1, first],
          [2, item.amountCents - first],
        ] as const) {
          const from = account(customer);
          addEntry(
            {
              bookingDate: addDays(payDate(item), part === 2 ? r.int(10, 30) : 0),
              amountCents: amount,
              counterpartyIban: from.iban,
              counterpartyName: from.holderName,
              remittance: `Termijn ${part} van 2 factuur ${item.invoiceNumber}`,
            },
            { kind: 'split', relationNumber: customer.relationNumber, invoiceNumbers: [item.invoiceNumber] },
          );
        }
        continue;
      }
      if (kind === 'payment-reference' && !item.paymentReference) {
        payWithText(customer, item, 'invoice-number');
        continue;
      }
      if (kind === 'other-invoice') {
        // The payer pays this invoice's amount but cites another of their open invoices (a copy mistake).
        const other = items.find(
          (candidate) => candidate !== item && candidate.amountCents !== item.amountCents,
        );
        if (other) {
          payWithText(customer, item, kind, other);
          continue;
        }
        payWithText(customer, item, 'invoice-number');
        continue;
      }
      payWithText(customer, item, kind);
    }
  }

  function payWithText(customer: GeneratedRelation, item: OpenItem, kind: EntryKind, cited?: OpenItem): void {
    const from = account(customer);
    let amount = item.amountCents;
    let remittance: string | undefined;
    let structuredReference: string | undefined;
    let iban: string | undefined = from.iban;
    let name = from.holderName;
    let relationTruth = customer.relationNumber;
    let endToEndId: string | undefined;
    switch (kind) {
      case 'invoice-number':
        if (r.chance(0.08)) {
          // Some accounting packages put the invoice number only in the end-to-end id.
          endToEndId = item.invoiceNumber;
          break;
        }
        remittance = r.pick([
          `Factuur ${item.invoiceNumber}`,
          `factuurnr ${item.invoiceNumber} ${customer.name}`,
          `${item.invoiceNumber}`,
          `Betaling fact. ${item.invoiceNumber} dd ${item.invoiceDate}`,
          `INV ${item.invoiceNumber.replace(/[-./]/g, ' ')}`,
        ]);
        break;
      case 'payment-reference': {
        const reference = item.paymentReference as string;
        if (r.chance(0.5)) structuredReference = reference;
        else
          remittance = `${reference.slice(0, 4)} ${reference.slice(4, 8)} ${reference.slice(8, 12)} ${reference.slice(12)}`;
        break;
      }
      case 'amount-only':
        remittance = r.pick([
          'Betaling',
          'Termijn',
          '',
          'Zie factuur',
          `Klantnr ${customer.relationNumber.slice(-3)}`,
        ]);
        break;
      case 'reused-reference':
        // The customer copied last year's payment order: an old, long-paid invoice number.
        remittance = `Factuur ${world.tenantStyle(year - 1, r.int(1, 900))}`;
        break;
      case 'partial':
        amount = Math.round((item.amountCents * r.int(25, 75)) / 100);
        remittance = `Deelbetaling ${item.invoiceNumber}`;
        break;
      case 'payment-difference':
        amount = item.amountCents - r.int(1, 5) * (r.chance(0.8) ? 1 : -1);
        remittance = `Factuur ${item.invoiceNumber}`;
        break;
      case 'discount': {
        // Betalingskorting: mostly 1–2 %, sometimes 3 % (beyond a usual tolerance); said or not.
        const percent = r.weighted<number>([
          [1, 3],
          [2, 5],
          [3, 1],
        ]);
        amount = item.amountCents - Math.round((item.amountCents * percent) / 100);
        remittance = r.chance(0.6)
          ? `Factuur ${item.invoiceNumber} -${percent}% betalingskorting`
          : `Factuur ${item.invoiceNumber}`;
        break;
      }
      case 'other-invoice':
        remittance = `Factuur ${(cited as OpenItem).invoiceNumber}`;
        break;
      case 'third-party': {
        const payer = r.pick(world.payers);
        const payerAccount = payer.accounts[0] as Account;
        iban = payerAccount.iban;
        name = payerAccount.holderName;
        remittance = `Factuur ${item.invoiceNumber} namens ${customer.name}`;
        break;
      }
      case 'factoring':
        iban = world.factoring.iban;
        name = world.factoring.holderName;
        remittance = `Betaling debiteur ${customer.name} factuur ${item.invoiceNumber}`;
        break;
      default:
        break;
    }
    if (kind === 'third-party') relationTruth = customer.relationNumber;
    addEntry(
      {
        bookingDate: payDate(item),
        amountCents: amount,
        ...(iban ? { counterpartyIban: iban } : {}),
        counterpartyName: name,
        ...(remittance !== undefined && remittance !== '' ? { remittance } : {}),
        ...(structuredReference ? { structuredReference } : {}),
        ...(endToEndId ? { endToEndId } : {}),
      },
      { kind, relationNumber: relationTruth, invoiceNumbers: [item.invoiceNumber] },
    );
  }

  // Payables: supplier invoices in the supplier's own numbering, paid by the tenant.
  for (const supplier of world.suppliers) {
    const count = r.int(0, 3);
    for (let i = 0; i < count; i++) {
      const next =
        (supplierSequence.get(supplier.relationNumber) ?? r.int(1, 900) + options.monthIndex * 40) + 1;
      supplierSequence.set(supplier.relationNumber, next);
      const item = makeItem(
        supplier,
        isoDate(year, month, r.int(1, 28)),
        amountCents(r, 15_00, 8000_00),
        supplier.style(year, next),
      );
      if (r.chance(0.08)) continue; // not paid yet
      const to = supplier.accounts[0] as Account;
      const cites = r.chance(0.9) || !item.paymentReference;
      addEntry(
        {
          bookingDate: addDays(item.invoiceDate, r.int(5, 35)),
          amountCents: item.amountCents,
          counterpartyIban: to.iban,
          counterpartyName: to.holderName,
          ...(cites
            ? {
                remittance: r.pick([
                  `${item.invoiceNumber}`,
                  `Factuur ${item.invoiceNumber}`,
                  `Uw factuur ${item.invoiceNumber}`,
                ]),
              }
            : {}),
          ...(!cites && item.paymentReference ? { structuredReference: item.paymentReference } : {}),
        },
        {
          kind: 'supplier-payment',
          relationNumber: supplier.relationNumber,
          invoiceNumbers: [item.invoiceNumber],
        },
      );
    }
  }

  const otherEntry = (kind: EntryKind): void => {
    const day = isoDate(year, month, r.int(1, 28));
    switch (kind) {
      case 'psp-payout': {
        const psp = r.pick(world.psps);
        addEntry(
          {
            bookingDate: day,
            amountCents: r.int(50_00, 9000_00),
            counterpartyIban: psp.iban,
            counterpartyName: psp.name,
            remittance: psp.text(r),
          },
          { kind, invoiceNumbers: [], ledgerAccount: LEDGER.pspClearing },
        );
        break;
      }
      case 'bank-costs':
        addEntry(
          {
            bookingDate: day,
            amountCents: -r.int(5_00, 60_00),
            counterpartyName: world.bankName,
            remittance: r.pick(['Kosten zakelijk pakket', 'Kosten betaalverkeer', 'Kosten transacties']),
          },
          { kind, invoiceNumbers: [], ledgerAccount: LEDGER.bankCosts },
        );
        break;
      case 'interest':
        addEntry(
          {
            bookingDate: day,
            amountCents: r.int(1, 40_00),
            counterpartyName: world.bankName,
            remittance: 'Rente creditsaldo',
          },
          { kind, invoiceNumbers: [], ledgerAccount: LEDGER.interest },
        );
        break;
      case 'tax': {
        const payroll = r.chance(0.5);
        addEntry(
          {
            bookingDate: day,
            amountCents: -r.int(500_00, 25_000_00),
            counterpartyIban: TAX_IBAN,
            counterpartyName: 'BELASTINGDIENST',
            structuredReference: makeBetalingskenmerk(r.digits(15)),
            remittance: payroll ? 'Loonheffingen' : 'Omzetbelasting',
          },
          { kind, invoiceNumbers: [], ledgerAccount: payroll ? LEDGER.payrollTax : LEDGER.vatPayable },
        );
        break;
      }
      default: {
        const card = r.chance(0.5);
        const shop = r.pick([
          'ALBERT HEIJN',
          'JUMBO',
          'SHELL',
          'HEMA',
          'PRAXIS',
          'GAMMA',
          'NS',
          'KPN',
          'BOL.COM',
        ]);
        addEntry(
          card
            ? {
                bookingDate: day,
                amountCents: -r.int(2_00, 300_00),
                counterpartyName: `${shop} ${r.int(1000, 9999)}`,
                remittance: `BEA NR:${r.digits(8)} ${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(2, 4)} ${shop} ${r.pick(PLACES)},PAS${r.digits(3)}`,
              }
            : {
                bookingDate: day,
                amountCents: r.chance(0.5) ? r.int(10_00, 500_00) : -r.int(10_00, 500_00),
                counterpartyIban: makeDutchIban(r.pick(BANK_CODES), r.digits(10)),
                counterpartyName: `${r.pick([...INITIALS])}. ${r.pick(SURNAMES)}`,
                remittance: r.pick(['Terugbetaling', 'Lening', 'Etentje', 'Tikkie', 'Vooruitbetaling']),
              },
          { kind: 'noise', invoiceNumbers: [] },
        );
      }
    }
  };

  for (let i = 0; i < 12; i++) otherEntry('psp-payout');
  for (let i = 0; i < 4; i++) otherEntry('bank-costs');
  otherEntry('interest');
  otherEntry('tax');
  otherEntry('tax');
  const noise = Math.max(3, Math.round(entries.length * 0.02));
  for (let i = 0; i < noise; i++) otherEntry('noise');
  while (options.targetEntries !== undefined && entries.length < options.targetEntries) {
    otherEntry(
      r.weighted<EntryKind>([
        ['noise', 6],
        ['psp-payout', 3],
        ['bank-costs', 1],
      ]),
    );
  }

  // A statement lists lines by date; ties keep generation order, so the output is deterministic.
  const order = new Map(entries.map((entry, index) => [entry.importId, index]));
  entries.sort(
    (a, b) =>
      a.bookingDate.localeCompare(b.bookingDate) ||
      (order.get(a.importId) as number) - (order.get(b.importId) as number),
  );

  const corrections: MatchCorrection[] = [];
  for (const entry of entries) {
    const known = truth.get(entry.importId) as EntryTruth;
    if (known.ledgerAccount)
      corrections.push({ importId: entry.importId, entry, ledgerAccount: known.ledgerAccount });
    else if (known.relationNumber) {
      corrections.push({
        importId: entry.importId,
        entry,
        relationNumber: known.relationNumber,
        invoiceNumbers: known.invoiceNumbers,
      });
    }
  }
  return { openItems, entries, truth, corrections };
}

/** One-call form: a world and its first month. */
export function generateDutchMatchingData(options: WorldOptions & Partial<MonthOptions>): GeneratedMonth {
  const world = createDutchWorld(options);
  return generateMonth(world, { monthIndex: options.monthIndex ?? 0, ...options });
}
