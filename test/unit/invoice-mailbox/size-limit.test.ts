import { describe, expect, it } from 'vitest';
import { InvoiceMailboxIntake } from '../../../lib/intake/index.ts';
import { FakeDocuments, FakePublisher, FakeS3, fakeIntakeDeps, MAILBOX } from './mailbox-fakes.ts';

/** An S3 whose object is an endless stream, with or without a Content-Length. */
class EndlessS3 extends FakeS3 {
  chunks = 0;
  constructor(private readonly contentLength?: number) {
    super();
  }
  override async send(command: unknown): Promise<unknown> {
    if ((command as { constructor: { name: string } }).constructor.name !== 'GetObjectCommand')
      return super.send(command);
    const self = this;
    return {
      ETag: '"e1"',
      ...(this.contentLength === undefined ? {} : { ContentLength: this.contentLength }),
      Body: {
        async *[Symbol.asyncIterator]() {
          for (;;) {
            self.chunks++;
            yield new Uint8Array(1024);
          }
        },
      },
    };
  }
}

describe('invoice mailbox: object size limit', () => {
  it.each([
    ['declared', 50 * 1024 * 1024],
    ['not declared', undefined],
  ])(
    'rejects an over-size object (length %s) naming the limit, without reading it all',
    async (_what, length) => {
      // Prepare
      const s3 = new EndlessS3(length);
      const documents = new FakeDocuments();
      const intake = new InvoiceMailboxIntake(
        fakeIntakeDeps(s3, documents, new FakePublisher(), { maxObjectBytes: 10 * 1024 }),
      );
      // Act
      const outcome = await intake.receive({
        bucket: MAILBOX,
        rawKey: 'DEMO/purchase/huge.xml',
        eventTime: '2026-03-14T10:00:00.000Z',
      });
      // Assess
      expect(outcome.status).toBe('rejected');
      expect(s3.chunks).toBeLessThanOrEqual(11);
      const doc = await documents.get(outcome.documentId as string);
      expect(doc?.errors?.[0]).toMatchObject({ rule: 'MAILBOX-SIZE' });
      expect(doc?.errors?.[0]?.message).toMatch(/more than the 10240 the mailbox takes in/);
    },
  );
});
