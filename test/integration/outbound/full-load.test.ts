import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ChangeEvent } from '../../../events/change-event.ts';
import { ensureTable, pkSkTable } from '../../../lib/local/provision.ts';
import { MirrorStore } from '../../../lib/mirror/index.ts';
import {
  CHANGE_PROJECTIONS,
  type ChangeProjection,
  type DeliveryControlMessage,
  type DeliveryMessage,
  DeliveryStore,
  type DeliveryTarget,
  FullLoad,
  projectionHash,
  Reconcile,
  type RemoteRecord,
  RunCheckpointStore,
} from '../../../lib/outbound/index.ts';
import type { RunRecord } from '../../../lib/runs/index.ts';
import { createAwsClients } from '../../../lib/runtime/aws-clients.ts';
import { deliveriesTableInput } from '../../support/outbound.ts';

let mirror: MirrorStore;
let records: DeliveryStore;
let checkpoints: RunCheckpointStore;
const administration = 'ADM1';
const at = new Date('2026-11-02T12:00:00.000Z');

beforeAll(async () => {
  const clients = createAwsClients({ endpoint: inject('awsEndpoint'), region: 'eu-west-1' });
  const suffix = randomUUID().slice(0, 8);
  await Promise.all([
    ensureTable(clients.dynamo, pkSkTable(`mirror-${suffix}`)),
    ensureTable(clients.dynamo, deliveriesTableInput(`deliveries-${suffix}`)),
  ]);
  mirror = new MirrorStore(clients.documents, `mirror-${suffix}`);
  records = new DeliveryStore(clients.documents, `deliveries-${suffix}`);
  checkpoints = new RunCheckpointStore(clients.documents, `deliveries-${suffix}`);
  const articles = Array.from({ length: 23 }, (_, i) => ({
    code: `A${String(i).padStart(3, '0')}`,
    description: `Artikel ${i}`,
    salesPriceCents: 1000 + i,
    freeStock: i,
  }));
  await mirror.replace(administration, 'articles', articles, at.toISOString());
});

/** The target's queue in memory: what was sent, and the control messages still to handle. */
function memoryQueue(crash: { sendControlAt?: number } = {}) {
  const sent: DeliveryMessage[] = [];
  const controls: DeliveryControlMessage[] = [];
  let controlSends = 0;
  return {
    sent,
    controls,
    queue: {
      send: async (messages: readonly DeliveryMessage[]) => {
        sent.push(...messages);
      },
      sendControl: async (control: DeliveryControlMessage) => {
        controlSends++;
        if (controlSends === crash.sendControlAt) throw new Error('killed before the continuation was sent');
        controls.push(control);
      },
    },
  };
}

function target(name: string, remote: RemoteRecord[] = []): DeliveryTarget {
  return {
    name,
    accepts: ['article.changed', 'stock.changed'],
    deliver: async () => ({ status: 'delivered' }),
    listRemote: async (cursor) => {
      const start = Number(cursor ?? 0);
      const next = start + 4 < remote.length ? String(start + 4) : undefined;
      return { records: remote.slice(start, start + 4), ...(next ? { next } : {}) };
    },
  };
}

/** Handles control messages as the queue hands them over; a failed one is handed over again (SQS redelivery). */
async function drain(
  runner: { run(c: DeliveryControlMessage): Promise<void> },
  controls: DeliveryControlMessage[],
) {
  for (let rounds = 0; controls.length > 0 && rounds < 100; rounds++) {
    const control = controls[0] as DeliveryControlMessage;
    try {
      await runner.run(control);
      controls.shift();
    } catch {
      // Left on the queue: it comes back after its visibility timeout.
    }
  }
}

const control = (
  kind: DeliveryControlMessage['control'],
  targetName: string,
  runId: string,
): DeliveryControlMessage => ({
  control: kind,
  target: targetName,
  administration,
  types: ['article.changed'],
  runId,
  requestedAt: at.toISOString(),
});

