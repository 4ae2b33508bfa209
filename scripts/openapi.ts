/**
 * `npm run openapi`: writes the partner API's OpenAPI 3.1 document, the normalized events' JSON Schema and
 * the example events, all generated from the zod schemas, into events/. `--check` fails when the committed
 * files differ from what the schemas generate (CI runs the same comparison as a unit test).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ChangeEvent,
  ChangeEvent as ChangeEventSchema,
  changeEventId,
  createEvent,
} from '../events/index.ts';
import { contentHash } from '../lib/outbound/feed/content-hash.ts';
import {
  buildChangeEventJsonSchema,
  buildEventJsonSchema,
  buildOpenApiDocument,
} from '../lib/partner-api/openapi.ts';

const OCCURRED_AT = '2026-03-31T09:30:00+02:00';
const TENANT = 'demo';
const ADMINISTRATION = 'DEMO';

/** Example events a partner can start from; each one validates (a unit test checks it). */
export function exampleEvents(): Record<string, unknown> {
  const base = { tenant: TENANT, administration: ADMINISTRATION, occurredAt: OCCURRED_AT };
  return {
    'journal-entry.book': createEvent({
      ...base,
      type: 'journal-entry.book',
      source: { connector: 'partner-api', externalId: 'memo-2026-0042' },
      data: {
        journal: 'MEM',
        date: '2026-03-31',
        // Ledger accounts of the demo chart; texts within rubriek 0306's 25 characters (every example books).
        description: 'Afschrijving maart',
        lines: [
          { ledgerAccount: '4800', amountCents: 12_500, text: 'Afschrijving inventaris' },
          { ledgerAccount: '0110', amountCents: -12_500 },
        ],
      },
    }),
    'relation.upsert': createEvent({
      ...base,
      type: 'relation.upsert',
      source: { connector: 'partner-api', externalId: 'customer-1077' },
      data: {
        name: 'Bakkerij De Korenaar B.V.',
        searchName: 'KORENAAR',
        address: {
          street: 'Molenstraat',
          houseNumber: '12',
          postalCode: '3511 AB',
          city: 'Utrecht',
          countryCode: 'NL',
        },
        email: 'administratie@korenaar.example',
        iban: 'NL91ABNA0417164300',
        kvk: '12345678',
        vatId: 'NL001234567B01',
        roles: ['customer'],
        paymentTermDays: 14,
      },
    }),
    'journal-entry.book-with-relation-ref': createEvent({
      ...base,
      type: 'journal-entry.book',
      source: { connector: 'partner-api', externalId: 'invoice-2026-1077-1' },
      data: {
        journal: 'VRK',
        date: '2026-03-31',
        description: 'Factuur 20261077',
        lines: [
          {
            ledgerAccount: '1300',
            amountCents: 24_200,
            relationRef: 'customer-1077',
            invoiceNumber: '20261077',
            dueDate: '2026-04-14',
          },
          { ledgerAccount: '8000', amountCents: -20_000, vatCode: '2' },
          { ledgerAccount: '1510', amountCents: -4_200, vatCode: '2', vatBaseCents: -20_000 },
        ],
      },
    }),
    'article.upsert': createEvent({
      ...base,
      type: 'article.upsert',
      source: { connector: 'partner-api', externalId: 'sku-KOFFIE-1KG' },
      data: {
        code: 'KOFFIE-1KG',
        description: 'Koffiebonen 1 kg',
        gtin: '8712345678906',
        unit: 'stuk',
        salesPriceCents: 1_895,
        vatCode: '1',
      },
    }),
    'sales-order.create': createEvent({
      ...base,
      type: 'sales-order.create',
      source: { connector: 'partner-api', externalId: 'order-WEB-88812' },
      data: {
        externalOrderNumber: 'WEB-88812',
        orderDate: '2026-03-30',
        customer: { relationRef: 'customer-1077' },
        currency: 'EUR',
        lines: [{ articleCode: 'KOFFIE-1KG', quantity: 2, unitPriceCents: 1_895, vatCode: '1' }],
      },
    }),
  };
}

function changeExample(
  type: ChangeEvent['type'],
  key: string,
  change: ChangeEvent['change'],
  data: Record<string, unknown>,
  hashed: Record<string, unknown> = data,
): ChangeEvent {
  const hash = contentHash(hashed);
  return ChangeEventSchema.parse({
    id: changeEventId(TENANT, ADMINISTRATION, type, key, hash),
    tenant: TENANT,
    administration: ADMINISTRATION,
    schemaVersion: 1,
    occurredAt: OCCURRED_AT,
    type,
    key,
    change,
    contentHash: hash,
    origin: 'sync',
    data,
  });
}

/** One change event per type (CASH → outbound targets); each one validates (a unit test checks it). */
export function exampleChangeEvents(): Record<string, ChangeEvent> {
  const article = {
    code: 'KOFFIE-1KG',
    description: 'Koffiebonen 1 kg',
    group: 'webshop',
    gtin: '8712345678906',
    salesPriceCents: 1_895,
    vatCode: '1',
  };
  const openItem = {
    relationNumber: '1077',
    relationName: 'Bakkerij De Korenaar B.V.',
    invoiceNumber: '20261077',
    invoiceDate: '2026-03-31',
    dueDate: '2026-04-14',
    amountCents: 24_200,
    outstandingCents: 0,
    settled: true,
  };
  return {
    'relation.changed': changeExample('relation.changed', '1077', 'updated', {
      relationNumber: '1077',
      name: 'Bakkerij De Korenaar B.V.',
      searchName: 'KORENAAR',
      iban: 'NL91ABNA0417164300',
      vatId: 'NL001234567B01',
      kvk: '12345678',
      email: 'administratie@korenaar.example',
      countryCode: 'NL',
      paymentDays: 14,
    }),
    'article.changed': changeExample(
      'article.changed',
      'KOFFIE-1KG',
      'updated',
      { ...article, freeStock: 40 },
      article,
    ),
    'stock.changed': changeExample('stock.changed', 'KOFFIE-1KG', 'updated', {
      code: 'KOFFIE-1KG',
      freeStock: 38,
    }),
    'open-item.changed': changeExample('open-item.changed', '1077#20261077#1300', 'deleted', openItem, {
      deleted: openItem,
    }),
    'sales-order.changed': changeExample('sales-order.changed', '20260042', 'created', {
      orderNumber: '20260042',
      externalOrderNumber: 'WEB-88812',
      relationNumber: '1077',
      status: 'open',
    }),
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Every generated file by its path relative to the project root. */
export function generatedFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'events/openapi.json': json(buildOpenApiDocument()),
    'events/schema.json': json(buildEventJsonSchema()),
    'events/change-event.schema.json': json(buildChangeEventJsonSchema()),
  };
  for (const [name, event] of Object.entries({ ...exampleEvents(), ...exampleChangeEvents() }))
    files[`events/examples/${name}.json`] = json(event);
  return files;
}

function main(): number {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [path, content] of Object.entries(generatedFiles())) {
    const target = join(root, path);
    if (check) {
      let current = '';
      try {
        current = readFileSync(target, 'utf8');
      } catch {
        // missing counts as stale
      }
      if (current !== content) stale.push(path);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    process.stdout.write(`wrote ${path}\n`);
  }
  if (stale.length > 0) {
    process.stderr.write(`out of date (run npm run openapi): ${stale.join(', ')}\n`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main();
