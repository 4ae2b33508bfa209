/**
 * Writes items straight into a stopped dynalite's store (the LevelDB directory the hub keeps in
 * `<stateDir>/dynamodb`), in the exact form dynalite's own PutItem leaves them: the item as DynamoDB JSON,
 * numbers normalized by dynalite's validation, under dynalite's item key, and one entry per secondary
 * index under dynalite's index key (db.createKey / db.getIndexActions). An item that replaces one already
 * stored moves its index entries, as PutItem does. What it saves against BatchWriteItem over HTTP: the SDK's
 * and dynalite's JSON round trip, a lock, a read and five single writes per item; here a chunk of items is
 * one read of the keys (getMany) and one LevelDB batch.
 *
 * dynalite must not run on the directory meanwhile: LevelDB's lock refuses a second opener, and that
 * refusal is reported as such.
 */
import { createRequire } from 'node:module';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

const require = createRequire(import.meta.url);

type Wire = Record<string, AttributeValue>;

interface DynaliteTable {
  TableName: string;
  KeySchema: unknown[];
  GlobalSecondaryIndexes?: Array<{ IndexName: string }>;
  LocalSecondaryIndexes?: Array<{ IndexName: string }>;
}

interface BatchOperation {
  type: 'put' | 'del';
  key: string;
  value?: unknown;
}

interface LevelDb {
  get(key: string): Promise<unknown>;
  getMany(keys: string[]): Promise<Array<Wire | undefined>>;
  batch(operations: BatchOperation[]): Promise<void>;
  iterator(range: { gte: string; lt: string }): AsyncIterable<[string, unknown]>;
  close(): Promise<void>;
}

interface IndexAction {
  index: string;
  key: string;
  item?: Wire;
}

interface DynaliteDb {
  createKey(item: Wire, table: DynaliteTable): string;
  validateItem(item: Wire, table: DynaliteTable): { body?: { message?: string } } | null | undefined;
  getIndexActions(
    indexes: unknown[],
    existing: Wire | undefined,
    item: Wire | undefined,
    table: DynaliteTable,
  ): { puts: IndexAction[]; deletes: IndexAction[] };
}

interface DynaliteValidations {
  validateAttributeValue(value: AttributeValue): string | undefined;
}

const dynaliteDb = require('dynalite/db/index.js') as DynaliteDb;
const validations = require('dynalite/validations/index.js') as DynaliteValidations;
/** The LevelDB binding dynalite itself opens its store with (its own dependency, not ours). */
const { Level } = createRequire(require.resolve('dynalite'))('level') as {
  Level: new (path: string, options: Record<string, unknown>) => LevelDb;
};
/** A larger in-memory log than LevelDB's 4 MB: fewer, larger level-0 files, less compaction during a load. */
const WRITE_BUFFER_BYTES = 64 * 1024 * 1024;

/** What went wrong writing a dynalite store; `cause` is the LevelDB or validation error. */
export class DynaliteStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DynaliteStoreError';
  }
}

/** The sublevel prefixes of dynalite 4 (db/index.js getSubDb: `<name>~<key>` in one LevelDB, JSON values). */
const tablePrefix = 'table~';
const itemPrefix = (table: string) => `item-${table}~`;
const indexPrefix = (type: 'global' | 'local', table: string, index: string) =>
  `index-${type}~${table}~${index}~`;

