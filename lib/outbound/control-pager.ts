import type { ChangeEvent, ChangeEventType } from '../../events/change-event.ts';
import type { MirrorStore } from '../mirror/index.ts';
import { boundedErrors, type RunWriter } from '../runs/index.ts';
import type { Log } from '../runtime/log.ts';
import type { DeliveryQueue } from './delivery-queue.ts';
import { deliveryKeyOf, deliverySortKey } from './delivery-record.ts';
import type { DeliveryStore } from './delivery-store.ts';
import type { DeliveryControlMessage, DeliveryMessage, DeliveryTarget } from './delivery-target.ts';
import { changeEventOfMirrorRow, MIRROR_KIND_OF } from './mirror-change-events.ts';
import type { RunCheckpoint, RunCheckpointStore } from './run-checkpoint-store.ts';

export interface ControlPagerDeps {
  tenant: string;
  target: DeliveryTarget;
  mirror: Pick<MirrorStore, 'readPage'>;
  records: Pick<DeliveryStore, 'getMany' | 'pending'>;
  checkpoints: RunCheckpointStore;
  queue: Pick<DeliveryQueue, 'send' | 'sendControl'>;
  /** Where the run is recorded for the web app's Runs page (connector `delivery-<target>`). */
  runs?: RunWriter;
  /** Mirror rows (or remote records) per page. Default 100. */
  pageSize?: number;
  clock?: () => Date;
  log?: Log;
}

/** What one page did: counts to add, problems to report, and the cursor of the next page (none: done). */
export interface PageResult {
  counts: Record<string, number>;
  errors: string[];
  next?: string;
}

/** The connector name a target's deliveries, full loads and reconciles are recorded under (Runs page). */
export const deliveryRunConnector = (target: string): string => `delivery-${target}`;

const add = (a: Record<string, number>, b: Record<string, number>) => {
  const sum = { ...a };
  for (const [name, value] of Object.entries(b)) sum[name] = (sum[name] ?? 0) + value;
  return sum;
};

/**
 * Drives a full load or reconcile one page per control message: the checkpoint says which cursor is due;
 * a message for another cursor is a redelivery (dropped) or, when the crash fell between the checkpoint and
 * the continuation, sends that continuation again. After each page the checkpoint advances (conditionally),
 * the run is recorded, and the next control message goes on the queue.
 */
export class ControlPager {
  readonly pageSize: number;
  readonly #clock: () => Date;

  constructor(readonly deps: ControlPagerDeps) {
    this.pageSize = deps.pageSize ?? 100;
    this.#clock = deps.clock ?? (() => new Date());
  }

  get now(): Date {
    return this.#clock();
  }

