import type { ParsedShopOrder } from '../shop-order.ts';
import { isObject, type JsonObject, PayloadReader } from './payload-reader.ts';

export interface OrderPayloadShape {
  /** The platform's name in the message for a payload that is no order at all. */
  platform: string;
  /** What the message says was expected. */
  expected: string;
  /** The list envelope's key (`orders`, `items`). */
  listKey: string;
  /** The single-order envelope's key (`order`), where the platform has one. */
  singleKey?: string;
  /** Whether an object is one bare order. */
  isOrder: (value: JsonObject) => boolean;
}

export type BuildOrder = (raw: JsonObject, path: string, read: PayloadReader) => ParsedShopOrder;

/**
 * Splits a payload into its orders (a bare array, the list envelope, the single envelope or one order) and
 * builds each with its own reader, so one unreadable order becomes findings and never sinks the others.
 */
export function parseOrderPayload(
  payload: unknown,
  shape: OrderPayloadShape,
  build: BuildOrder,
): ParsedShopOrder[] {
  const each = (items: unknown[], prefix: string) =>
    items.map((item, index) => parseGuarded(item, `${prefix}[${index}]`, build));
  if (Array.isArray(payload)) return each(payload, '$');
  if (isObject(payload)) {
    const list = payload[shape.listKey];
    if (Array.isArray(list)) return each(list, `$.${shape.listKey}`);
    if (shape.singleKey && payload[shape.singleKey] !== undefined) {
      return [parseGuarded(payload[shape.singleKey], `$.${shape.singleKey}`, build)];
    }
    if (shape.isOrder(payload)) return [parseGuarded(payload, '$', build)];
  }
  const message = `not a ${shape.platform} order payload: expected ${shape.expected}`;
  return [{ path: '$', findings: [{ rule: 'payload-shape', path: '$', message, severity: 'error' }] }];
}

function parseGuarded(raw: unknown, path: string, build: BuildOrder): ParsedShopOrder {
  const read = new PayloadReader();
  if (!isObject(raw)) {
    read.error('order-shape', path, 'the order is not a JSON object');
    return { path, findings: read.findings };
  }
  try {
    return build(raw, path, read);
  } catch (error) {
    // The reader never throws; this guards an unforeseen shape so one order cannot sink the batch.
    read.error('unreadable', path, `the order could not be read: ${String(error).slice(0, 120)}`);
    return { path, findings: read.findings };
  }
}
