import { createBankImportHandler } from '../../../functions/bank-import/bank-import-handler.ts';
import type { BankStatement } from '../../../lib/bank/statement.ts';
import type { BankImportSummary } from '../../../lib/bank/stores/index.ts';
import { observability } from '../../../lib/runtime/powertools.ts';
import { bankImportSettings } from '../../../lib/tenant/index.ts';

/** An import summary for `DEMO`: one statement and the given counts, every other count zero. */
export function importSummary(
  counts: Partial<BankImportSummary['counts']>,
  eventIds: string[] = [],
): BankImportSummary {
  return {
    administration: 'DEMO',
    counts: {
      statements: 1,
      rejectedStatements: 0,
      entries: 0,
      auto: 0,
      proposals: 0,
      none: 0,
      suspense: 0,
      alreadyHandled: 0,
      queued: 0,
      alreadyBooked: 0,
      conflicts: 0,
      ...counts,
    },
    statements: [],
    eventIds,
    reviewIds: [],
    alreadyHandledIds: [],
    problems: [],
  };
}

/** S3 ObjectCreated notifications of the mailbox bucket for `keys`, as the handler receives them. */
export function s3Created(keys: string[], eventTime = '2026-03-01T00:00:00Z') {
  return {
    Records: keys.map((key) => ({ eventTime, s3: { bucket: { name: 'mailbox' }, object: { key } } })),
  } as never;
}

/**
 * The bank-import handler for tenant `acme` and administration `DEMO` over fakes at the edges: S3 objects by
 * key (writes accepted), document transitions recorded, and the importer given.
 */
export function fakeBankImport(
  objects: Map<string, Uint8Array | string>,
  importStatements: (statements: BankStatement[]) => Promise<BankImportSummary>,
) {
  const transitions: { id: string; status: string }[] = [];
  const handler = createBankImportHandler({
    observability: observability('bank-import-unit'),
    tenant: 'acme',
    s3: {
      send: async (command: { constructor: { name: string }; input: { Key: string } }) => {
        if (command.constructor.name === 'PutObjectCommand') return {};
        const body = objects.get(command.input.Key);
        if (body === undefined)
          throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
        return {
          Body: {
            transformToByteArray: async () =>
              typeof body === 'string' ? new TextEncoder().encode(body) : body,
          },
        };
      },
    } as never,
    archiveBucket: 'archive',
    documents: {
      get: async () => undefined,
      transition: async (id: string, status: string) => {
        transitions.push({ id, status });
      },
    } as never,
    importer: {
      import: async (_administration: string, _settings: unknown, statements: BankStatement[]) =>
        importStatements(statements),
    } as never,
    administrations: () => ['DEMO'],
    settings: () => bankImportSettings.parse({}),
  });
  return { handler, transitions };
}
