/** What the booking needs to know about a party to find it in the CASH mirror. */
export interface PartyQuery {
  vatId?: string;
  kvk?: string;
  iban?: string;
  name?: string;
}

export type PartyMatchField = 'vatId' | 'kvk' | 'iban' | 'name';

export interface PartyMatch {
  relationNumber: string;
  name: string;
  matchedOn: PartyMatchField;
}

/** Looks parties up in the CASH mirror, in the order VAT id, KvK, IBAN, name. */
export interface PartyDirectory {
  find(query: PartyQuery): Promise<PartyMatch | null>;
}

/** A learned booking choice for one relation (grootboekrekening, kostenplaats). */
export interface LedgerChoice {
  ledgerAccount?: string;
  costCentre?: string;
}

/** Remembers the ledger account / cost centre a person chose for a relation. */
export interface LedgerMemory {
  get(relationKey: string): Promise<LedgerChoice | undefined>;
  learn(relationKey: string, choice: LedgerChoice): Promise<void>;
}

/** Remembers which invoices (by dedup key) were already taken in, and as which document. */
export interface DuplicateRegistry {
  seen(key: string): Promise<string | undefined>;
  remember(key: string, documentId: string): Promise<void>;
}

export function normaliseVatId(value: string | undefined): string | undefined {
  const v = value?.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return v ? v : undefined;
}

export function normaliseIban(value: string | undefined): string | undefined {
  const v = value?.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return v ? v : undefined;
}

export function normaliseKvk(value: string | undefined): string | undefined {
  const v = value?.replace(/\D/g, '');
  return v && v.length === 8 ? v : undefined;
}

const LEGAL_FORMS =
  /\b(b\.?v\.?|n\.?v\.?|v\.?o\.?f\.?|c\.?v\.?|gmbh|ag|ab|as|a\/s|ltd|limited|llc|inc|sa|sarl|bvba|srl|oy|aps|kg)\b/g;

/** Name as compared: lowercase, without legal form, punctuation and extra spaces. */
export function normaliseName(value: string | undefined): string | undefined {
  const v = value
    ?.toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(LEGAL_FORMS, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return v ? v : undefined;
}
