import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import { InvoiceMailboxIntake, sesVerdictFailures } from '../../../lib/intake/index.ts';
import { mimeMail } from '../../support/mail.ts';
import { withCorpus } from '../../support/needs-shared.ts';
import {
  ARCHIVE,
  bankCorpusFiles,
  FakeDocuments,
  FakePublisher,
  FakeS3,
  fakeIntakeDeps,
  MAILBOX,
  ublCorpusFiles,
} from './mailbox-fakes.ts';

const EVENT_TIME = '2026-03-14T10:00:00.000Z';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const statement = bankCorpusFiles().find((f) => parseStatementFile(f.bytes, f.name).statements.length > 0);
const invoice = ublCorpusFiles()[0];

const sesMail = (spam: string, virus: string) =>
  mimeMail({
    trace: [
      'Return-Path: <x@sender.example>',
      'Received: from mx.sender.example by inbound-smtp.eu-west-1.amazonaws.com',
      `X-SES-Spam-Verdict: ${spam}`,
      `X-SES-Virus-Verdict: ${virus}`,
    ],
    to: 'demo@inbox.demo.example',
    attachments: [
      { filename: 'factuur.xml', contentType: 'application/xml', content: invoice?.bytes ?? '' },
      { filename: 'MT940.sta', content: statement?.bytes ?? '' },
    ],
  });

function setup() {
  const s3 = new FakeS3();
  const documents = new FakeDocuments();
  const publisher = new FakePublisher();
  const intake = new InvoiceMailboxIntake(fakeIntakeDeps(s3, documents, publisher));
  const receive = (key: string, body: Uint8Array) => {
    s3.put(MAILBOX, key, body);
    return intake.receive({ bucket: MAILBOX, rawKey: key, eventTime: EVENT_TIME });
  };
  return { s3, documents, publisher, receive };
}

describe('SES verdicts', () => {
  it.each([
    ['PASS', 'PASS', []],
    ['GRAY', 'PROCESSING_FAILED', []],
    ['FAIL', 'PASS', ['SES-SPAM-VERDICT']],
    ['PASS', 'FAIL', ['SES-VIRUS-VERDICT']],
    ['fail', 'FAIL', ['SES-SPAM-VERDICT', 'SES-VIRUS-VERDICT']],
  ])('spam %s, virus %s → %j', (spam, virus, rules) => {
    // Act
    const failures = sesVerdictFailures(sesMail(spam, virus));
    // Assess
    expect(failures.map((f) => f.rule)).toEqual(rules);
  });

  it.each([
    ['spam', 'FAIL', 'PASS', 'X-SES-Spam-Verdict'],
    ['virus', 'PASS', 'FAIL', 'X-SES-Virus-Verdict'],
  ])(
    'quarantines a mail with a %s FAIL: kept, marked, nothing processed or handed over',
    withCorpus(),
    async (_kind, spam, virus, header) => {
      // Prepare
      const mail = sesMail(spam, virus);
      const { s3, documents, publisher, receive } = setup();
      // Act
      const outcome = await receive('DEMO/inbox-email/ses0001', mail);
      // Assess: the document is quarantined, naming the header and its value
      expect(outcome).toMatchObject({
        status: 'quarantined',
        eventIds: [],
        documentId: `doc_${sha256(mail)}`,
      });
      const doc = await documents.get(outcome.documentId as string);
      expect(doc?.status).toBe('quarantined');
      expect(doc?.errors?.[0]).toMatchObject({ path: header, value: 'FAIL' });
      expect(doc?.history.at(-1)?.note).toMatch(new RegExp(header));
      // Assess: the original is archived unchanged; no attachment, event or statement left the mail
      expect(Buffer.from(s3.get(ARCHIVE, doc?.source.document?.key as string)?.body ?? [])).toEqual(
        Buffer.from(mail),
      );
      expect(s3.keys(ARCHIVE, '').filter((k) => k !== doc?.source.document?.key)).toEqual([]);
      expect(s3.keys(MAILBOX, 'DEMO/bank/')).toEqual([]);
      expect(publisher.events).toEqual([]);
    },
  );

  it('processes a mail whose verdicts pass', withCorpus(), async () => {
    // Prepare
    const { documents, receive } = setup();
    // Act
    const outcome = await receive('DEMO/inbox-email/ses0002', sesMail('PASS', 'PASS'));
    // Assess
    expect(outcome.status).not.toBe('quarantined');
    expect((await documents.get(outcome.documentId as string))?.status).not.toBe('quarantined');
  });
});
