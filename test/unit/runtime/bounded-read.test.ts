import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BodyTooLargeError, readAtMost } from '../../../lib/runtime/bounded-read.ts';

/** An endless stream of 64 KB chunks that counts how many were taken. */
function endless() {
  const state = { chunks: 0, destroyed: false };
  const stream = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        state.chunks++;
        yield new Uint8Array(64 * 1024);
      }
    },
    destroy() {
      state.destroyed = true;
    },
  };
  return { stream, state };
}

describe('readAtMost', () => {
  it('refuses by the declared length without reading', async () => {
    // Prepare
    const { stream, state } = endless();
    // Act
    const read = readAtMost(stream, 1000, 5000);
    // Assess
    await expect(read).rejects.toThrow('the file has 5000 bytes, more than the limit of 1000');
    expect(state.chunks).toBe(0);
    expect(state.destroyed).toBe(true);
  });

  it('stops an endless stream at the first chunk past the limit', async () => {
    // Prepare
    const { stream, state } = endless();
    // Act
    const read = readAtMost(stream, 1024 * 1024);
    // Assess
    await expect(read).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(state.chunks).toBe(17);
    expect(state.destroyed).toBe(true);
  });

  it('returns exactly the bytes of a body within the limit, however it is chunked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 20 }), async (chunks) => {
        // Prepare
        const total = chunks.reduce((n, c) => n + c.byteLength, 0);
        const stream = {
          async *[Symbol.asyncIterator]() {
            yield* chunks;
          },
        };
        // Act
        const bytes = await readAtMost(stream, total);
        // Assess
        expect(Buffer.from(bytes)).toEqual(Buffer.concat(chunks));
      }),
    );
  });
});