function quoted(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

export class DynaliteStoreWriter {
  private readonly db: LevelDb;

  /** Opens the store in `path` (the directory dynalite was started with as `path`) on first use. */
  constructor(private readonly path: string) {
    this.db = new Level(path, { valueEncoding: 'json', writeBufferSize: WRITE_BUFFER_BYTES });
  }

  /** The table as dynalite keeps it (its key schema and indexes); it must exist already. */
  async table(name: string): Promise<DynaliteTable> {
    let table: unknown;
    try {
      table = await this.db.get(tablePrefix + name);
    } catch (error) {
      throw new DynaliteStoreError(
        `the dynalite store in ${this.path} cannot be opened (is a hub running on it?)`,
        { cause: error },
      );
    }
    if (table === null || typeof table !== 'object' || !('KeySchema' in table)) {
      throw new DynaliteStoreError(`table ${quoted(name)} is not in the dynalite store in ${this.path}`);
    }
    return table as DynaliteTable;
  }

  /**
   * Puts `items` (document-client form, as DynamoDBDocumentClient takes them) into `tableName`; answers how
   * many LevelDB writes it made. Items are checked as dynalite checks a PutItem; the first bad one is
   * refused with its key attributes named and nothing of its chunk is written.
   */
  async put(tableName: string, items: readonly Record<string, unknown>[]): Promise<number> {
    const table = await this.table(tableName);
    const indexes = [
      ...(table.GlobalSecondaryIndexes ?? []).map((index) => ({ type: 'global' as const, index })),
      ...(table.LocalSecondaryIndexes ?? []).map((index) => ({ type: 'local' as const, index })),
    ];
    const wires: Wire[] = [];
    const keys: string[] = [];
    const seen = new Set<string>();
    for (const [n, item] of items.entries()) {
      const wire = this.checked(item, table, n);
      const key = dynaliteDb.createKey(wire, table);
      if (seen.has(key)) throw new DynaliteStoreError(`item ${n}: its key is given twice in one put`);
      seen.add(key);
      wires.push(wire);
      keys.push(key);
    }
    const prefix = itemPrefix(tableName);
    const existing = await this.read(keys.map((key) => prefix + key));
    const operations: BatchOperation[] = [];
    for (const [n, wire] of wires.entries()) {
      const before = existing[n] ?? undefined;
      for (const { type, index } of indexes) {
        const actions = dynaliteDb.getIndexActions([index], before, wire, table);
        const at = indexPrefix(type, tableName, index.IndexName);
        for (const d of actions.deletes) operations.push({ type: 'del', key: at + d.key });
        for (const p of actions.puts) operations.push({ type: 'put', key: at + p.key, value: p.item });
      }
      operations.push({ type: 'put', key: prefix + keys[n], value: wire });
    }
    try {
      await this.db.batch(operations);
    } catch (error) {
      throw new DynaliteStoreError(`writing ${items.length} items to ${this.path} failed`, { cause: error });
    }
    return operations.length;
  }

  /** The items stored under `keys` (document-client form), undefined where there is none. */
  async get(
    tableName: string,
    keys: readonly Record<string, unknown>[],
  ): Promise<Array<Record<string, unknown> | undefined>> {
    const table = await this.table(tableName);
    const prefix = itemPrefix(tableName);
    const stored = await this.read(
      keys.map((key, n) => prefix + dynaliteDb.createKey(this.checked(key, table, n), table)),
    );
    return stored.map((wire) => (wire ? unmarshall(wire as never) : undefined));
  }

  /** Every LevelDB entry of the table (its items and index entries), by key: what a comparison needs. */
  async contents(tableName: string): Promise<Map<string, unknown>> {
    const table = await this.table(tableName);
    const prefixes = [
      itemPrefix(tableName),
      ...(table.GlobalSecondaryIndexes ?? []).map((i) => indexPrefix('global', tableName, i.IndexName)),
      ...(table.LocalSecondaryIndexes ?? []).map((i) => indexPrefix('local', tableName, i.IndexName)),
    ];
    const out = new Map<string, unknown>();
    for (const prefix of prefixes) {
      for await (const [key, value] of this.db.iterator({ gte: prefix, lt: `${prefix}\xff` })) {
        out.set(key, value);
      }
    }
    return out;
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  private async read(keys: string[]): Promise<Array<Wire | undefined>> {
    try {
      return await this.db.getMany(keys);
    } catch (error) {
      throw new DynaliteStoreError(
        `the dynalite store in ${this.path} cannot be read (is a hub running on it?)`,
        { cause: error },
      );
    }
  }

  private checked(item: Record<string, unknown>, table: DynaliteTable, n: number): Wire {
    let wire: Wire;
    try {
      wire = marshall(item, { removeUndefinedValues: true }) as Wire;
    } catch (error) {
      throw new DynaliteStoreError(`item ${n} cannot be marshalled`, { cause: error });
    }
    for (const [attribute, value] of Object.entries(wire)) {
      const problem = validations.validateAttributeValue(value);
      if (problem) {
        throw new DynaliteStoreError(`item ${n}, attribute ${quoted(attribute)}: ${problem}`);
      }
    }
    const invalid = dynaliteDb.validateItem(wire, table);
    if (invalid) {
      throw new DynaliteStoreError(`item ${n}: ${invalid.body?.message ?? 'refused by dynalite'}`, {
        cause: invalid,
      });
    }
    return wire;
  }
}