describe('full load', () => {
  it('queues every record once per hash although it is killed after page 2 of 5, and records the run', async () => {
    // Prepare: 23 articles, pages of 5; page 3 dies after queueing (its checkpoint write fails once), and the
    // continuation after page 4 is lost once.
    const { sent, controls, queue } = memoryQueue({ sendControlAt: 3 });
    const runs: RunRecord[] = [];
    let advances = 0;
    const crashing = new Proxy(checkpoints, {
      get(store, name) {
        if (name === 'advance')
          return async (previous: number, next: Parameters<RunCheckpointStore['advance']>[1]) => {
            if (++advances === 3) throw new Error('killed after queueing page 3');
            return store.advance(previous, next);
          };
        const value = Reflect.get(store, name);
        return typeof value === 'function' ? value.bind(store) : value;
      },
    });
    const load = new FullLoad({
      tenant: 'acme',
      target: target('loadshop'),
      mirror,
      records,
      checkpoints: crashing,
      queue,
      runs: { save: async (run) => void runs.push(run) },
      pageSize: 5,
      clock: () => at,
    });
    controls.push(control('full-load', 'loadshop', 'run-load-1'));

    // Act
    await drain(load, controls);

    // Assess
    const keys = sent.map((m) => m.event.key);
    expect(keys).toHaveLength(23);
    expect(new Set(sent.map((m) => m.deliveryKey)).size).toBe(23);
    expect(sent.every((m) => m.mode === 'full-load' && m.event.origin === 'full-load')).toBe(true);
    const article = sent.find((m) => m.event.key === 'A004')?.event as ChangeEvent;
    const projection = CHANGE_PROJECTIONS.articles?.[0] as ChangeProjection;
    expect(article.contentHash).toBe(projectionHash(projection, article.data));
    const last = runs.at(-1);
    expect(last).toMatchObject({ id: 'run-load-1', connector: 'delivery-loadshop', status: 'ok' });
    expect(last?.counts).toMatchObject({ pages: 5, records: 23, queued: 23 });
    expect(await records.get(administration, 'loadshop', 'article.changed', 'A022')).toMatchObject({
      status: 'pending',
      queuedBy: 'run-load-1',
    });
  });

  it('queues nothing the target already holds with the same hash', async () => {
    // Prepare
    const first = memoryQueue();
    const deps = {
      tenant: 'acme',
      target: target('againshop'),
      mirror,
      records,
      checkpoints,
      pageSize: 10,
      clock: () => at,
    };
    first.controls.push(control('full-load', 'againshop', 'run-a'));
    await drain(new FullLoad({ ...deps, queue: first.queue }), first.controls);
    for (const message of first.sent) await records.delivered(message, { status: 'delivered' }, at);
    const second = memoryQueue();
    second.controls.push(control('full-load', 'againshop', 'run-b'));

    // Act
    await drain(new FullLoad({ ...deps, queue: second.queue }), second.controls);

    // Assess
    expect(first.sent).toHaveLength(23);
    expect(second.sent).toEqual([]);
  });
});

describe('reconcile', () => {
  it('queues what is missing or different at the target and reports what only the target has', async () => {
    // Prepare: the target holds A000–A009, A003 with another hash, and two records the mirror lacks.
    const load = memoryQueue();
    const deps = { tenant: 'acme', mirror, records, checkpoints, pageSize: 6, clock: () => at };
    load.controls.push(control('full-load', 'driftshop', 'run-fl'));
    await drain(new FullLoad({ ...deps, target: target('driftshop'), queue: load.queue }), load.controls);
    const remote: RemoteRecord[] = load.sent.slice(0, 10).map((m) => ({
      type: m.event.type,
      key: m.event.key,
      contentHash: m.event.key === 'A003' ? 'f'.repeat(64) : m.event.contentHash,
    }));
    remote.push({ type: 'article.changed', key: 'GONE1', contentHash: 'a'.repeat(64) });
    remote.push({ type: 'article.changed', key: 'GONE2', contentHash: 'b'.repeat(64) });
    for (const message of load.sent) await records.delivered(message, { status: 'delivered' }, at);
    const { sent, controls, queue } = memoryQueue();
    const runs: RunRecord[] = [];
    const reconcile = new Reconcile({
      ...deps,
      target: target('driftshop', remote),
      queue,
      runs: { save: async (run) => void runs.push(run) },
    });
    controls.push(control('reconcile', 'driftshop', 'run-rc'));

    // Act
    await drain(reconcile, controls);

    // Assess
    const keys = sent.map((m) => m.event.key).sort();
    expect(keys).toEqual(
      ['A003', ...Array.from({ length: 13 }, (_, i) => `A${String(i + 10).padStart(3, '0')}`)].sort(),
    );
    expect(sent.every((m) => m.mode === 'reconcile')).toBe(true);
    const last = runs.at(-1);
    expect(last).toMatchObject({ id: 'run-rc', status: 'partial' });
    expect(last?.counts).toMatchObject({ remote: 12, missing: 13, different: 1, inSync: 9, onlyRemote: 2 });
    expect(last?.errors.join('\n')).toContain('"GONE1": only in driftshop, not in the mirror (left alone)');
    expect(await records.get(administration, 'driftshop', 'article.changed', 'A003')).toMatchObject({
      status: 'pending',
    });
  });
});
