import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import { scanMailboxContent, statementFormatOf } from '../../../lib/intake/index.ts';
import { bankMail } from '../../support/mail.ts';
import { withCorpus } from '../../support/needs-shared.ts';
import { bankCorpusFiles, ublCorpusFiles } from './mailbox-fakes.ts';

const bankFiles = bankCorpusFiles();
/** Corpus files the bank parsers recognise (the unrecognised ones are not statements, whatever their folder). */
const statementFiles = bankFiles.filter((f) => parseStatementFile(f.bytes, f.name).format !== 'unknown');
const invoices = ublCorpusFiles().slice(0, 8);

describe('statement files are recognised by content, wherever they come in', () => {
  it.each(statementFiles)(
    '$folder/$name mailed under a meaningless name is one statement, no invoice candidate',
    withCorpus(),
    async ({ name, bytes }) => {
      // Prepare: the attachment's name says nothing (banks and forwarders name files anything)
      const mail = bankMail([{ filename: 'ATT00001', content: bytes }]);
      const expected = parseStatementFile(bytes, name).format;
      // Act: a key as SES writes it, without an extension
      const scan = await scanMailboxContent(mail, '0f1e2d3c4b5a69788796a5b4c3d2e1f0');
      // Assess
      expect(scan.email).toBe(true);
      expect(scan.statements.map((s) => [s.filename, s.format])).toEqual([['ATT00001', expected]]);
      expect(Buffer.from(scan.statements[0]?.content ?? [])).toEqual(Buffer.from(bytes));
      expect(scan.invoiceCandidates).toBe(0);
    },
  );

  it.each(statementFiles)(
    '$folder/$name as a file of its own is a statement',
    withCorpus(),
    async ({ bytes }) => {
      // Act
      const scan = await scanMailboxContent(bytes, 'upload');
      // Assess
      expect(scan.email).toBe(false);
      expect(scan.statements).toHaveLength(1);
      expect(scan.invoiceCandidates).toBe(0);
    },
  );

  it.each(invoices)(
    'the UBL invoice $name is no statement, and an invoice candidate',
    withCorpus(),
    async ({ name, bytes }) => {
      // Act
      const alone = await scanMailboxContent(bytes, name);
      const mailed = await scanMailboxContent(
        bankMail([{ filename: name, contentType: 'application/xml', content: bytes }]),
        'm',
      );
      // Assess
      expect(alone).toMatchObject({ email: false, statements: [], invoiceCandidates: 1 });
      expect(mailed).toMatchObject({ email: true, statements: [], invoiceCandidates: 1 });
    },
  );

  it('finds the statement and the invoice in one mail', withCorpus(), async () => {
    // Prepare
    const statement = statementFiles.find((f) => f.folder === 'camt053') ?? statementFiles[0];
    const invoice = invoices[0];
    const mail = bankMail([
      {
        filename: 'factuur.xml',
        contentType: 'application/xml',
        content: invoice?.bytes ?? new Uint8Array(),
      },
      {
        filename: 'afschrift.xml',
        contentType: 'application/xml',
        content: statement?.bytes ?? new Uint8Array(),
      },
    ]);
    // Act
    const scan = await scanMailboxContent(mail, 'mail', 'message/rfc822');
    // Assess
    expect(scan.statements.map((s) => s.filename)).toEqual(['afschrift.xml']);
    expect(scan.invoiceCandidates).toBe(1);
  });

  it(
    'opens a forwarded bank mail (message/rfc822) and finds the statement inside',
    withCorpus(),
    async () => {
      // Prepare
      const statement = statementFiles.find((f) => f.folder === 'mt940') ?? statementFiles[0];
      const fromBank = bankMail([{ filename: 'MT940.sta', content: statement?.bytes ?? new Uint8Array() }]);
      const forwarded = bankMail(
        [{ contentType: 'message/rfc822', filename: 'Fwd.eml', content: fromBank }],
        {
          subject: 'Fwd: Uw dagafschrift',
        },
      );
      // Act
      const scan = await scanMailboxContent(forwarded, 'c0ffee');
      // Assess
      expect(scan.statements.map((s) => [s.filename, s.format])).toEqual([['MT940.sta', 'mt940']]);
    },
  );

  it('lists the same statement attached twice once', withCorpus(), async () => {
    // Prepare
    const statement = statementFiles[0];
    const content = statement?.bytes ?? new Uint8Array();
    const mail = bankMail([
      { filename: 'a.sta', content },
      { filename: 'b.sta', content },
    ]);
    // Act
    const scan = await scanMailboxContent(mail, 'm');
    // Assess
    expect(scan.statements).toHaveLength(1);
  });

  it.each([
    ['a text-only mail', bankMail([])],
    [
      'a mail with only an image',
      bankMail([
        {
          filename: 'logo.png',
          contentType: 'image/png',
          content: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        },
      ]),
    ],
  ])('%s holds neither statements nor invoice candidates', async (_label, mail) => {
    // Act
    const scan = await scanMailboxContent(mail, 'm');
    // Assess
    expect(scan).toMatchObject({ email: true, statements: [], invoiceCandidates: 0 });
  });

  it('never throws and never calls arbitrary bytes a statement unless the bank parsers do', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 600 }),
        fc.string({ maxLength: 20 }),
        async (bytes, name) => {
          // Act
          const scan = await scanMailboxContent(bytes, name);
          // Assess
          expect(scan.statements.length).toBeLessThanOrEqual(1);
          if (!scan.email && scan.statements.length === 1)
            expect(parseStatementFile(bytes).format).toBe(scan.statements[0]?.format);
        },
      ),
      { numRuns: 200 },
    );
  });

  it(
    'recognises a statement by content even under a random attachment name and type',
    withCorpus(),
    async () => {
      const statement = statementFiles[0]?.bytes ?? new Uint8Array();
      await fc.assert(
        fc.asyncProperty(
          fc.stringMatching(/^[A-Za-z0-9 ._-]{1,30}$/),
          fc.constantFrom('application/octet-stream', 'text/plain', 'application/pdf', 'application/xml'),
          async (filename, mimeType) => {
            // Act
            const scan = await scanMailboxContent(
              bankMail([{ filename, contentType: mimeType, content: statement }]),
              'm',
            );
            // Assess
            expect(scan.statements).toHaveLength(1);
            expect(statementFormatOf(statement)).toBe(scan.statements[0]?.format);
          },
        ),
        { numRuns: 40 },
      );
    },
  );
});
