import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

/** A body larger than the limit; the reader stopped at the first chunk past it. */
export class BodyTooLargeError extends Error {
  constructor(
    readonly limit: number,
    /** The size when known (Content-Length), else how much was read before stopping. */
    readonly size: number,
    readonly sizeKnown: boolean,
  ) {
    super(
      sizeKnown
        ? `the file has ${size} bytes, more than the limit of ${limit}`
        : `the file has more than the limit of ${limit} bytes (stopped reading after ${size})`,
    );
    this.name = 'BodyTooLargeError';
  }
}

/** What an S3 GetObject Body or an HTTP stream offers: chunks as they arrive, or (fakes, browsers) all at once. */
export type ByteSource =
  | AsyncIterable<Uint8Array | string>
  | { transformToByteArray(): Promise<Uint8Array> }
  | Uint8Array
  | undefined;

const isIterable = (source: ByteSource): source is AsyncIterable<Uint8Array | string> =>
  typeof (source as AsyncIterable<unknown> | undefined)?.[Symbol.asyncIterator] === 'function';

/**
 * Reads at most `maxBytes` of a body: refuses by the declared length before reading, and stops a stream at
 * the first chunk past the limit (destroying it), so an over-size object never sits in memory whole.
 */
export async function readAtMost(
  source: ByteSource,
  maxBytes: number,
  declaredLength?: number,
): Promise<Uint8Array> {
  if (declaredLength !== undefined && declaredLength > maxBytes) {
    (source as { destroy?: () => void } | undefined)?.destroy?.();
    throw new BodyTooLargeError(maxBytes, declaredLength, true);
  }
  if (source === undefined) return new Uint8Array(0);
  if (source instanceof Uint8Array) {
    if (source.byteLength > maxBytes) throw new BodyTooLargeError(maxBytes, source.byteLength, true);
    return source;
  }
  if (!isIterable(source)) {
    const bytes = await source.transformToByteArray();
    if (bytes.byteLength > maxBytes) throw new BodyTooLargeError(maxBytes, bytes.byteLength, true);
    return bytes;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    total += bytes.byteLength;
    if (total > maxBytes) {
      (source as { destroy?: () => void }).destroy?.();
      throw new BodyTooLargeError(maxBytes, total, false);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** A local file (CLI input) read the same way: refused by its size before a byte is read. */
export async function readFileAtMost(path: string, maxBytes: number): Promise<Uint8Array> {
  const { size } = await stat(path);
  return readAtMost(size > maxBytes ? undefined : createReadStream(path), maxBytes, size);
}
