import { describe, expect, it } from 'vitest';
import { createBankImportHandler } from '../../../functions/bank-import/bank-import-handler.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { observability } from '../../../lib/runtime/powertools.ts';
import { bankImportSettings } from '../../../lib/tenant/index.ts';
import { s3Created } from './handler-fakes.ts';

/** The bank import over an S3 whose object is an endless stream without Content-Length. */
function endlessObject(maxFileBytes: number, contentLength?: number) {
  const state = { chunks: 0, imported: 0 };
  const transitions: { id: string; status: string; errors?: unknown }[] = [];
  const handler = createBankImportHandler({
    observability: observability('bank-import-unit'),
    tenant: 'acme',
    s3: {
      send: async (command: { constructor: { name: string } }) => {
        if (command.constructor.name === 'PutObjectCommand') return {};
        return {
          ETag: '"abc"',
          ...(contentLength === undefined ? {} : { ContentLength: contentLength }),
          Body: {
            async *[Symbol.asyncIterator]() {
              for (;;) {
                state.chunks++;
                yield new Uint8Array(64 * 1024).fill(0x41);
              }
            },
          },
        };
      },
    } as never,
    archiveBucket: 'archive',
    documents: {
      get: async () => undefined,
      transition: async (id: string, status: string, patch?: { errors?: unknown }) => {
        transitions.push({ id, status, errors: patch?.errors });
      },
    } as never,
    importer: {
      import: async () => {
        state.imported++;
        throw new Error('must not be reached');
      },
    } as never,
    administrations: () => ['DEMO'],
    settings: () => bankImportSettings.parse({}),
    maxFileBytes,
  });
  return { handler, state, transitions };
}

describe('bank import: file size limit', () => {
  it.each([
    ['a stream without length', undefined, /more than the limit of 1048576 bytes/],
    ['a declared length', 50 * 1024 * 1024, /52428800 bytes, more than the limit of 1048576/],
  ])(
    'rejects an over-size object (%s) naming the limit, without reading it all',
    async (_what, length, text) => {
      // Prepare
      const { handler, state, transitions } = endlessObject(1024 * 1024, length);
      // Act
      const out = (await handler(
        s3Created(['DEMO/bank/huge.csv']),
        lambdaContext('bank-import', 10_000),
      )) as {
        files: { status: string; message?: string }[];
      };
      // Assess
      expect(out.files[0]?.status).toBe('rejected');
      expect(out.files[0]?.message).toMatch(text);
      expect(state.chunks).toBeLessThanOrEqual(17);
      expect(state.imported).toBe(0);
      expect(transitions.map((t) => t.status)).toEqual(['rejected']);
      expect(transitions[0]?.errors).toEqual([
        expect.objectContaining({ rule: 'BANK-FILE-SIZE', path: 'size', value: 1024 * 1024 }),
      ]);
    },
  );
});
