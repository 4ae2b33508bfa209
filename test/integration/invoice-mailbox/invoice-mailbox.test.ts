import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithCorpus } from '../../support/needs-shared.ts';
import { ADM, corpus, expected, type MailboxFixture, mailboxFixture, readCorpus } from './mailbox-fixture.ts';

let fx: MailboxFixture;

beforeAll(async () => {
  fx = await mailboxFixture({ allowNewRelations: true });
});

afterAll(async () => {
  await fx?.stop();
});

describeWithCorpus('invoice-mailbox Lambda over the UBL corpus', () => {
  it.each(corpus)('takes in %s: archived unchanged, file status as the pure logic decides', async (file) => {
    // Prepare
    const bytes = readCorpus(file);
    const want = await expected(bytes, file);
    const key = `${ADM}/purchase/corpus/${file}`;
    // Act
    const answer = await fx.upload(key, bytes, 'application/xml');
    const events = await fx.drain();
    // Assess
    expect(answer.failed).toEqual([]);
    const doc = await fx.documents.get(answer.outcomes[0]?.documentId as string);
    expect(doc?.kind).toBe('file');
    expect(doc?.source.connector).toBe('invoice-mailbox');
    expect(doc?.source.document?.key).toMatch(/^originals\/DEMO\/2026\/03\/[0-9a-f]{64}\/.+\.xml$/i);
    expect(await fx.archived(doc?.source.document?.key as string)).toEqual(bytes);
    // Corpus files share invoice numbers and suppliers, so a later one may be a duplicate of an earlier one.
    if (doc?.status === 'duplicate') {
      expect(want.status).not.toBe('rejected');
      expect(doc.duplicateOf).toMatch(/^doc_[0-9a-f]{64}$/);
      expect(events).toEqual([]);
      return;
    }
    const statusFor = {
      ok: 'queued',
      review: 'review',
      rejected: 'rejected',
      duplicate: 'duplicate',
    } as const;
    expect(doc?.status).toBe(statusFor[want.status]);
    if (doc?.status === 'queued') {
      expect(events.map((e) => e.id).sort()).toEqual([...(doc.eventIds ?? [])].sort());
      expect(events.every((e) => e.source.document?.key === doc.source.document?.key)).toBe(true);
      for (const id of doc.eventIds ?? []) expect((await fx.documents.get(id))?.status).toBe('queued');
    } else expect(events).toEqual([]);
    if (doc?.status === 'rejected') {
      expect(doc.errors?.length).toBeGreaterThan(0);
      expect(doc.errors?.[0]).toMatchObject({
        source: 'validation',
        rule: expect.any(String),
        path: expect.any(String),
      });
    }
  });
});
