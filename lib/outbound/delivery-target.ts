import type { ChangeEvent, ChangeEventType } from '../../events/change-event.ts';

/**
 * The outbound spine's contract with a target connector (a webshop, field service, a debt collector): the
 * spine routes change events to the target's queue and calls `deliver` once per message, under the target's
 * rate limit, with retries; the target only speaks its platform's protocol.
 */

/** What sits on a target's delivery queue (SQS body, JSON). */
export interface DeliveryMessage {
  /** The target connector's name (`woocommerce`). */
  target: string;
  /** The subscription that routed it (`<target>#<administration>#<index>`), for the delivery record. */
  subscription: string;
  administration: string;
  /** `sha256(target|type|key|contentHash)` hex: a redelivery of the same content is recognised. */
  deliveryKey: string;
  mode: 'change' | 'full-load' | 'reconcile';
  event: ChangeEvent;
}

/** What a target answers for one message. A failure is thrown as `DeliveryError`. */
export type DeliveryOutcome =
  | { status: 'delivered'; remoteId?: string; answer?: string }
  /** Nothing to do at the target (filtered out by its own rules, already up to date). */
  | { status: 'skipped'; reason: string };

export interface DeliveryContext {
  /** Milliseconds left before the invocation's deadline. */
  remainingMs(): number;
  signal?: AbortSignal;
}

/** A remote record as the target holds it, for the reconcile: its key in the mirror and its content. */
export interface RemoteRecord {
  type: ChangeEventType;
  key: string;
  /** The hash the target's state would have if it matched the mirror (computed by the target over the fields it keeps). */
  contentHash: string;
}

export interface DeliveryTarget {
  name: string;
  /** The change event types the target can take. */
  accepts: readonly ChangeEventType[];
  deliver(message: DeliveryMessage, context: DeliveryContext): Promise<DeliveryOutcome>;
  /** Pages through the target's own state (the reconcile compares it with the mirror); absent = no reconcile. */
  listRemote?(cursor?: string): Promise<{ records: RemoteRecord[]; next?: string }>;
  /**
   * The hash of a mirror record as the target would hold it (the same fields `listRemote` hashes), so the
   * reconcile compares like with like; absent = the event's `contentHash`.
   */
  remoteHashOf?(event: ChangeEvent): string;
}

/**
 * A target refused or failed a delivery. `retryable` ones are retried with backoff and jitter (and
 * `retryAfterMs` when the target said); permanent ones go to the delivery record as failed with the answer.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly details: { status?: number; answer?: string; retryAfterMs?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Where the router records that it queued a message (delivery record `pending`), implemented by the delivery
 * record store (`lib/outbound/delivery-store.ts`, the Deliveries table: pk `DELIVERY#<administration>#<target>`,
 * sk the record's `<type>#<key>`); the handler then moves it to `delivered` or `failed`.
 */
export interface DeliveryRecorder {
  pending(messages: readonly DeliveryMessage[], at: Date): Promise<void>;
}

/**
 * The control message a target's queue also carries (besides `DeliveryMessage`): a full load or reconcile
 * request, and its continuation after each page (`cursor`, the mirror key after which to go on), so a load
 * interrupted by a crash or a timeout goes on from its last checkpoint.
 */
export interface DeliveryControlMessage {
  control: 'full-load' | 'reconcile';
  target: string;
  administration: string;
  types: readonly ChangeEventType[];
  /** The run's id (one full load or reconcile), for its checkpoint record and the Runs page. */
  runId: string;
  cursor?: string;
  requestedAt: string;
}