  async run(
    control: DeliveryControlMessage,
    page: (cursor: string, checkpoint: RunCheckpoint) => Promise<PageResult>,
  ): Promise<void> {
    const { checkpoints, queue } = this.deps;
    const checkpoint = (await checkpoints.get(control.runId)) ?? (await checkpoints.start(control, this.now));
    if (checkpoint.target !== control.target || checkpoint.administration !== control.administration) {
      this.deps.log?.('error', 'control message for another run dropped', { runId: control.runId });
      return;
    }
    if (checkpoint.done) return;
    if ((control.cursor ?? '') !== checkpoint.cursor) {
      if (!checkpoint.continued) {
        await queue.sendControl(this.#continuation(control, checkpoint.cursor));
        await checkpoints.markContinued(control.runId, checkpoint.pages);
      }
      return;
    }
    const result = await page(checkpoint.cursor, checkpoint);
    const next: RunCheckpoint = {
      ...checkpoint,
      cursor: result.next ?? '',
      pages: checkpoint.pages + 1,
      counts: add(checkpoint.counts, { pages: 1, ...result.counts }),
      errors: boundedErrors([...checkpoint.errors, ...result.errors]),
      continued: result.next === undefined,
      done: result.next === undefined,
      updatedAt: this.now.toISOString(),
    };
    if (!(await checkpoints.advance(checkpoint.pages, next))) return;
    await this.#record(next);
    if (result.next === undefined) return;
    await queue.sendControl(this.#continuation(control, result.next));
    await checkpoints.markContinued(control.runId, next.pages);
  }

  /** The run's mirror rows of `type` after `after` as change events; rows that are no valid event are errors. */
  async mirrorEvents(
    control: DeliveryControlMessage,
    type: ChangeEventType,
    after: string | undefined,
    origin: 'full-load' | 'reconcile',
  ): Promise<{ events: ChangeEvent[]; errors: string[]; rows: number; next?: string }> {
    const kind = MIRROR_KIND_OF[type];
    if (!kind) return { events: [], errors: [`${type}: the mirror holds no such records to load`], rows: 0 };
    const page = await this.deps.mirror.readPage(control.administration, kind, after, this.pageSize);
    const events: ChangeEvent[] = [];
    const errors: string[] = [];
    const context = {
      tenant: this.deps.tenant,
      administration: control.administration,
      origin,
      runId: control.runId,
      at: this.now,
    };
    for (const { key, row } of page.rows) {
      const { event, error } = changeEventOfMirrorRow(type, key, row, context);
      if (event) events.push(event);
      if (error) errors.push(error);
    }
    return { events, errors, rows: page.rows.length, ...(page.next ? { next: page.next } : {}) };
  }

  /**
   * Queues what this run has not queued yet: records already queued by it (a page done again after a crash)
   * are left out, and for a full load also records delivered with the same content. Recorded pending after
   * the send, so a crash in between queues twice (delivered once) rather than never.
   */
  async queueOnce(
    control: DeliveryControlMessage,
    events: readonly ChangeEvent[],
    mode: 'full-load' | 'reconcile',
  ) {
    const target = this.deps.target.name;
    const messages: DeliveryMessage[] = events.map((event) => ({
      target,
      subscription: `${target}#${control.administration}#${mode}`,
      administration: control.administration,
      deliveryKey: deliveryKeyOf(target, event),
      mode,
      event,
    }));
    const known = await this.deps.records.getMany(
      control.administration,
      target,
      messages.map((m) => deliverySortKey(m.event.type, m.event.key)),
    );
    let byThisRun = 0;
    const fresh = messages.filter((m) => {
      const record = known.get(deliverySortKey(m.event.type, m.event.key));
      if (!record || record.deliveryKey !== m.deliveryKey) return true;
      if (record.queuedBy === control.runId) {
        byThisRun++;
        return false;
      }
      return mode === 'reconcile' || (record.status !== 'delivered' && record.status !== 'skipped');
    });
    await this.deps.queue.send(fresh);
    await this.deps.records.pending(fresh, this.now, {
      queuedBy: control.runId,
      redeliver: mode === 'reconcile',
    });
    // What this run queued (also in an attempt of this page that crashed), and what the target already holds.
    return { queued: fresh.length + byThisRun, unchanged: messages.length - fresh.length - byThisRun };
  }

  #continuation(control: DeliveryControlMessage, cursor: string): DeliveryControlMessage {
    return { ...control, cursor };
  }

  async #record(checkpoint: RunCheckpoint): Promise<void> {
    if (!this.deps.runs) return;
    const errors = checkpoint.errors;
    try {
      await this.deps.runs.save({
        id: checkpoint.runId,
        connector: deliveryRunConnector(checkpoint.target),
        administration: checkpoint.administration,
        trigger: 'api',
        source: checkpoint.control,
        startedAt: checkpoint.startedAt,
        ...(checkpoint.done ? { endedAt: checkpoint.updatedAt } : {}),
        status: checkpoint.done ? (errors.length > 0 ? 'partial' : 'ok') : 'running',
        counts: checkpoint.counts,
        errors,
      });
    } catch (error) {
      this.deps.log?.('warn', 'run not recorded', { runId: checkpoint.runId, error: String(error) });
    }
  }
}
