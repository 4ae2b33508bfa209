import type { ParsedShopOrder, ShopOrder } from '../shop-order.ts';
import { isObject, type JsonObject, PayloadReader, quoteValue } from './payload-reader.ts';

/**
 * One order of a payload through a platform's reader, never throwing: not an object, or a reader that
 * fails on something unforeseen, is a `ParsedShopOrder` with a finding, so the rest of the batch goes on.
 */
export function parseOrderSafely(
  raw: unknown,
  path: string,
  options: { rulePrefix: string; idKey: string },
  readOrder: (order: JsonObject, reader: PayloadReader) => ShopOrder | undefined,
): ParsedShopOrder {
  const reader = new PayloadReader(options.rulePrefix);
  if (!isObject(raw)) {
    reader.error('not-an-order', path, `expected an order object, found ${quoteValue(raw)}`);
    return { path, findings: reader.findings };
  }
  const orderId = reader.text(raw, options.idKey);
  try {
    const order = readOrder(raw, reader);
    return { orderId, path, order, findings: reader.findings };
  } catch (error) {
    reader.error('unreadable', path, `could not be read: ${quoteValue(String(error))}`);
    return { orderId, path, findings: reader.findings };
  }
}
