function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * JSON senders often write `null` for "not given". Every optional field of the normalized events takes
 * that as absent, so object properties that are `null` are dropped (at any depth) before validation: the
 * stored and forwarded event never carries them, and the payload hash is that of the event without them.
 * A `null` where a value is required still fails, as a missing value. Array items are kept as they are:
 * a `null` line is not an absent one.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null) out[key] = withoutNulls(item);
  }
  return out;
}
