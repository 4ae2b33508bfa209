import type { ChangeEventType } from '../../events/change-event.ts';
import { ControlPager, type ControlPagerDeps, type PageResult } from './control-pager.ts';
import type { ControlRunner } from './delivery-handler.ts';
import type { DeliveryControlMessage } from './delivery-target.ts';

/** A full load's cursor: `<type>#<mirror key after which to go on>` ('' after `#`: the type's start). */
export function parseLoadCursor(
  cursor: string,
  types: readonly ChangeEventType[],
): { type: ChangeEventType; after?: string } | undefined {
  const cut = cursor.indexOf('#');
  const type = (cut < 0 ? cursor : cursor.slice(0, cut)) as ChangeEventType;
  if (!types.includes(type)) return undefined;
  const after = cut < 0 ? '' : cursor.slice(cut + 1);
  return after ? { type, after } : { type };
}

/** The cursor after a page of `type`: on in the same type, else the next requested type, else none. */
export function nextLoadCursor(
  types: readonly ChangeEventType[],
  type: ChangeEventType,
  next: string | undefined,
): string | undefined {
  if (next !== undefined) return `${type}#${next}`;
  const following = types[types.indexOf(type) + 1];
  return following ? `${following}#` : undefined;
}

/**
 * A target's full load: pages through the mirror's records of the requested types (one page per control
 * message) and queues each as a `full-load` DeliveryMessage, once per content hash: records the target
 * already holds with that hash are left out, and a page done again after a crash queues nothing twice.
 */
export class FullLoad implements ControlRunner {
  readonly #pager: ControlPager;

  constructor(deps: ControlPagerDeps) {
    this.#pager = new ControlPager(deps);
  }

  run(control: DeliveryControlMessage): Promise<void> {
    return this.#pager.run(control, (cursor) => this.#page(control, cursor));
  }

  async #page(control: DeliveryControlMessage, cursor: string): Promise<PageResult> {
    const types = control.types;
    const at = cursor === '' ? { type: types[0] as ChangeEventType } : parseLoadCursor(cursor, types);
    if (!at)
      return {
        counts: {},
        errors: [`cursor: not a cursor of this full load: ${JSON.stringify(cursor.slice(0, 60))}`],
      };
    const accepted = this.#pager.deps.target.accepts.includes(at.type);
    if (!accepted)
      return {
        counts: {},
        errors: [`${at.type}: ${this.#pager.deps.target.name} takes no such records`],
        ...withNext(nextLoadCursor(types, at.type, undefined)),
      };
    const page = await this.#pager.mirrorEvents(control, at.type, at.after, 'full-load');
    const queued = await this.#pager.queueOnce(control, page.events, 'full-load');
    return {
      counts: {
        records: page.rows,
        queued: queued.queued,
        unchanged: queued.unchanged,
        invalid: page.errors.length,
      },
      errors: page.errors,
      ...withNext(nextLoadCursor(types, at.type, page.next)),
    };
  }
}

const withNext = (next: string | undefined) => (next === undefined ? {} : { next });
