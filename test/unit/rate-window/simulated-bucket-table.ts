import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Virtual time for concurrency tests: `sleep` parks a caller until `run` moves the clock to its moment, so
 * many async callers interleave deterministically without waiting for real.
 */
export class VirtualTime {
  now: number;
  #timers: Array<{ at: number; seq: number; wake: () => void }> = [];
  #seq = 0;

  constructor(start: number) {
    this.now = start;
  }

  readonly sleep = (ms: number): Promise<void> =>
    new Promise((wake) => {
      this.#timers.push({ at: this.now + Math.max(0, ms), seq: this.#seq++, wake });
    });

  /** Runs timers in time order until `work` settles; throws when everyone sleeps forever. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const watched = work.finally(() => {
      settled = true;
    });
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) return watched;
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers.shift();
      if (!next) throw new Error('deadlock: nobody is awake and no timer is set');
      this.now = Math.max(this.now, next.at);
      next.wake();
    }
  }
}

/**
 * A document client holding DynamoTokenBucket's items in memory, applying its two conditional updates the way
 * DynamoDB does (condition and update atomic, evaluated when the request arrives), each request taking
 * virtual time on the way there and back. With `returnOldOnFailure` false it behaves like an emulator that
 * gives no item with a refusal, so the bucket has to read it.
 */
export function simulatedBucketTable(
  time: VirtualTime,
  latencies: readonly number[],
  returnOldOnFailure = true,
): {
  client: DynamoDBDocumentClient;
  items: Map<string, { tat: number; expiresAt: number }>;
  refusals: () => number;
} {
  const items = new Map<string, { tat: number; expiresAt: number }>();
  let call = 0;
  let refused = 0;
  const latency = () => latencies[call++ % Math.max(1, latencies.length)] ?? 0;
  const send = async (command: { input: Record<string, unknown> }) => {
    const input = command.input as {
      Key: Record<string, string>;
      ConditionExpression?: string;
      UpdateExpression?: string;
      ExpressionAttributeValues?: Record<string, number>;
    };
    const key = JSON.stringify(input.Key);
    await time.sleep(latency());
    const item = items.get(key);
    if (input.UpdateExpression === undefined) {
      const answer = item ? { Item: { tat: item.tat } } : {};
      await time.sleep(latency());
      return answer;
    }
    const values = input.ExpressionAttributeValues ?? {};
    const now = values[':now'] as number;
    let holds: boolean;
    if (input.ConditionExpression === 'attribute_not_exists(#tat) OR #tat <= :now')
      holds = !item || item.tat <= now;
    else if (input.ConditionExpression === '#tat > :now AND #tat <= :highest')
      holds = !!item && item.tat > now && item.tat <= (values[':highest'] as number);
    else throw new Error(`unexpected condition ${input.ConditionExpression}`);
    if (!holds) {
      refused += 1;
      await time.sleep(latency());
      throw new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        ...(returnOldOnFailure && item ? { Item: { tat: { N: String(item.tat) } } } : {}),
      });
    }
    const tat =
      input.UpdateExpression === 'SET #tat = :next, #expiresAt = :expiresAt'
        ? (values[':next'] as number)
        : (item?.tat ?? 0) + (values[':increment'] as number);
    items.set(key, { tat, expiresAt: values[':expiresAt'] as number });
    await time.sleep(latency());
    return { Attributes: { tat } };
  };
  return { client: { send } as unknown as DynamoDBDocumentClient, items, refusals: () => refused };
}
