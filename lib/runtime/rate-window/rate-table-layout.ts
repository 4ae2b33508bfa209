import { RateWindowError } from './rate-window-error.ts';

/** Where a shared rate counter keeps its items: table, key attributes, key prefix and TTL grace. */
export interface RateTableLayoutOptions {
  tableName: string;
  /** Name of the partition key. Default `pk`. */
  partitionKey?: string;
  /** Name of the sort key when the table has one (generic `pk`/`sk` table). */
  sortKey?: string;
  /** Keeps the items apart from others in a shared table. */
  keyPrefix?: string;
  /** How long an item outlives its use before TTL may delete it. Default 3 600 s. */
  expiryGraceSeconds?: number;
}

export type RateTableLayout = Required<Omit<RateTableLayoutOptions, 'sortKey'>> & {
  sortKey: string | undefined;
};

/** The layout with its defaults, checked; throws RateWindowError naming field, rule and value. */
export function rateTableLayout(options: RateTableLayoutOptions, defaultPrefix: string): RateTableLayout {
  const layout = {
    tableName: options.tableName,
    partitionKey: options.partitionKey ?? 'pk',
    sortKey: options.sortKey,
    keyPrefix: options.keyPrefix ?? defaultPrefix,
    expiryGraceSeconds: options.expiryGraceSeconds ?? 3_600,
  };
  if (typeof layout.tableName !== 'string' || layout.tableName.length === 0)
    throw new RateWindowError('tableName', 'a table name', layout.tableName);
  if (layout.partitionKey.length === 0)
    throw new RateWindowError('partitionKey', 'an attribute name', layout.partitionKey);
  if (layout.sortKey === '' || layout.sortKey === layout.partitionKey)
    throw new RateWindowError('sortKey', 'empty or another attribute than the partition key', layout.sortKey);
  if (!Number.isSafeInteger(layout.expiryGraceSeconds) || layout.expiryGraceSeconds < 0)
    throw new RateWindowError('expiryGraceSeconds', 'a whole number ≥ 0', layout.expiryGraceSeconds);
  return layout;
}
