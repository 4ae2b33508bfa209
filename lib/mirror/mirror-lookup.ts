import { type MirrorReference, mirrorKey } from './mirror-references.ts';
import type { MirrorList } from './mirror-store.ts';
import type { MirrorSnapshot } from './mirror-types.ts';

type LookupKind = MirrorReference['kind'];
type Row = MirrorSnapshot[LookupKind][number];

interface CachedList {
  rows: Map<string, Row>;
  /** A full sync finished: a code the list lacks is not in CASH. */
  complete: boolean;
  readAt: number;
}

export interface MirrorLookupOptions {
  /** A list older than this is read again before it is used. */
  maxAgeMs?: number;
  /** A code not in a list younger than this counts as unknown without reading the list again. */
  recheckAfterMs?: number;
  clock?: () => number;
}

function keyOf(kind: LookupKind, row: Row): string {
  const r = row as unknown as Record<string, unknown>;
  const value = kind === 'relations' ? r.relationNumber : kind === 'ledgerAccounts' ? r.account : r.code;
  return mirrorKey(kind, String(value ?? ''));
}

/**
 * Looks codes up in the CASH mirror for the partner API's door, keeping each list a short while so a busy
 * API does not read the mirror table for every request. A code the kept list lacks is looked up in a fresh
 * read before it counts as unknown: a relation booked a moment ago is then found.
 */
export class MirrorLookup {
  readonly #cache = new Map<string, CachedList>();
  readonly #maxAgeMs: number;
  readonly #recheckAfterMs: number;
  readonly #clock: () => number;

  constructor(
    private readonly mirror: {
      readList<K extends LookupKind>(administration: string, kind: K): Promise<MirrorList<K>>;
    },
    options: MirrorLookupOptions = {},
  ) {
    this.#maxAgeMs = options.maxAgeMs ?? 60_000;
    this.#recheckAfterMs = options.recheckAfterMs ?? 2_000;
    this.#clock = options.clock ?? Date.now;
  }

  /**
   * The rows of these keys, `null` for a key the mirror does not have; `undefined` when nothing can be said:
   * the list is empty (CASH has none) or no full sync of it has finished yet (the first sync may be half
   * written, or only the writer's own additions are there).
   */
  async find(
    administration: string,
    kind: LookupKind,
    keys: readonly string[],
  ): Promise<Map<string, Row | null> | undefined> {
    const id = `${administration}\u0000${kind}`;
    let list = this.#cache.get(id);
    if (!list || this.#clock() - list.readAt > this.#maxAgeMs)
      list = await this.#load(id, administration, kind);
    const missing = !list.complete || keys.some((key) => !list?.rows.has(key));
    if (missing && this.#clock() - list.readAt > this.#recheckAfterMs)
      list = await this.#load(id, administration, kind);
    if (list.rows.size === 0 || !list.complete) return undefined;
    const rows = list.rows;
    return new Map(keys.map((key) => [key, rows.get(key) ?? null]));
  }

  async #load(id: string, administration: string, kind: LookupKind): Promise<CachedList> {
    const { rows, complete } = await this.mirror.readList(administration, kind);
    const list = {
      rows: new Map((rows as Row[]).map((row) => [keyOf(kind, row), row])),
      complete,
      readAt: this.#clock(),
    };
    this.#cache.set(id, list);
    return list;
  }
}
