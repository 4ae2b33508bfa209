/**
 * The bench's documents: a deterministic mix of what the connectors write (invoice files from the mailbox,
 * bank lines, partner-API events) in the statuses a busy administration has (80 % booked, 8 % review, 5 %
 * rejected, 2 % failed, 5 % queued), spread over 2025, with Dutch relation names to search for.
 */
import type { DocumentRecord, DocumentStatus } from '../lib/documents/index.ts';

export const BENCH_CONNECTORS = ['invoice-mailbox', 'bank-import', 'partner-api'] as const;
const NAMES = [
  'Bakkerij',
  'Drukkerij',
  'Garage',
  'Kapsalon',
  'Slagerij',
  'Installatie',
  'Advies',
  'Transport',
];
const PLACES = [
  'Jansen',
  'de Vries',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'Mulder',
  'de Boer',
  'Bos',
  'Vos',
];

/** A deterministic pseudo-random sequence, so every run loads the same documents. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function statusOf(r: number): DocumentStatus {
  if (r < 0.8) return 'booked';
  if (r < 0.88) return 'review';
  if (r < 0.93) return 'rejected';
  if (r < 0.95) return 'failed';
  return 'queued';
}

export interface CorpusOptions {
  tenant: string;
  administrations: readonly string[];
}

/** The i-th document; `next` is the shared sequence (call in order of i for the same documents every run). */
export function benchDocument(i: number, next: () => number, options: CorpusOptions): DocumentRecord {
  const connector = BENCH_CONNECTORS[i % BENCH_CONNECTORS.length] as string;
  const createdAt = new Date(Date.UTC(2025, 0, 1) + Math.floor(next() * 365 * 86_400_000)).toISOString();
  const status = statusOf(next());
  const party = `${NAMES[i % NAMES.length]} ${PLACES[Math.floor(next() * PLACES.length)]} ${i % 97}`;
  const cents = Math.floor(next() * 500_000);
  const administration = options.administrations[i % options.administrations.length] as string;
  const base = {
    id: `doc_bench_${String(i).padStart(7, '0')}`,
    tenant: options.tenant,
    administration,
    status,
    payloadHash: 'bench',
    attempts: 1,
    history: [{ status, at: createdAt }],
    createdAt,
    updatedAt: createdAt,
    ...(status === 'rejected'
      ? { errors: [{ source: 'cash' as const, message: 'CASH refused rubriek 0303' }] }
      : {}),
  };
  if (connector === 'invoice-mailbox') {
    return {
      ...base,
      kind: 'file',
      type: 'invoice-file',
      source: { connector, externalId: `${administration}/purchase/invoice-${i}.xml` },
      result: {
        invoiceNumber: `F-2025-${i}`,
        issueDate: createdAt.slice(0, 10),
        currency: 'EUR',
        party: { name: party },
        totals: { payableCents: cents, grossCents: cents },
        reviewReasons: status === 'review' ? ['unknown supplier'] : [],
      },
    };
  }
  if (connector === 'bank-import') {
    return {
      ...base,
      kind: 'event',
      type: 'journal-entry.book',
      source: { connector, externalId: `imp-${i}` },
      result: {
        entry: {
          amountCents: cents - 250_000,
          currency: 'EUR',
          bookingDate: createdAt.slice(0, 10),
          counterpartyName: party,
          remittance: `factuur ${i}`,
        },
        reasons: status === 'review' ? ['no open item matches'] : [],
      },
    };
  }
  return {
    ...base,
    type: 'relation.upsert',
    source: { connector, externalId: `rel-${i}` },
    event: { type: 'relation.upsert', data: { name: party, roles: ['customer'] } },
  };
}

/** Documents `from` … `to - 1` of the corpus, continuing `next` (start it with seededRandom(42) at 0). */
export function benchDocuments(
  from: number,
  to: number,
  next: () => number,
  options: CorpusOptions,
): DocumentRecord[] {
  const out: DocumentRecord[] = [];
  for (let i = from; i < to; i++) out.push(benchDocument(i, next, options));
  return out;
}
