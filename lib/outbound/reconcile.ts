import type { ChangeEventType } from '../../events/change-event.ts';
import { ControlPager, type ControlPagerDeps, type PageResult } from './control-pager.ts';
import type { ControlRunner } from './delivery-handler.ts';
import { deliverySortKey } from './delivery-record.ts';
import type { DeliveryControlMessage } from './delivery-target.ts';
import { nextLoadCursor, parseLoadCursor } from './full-load.ts';

/** Keys of records only the target has that a run names (the rest is counted). */
const MAX_NAMED_ORPHANS = 20;

/**
 * A target's reconcile, in three paged phases, each page one control message: `remote:<cursor>` reads the
 * target's records (`listRemote`) into the run's checkpoint partition; `mirror:<type>#<key>` compares the
 * mirror's records with them (`remoteHashOf(event) ?? contentHash` against the target's hash) and queues
 * what is missing or different as `reconcile` messages; `orphans:<key>` reports the records only the target
 * has. Those are never deleted: the run names them for a person to decide.
 */
export class Reconcile implements ControlRunner {
  readonly #pager: ControlPager;

  constructor(deps: ControlPagerDeps) {
    this.#pager = new ControlPager(deps);
  }

  run(control: DeliveryControlMessage): Promise<void> {
    return this.#pager.run(control, (cursor) => this.#page(control, cursor || 'remote:'));
  }

  async #page(control: DeliveryControlMessage, cursor: string): Promise<PageResult> {
    const target = this.#pager.deps.target;
    const types = control.types.filter((type) => target.accepts.includes(type));
    const first = `mirror:${types[0] ?? ''}#`;
    if (!target.listRemote)
      return { counts: {}, errors: [`${target.name}: the target cannot list its records, no reconcile`] };
    if (cursor.startsWith('remote:')) return this.#remotePage(control, cursor.slice(7), types, first);
    if (cursor.startsWith('mirror:')) {
      const at = parseLoadCursor(cursor.slice(7), types);
      if (at) return this.#mirrorPage(control, at.type, at.after, types);
    }
    if (cursor.startsWith('orphans:')) return this.#orphanPage(control, cursor.slice(8));
    return {
      counts: {},
      errors: [`cursor: not a cursor of this reconcile: ${JSON.stringify(cursor.slice(0, 60))}`],
    };
  }

  async #remotePage(
    control: DeliveryControlMessage,
    remoteCursor: string,
    types: readonly ChangeEventType[],
    first: string,
  ): Promise<PageResult> {
    const { target, checkpoints } = this.#pager.deps;
    const page = await (target.listRemote as NonNullable<typeof target.listRemote>)(
      remoteCursor || undefined,
    );
    const records = page.records.filter((record) => types.includes(record.type));
    await checkpoints.putRemote(control.runId, records, this.#pager.now);
    const next = page.next ? `remote:${page.next}` : types.length > 0 ? first : 'orphans:';
    return { counts: { remote: records.length }, errors: [], next };
  }

  async #mirrorPage(
    control: DeliveryControlMessage,
    type: ChangeEventType,
    after: string | undefined,
    types: readonly ChangeEventType[],
  ): Promise<PageResult> {
    const { target, checkpoints } = this.#pager.deps;
    const page = await this.#pager.mirrorEvents(control, type, after, 'reconcile');
    const sortKeys = page.events.map((event) => deliverySortKey(event.type, event.key));
    const remote = await checkpoints.remoteHashes(control.runId, sortKeys);
    const missing = page.events.filter((event) => !remote.has(deliverySortKey(event.type, event.key)));
    const different = page.events.filter((event) => {
      const hash = remote.get(deliverySortKey(event.type, event.key));
      return hash !== undefined && hash !== (target.remoteHashOf?.(event) ?? event.contentHash);
    });
    const queued = await this.#pager.queueOnce(control, [...missing, ...different], 'reconcile');
    await checkpoints.markSeen(
      control.runId,
      sortKeys.filter((sk) => remote.has(sk)),
    );
    const next = nextLoadCursor(types, type, page.next);
    return {
      counts: {
        records: page.rows,
        missing: missing.length,
        different: different.length,
        inSync: page.events.length - missing.length - different.length,
        queued: queued.queued,
        invalid: page.errors.length,
      },
      errors: page.errors,
      next: next ? `mirror:${next}` : 'orphans:',
    };
  }

  async #orphanPage(control: DeliveryControlMessage, after: string): Promise<PageResult> {
    const { checkpoints, target } = this.#pager.deps;
    const page = await checkpoints.unseen(control.runId, after || undefined, this.#pager.pageSize);
    const named = page.records.slice(0, MAX_NAMED_ORPHANS);
    const errors = named.map(
      (r) =>
        `${r.type} ${JSON.stringify(r.key.slice(0, 60))}: only in ${target.name}, not in the mirror (left alone)`,
    );
    return {
      counts: { onlyRemote: page.records.length },
      errors,
      ...(page.next ? { next: `orphans:${page.next}` } : {}),
    };
  }
}
