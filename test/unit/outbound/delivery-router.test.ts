import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../../events/index.ts';
import {
  type DeliveryMessage,
  DeliveryRouter,
  DeliveryRoutingError,
  deliveryKeyOf,
  diffMirrorRows,
  type RoutedSubscription,
} from '../../../lib/outbound/index.ts';

const context = {
  tenant: 'demo',
  administration: 'DEMO',
  origin: 'sync' as const,
  occurredAt: '2026-03-31T09:30:00Z',
};
const articles = Array.from({ length: 23 }, (_, i) => ({
  code: `A${i}`,
  description: 'Koffie',
  group: i % 2 === 0 ? 'webshop' : 'intern',
  freeStock: i,
}));
const events: ChangeEvent[] = diffMirrorRows('articles', new Map(), articles, (r) => String(r.code), {
  context,
  freshIsComplete: true,
}).events;
const shop: RoutedSubscription = {
  target: 'woocommerce',
  id: 'woocommerce#DEMO#0',
  administration: 'DEMO',
  events: ['stock.changed'],
  filter: { articleGroups: ['webshop'] },
};

type Entry = { Id: string; MessageBody: string };
function fakeSqs(refuse: (entry: Entry, call: number) => { SenderFault: boolean } | undefined) {
  const calls: Entry[][] = [];
  return {
    calls,
    send: async (command: { input: { Entries: Entry[] } }) => {
      const entries = command.input.Entries;
      calls.push(entries);
      const failed = entries.flatMap((e) => {
        const refusal = refuse(e, calls.length);
        return refusal ? [{ Id: e.Id, Code: 'Throttled', Message: 'slow down', ...refusal }] : [];
      });
      const failedIds = new Set(failed.map((f) => f.Id));
      return {
        Successful: entries.filter((e) => !failedIds.has(e.Id)).map((e) => ({ Id: e.Id })),
        Failed: failed,
      };
    },
  };
}

function router(sqs: ReturnType<typeof fakeSqs>, recorded: DeliveryMessage[][]) {
  return new DeliveryRouter({
    sqs: sqs as never,
    queues: { woocommerce: 'http://sqs/wc' },
    subscriptions: [shop],
    recorder: { pending: async (messages) => void recorded.push([...messages]) },
    pause: async () => {},
  });
}

describe('DeliveryRouter', () => {
  it('routes only the matching events, in batches of ten, and records them pending', async () => {
    // Prepare
    const sqs = fakeSqs(() => undefined);
    const recorded: DeliveryMessage[][] = [];
    // Act
    const result = await router(sqs, recorded).route(events);
    // Assess
    expect(result.messages).toBe(12);
    expect(sqs.calls.map((c) => c.length)).toEqual([10, 2]);
    const first = JSON.parse(sqs.calls[0]?.[0]?.MessageBody ?? '{}') as DeliveryMessage;
    expect(first).toMatchObject({
      target: 'woocommerce',
      subscription: 'woocommerce#DEMO#0',
      mode: 'change',
    });
    expect(first.deliveryKey).toBe(deliveryKeyOf('woocommerce', first.event));
    expect(recorded.flat()).toHaveLength(12);
  });

  it('sends again what SQS refused in a batch', async () => {
    // Prepare
    const sqs = fakeSqs((entry, call) =>
      call === 1 && entry.Id === '3' ? { SenderFault: false } : undefined,
    );
    const recorded: DeliveryMessage[][] = [];
    // Act
    const result = await router(sqs, recorded).route(events);
    // Assess
    expect(result.messages).toBe(12);
    expect(sqs.calls[1]?.map((e) => e.Id)).toEqual(['3']);
  });

  it('throws naming what could not be queued, after recording what was', async () => {
    // Prepare
    const sqs = fakeSqs((entry) => (entry.Id === '0' ? { SenderFault: true } : undefined));
    const recorded: DeliveryMessage[][] = [];
    // Act
    const failure = await router(sqs, recorded)
      .route(events)
      .catch((error: unknown) => error);
    // Assess
    expect(failure).toBeInstanceOf(DeliveryRoutingError);
    expect((failure as DeliveryRoutingError).failed).toHaveLength(2);
    expect(recorded.flat()).toHaveLength(10);
  });

  it('routes nothing for events no subscription wants', async () => {
    // Prepare
    const sqs = fakeSqs(() => undefined);
    // Act
    const result = await router(sqs, []).route(events.filter((e) => e.type === 'article.changed'));
    // Assess
    expect(result.messages).toBe(0);
    expect(sqs.calls).toEqual([]);
  });
});
