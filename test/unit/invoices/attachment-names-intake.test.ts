import { expect, it } from 'vitest';
import { fileNameProblem } from '../../../events/fields.ts';
import { inMemoryInvoiceContext, processInvoiceFile } from '../../../lib/invoices/index.ts';
import { corpusSample } from '../../support/corpus.ts';
import { mimeMail } from '../../support/mail.ts';
import { describeWithCorpus } from '../../support/needs-shared.ts';
import { buildPdf, entryOf, purchaseInput, SIMPLER_INVOICING_SUPPLIER } from './helpers.ts';

const ubl = corpusSample('ubl', 'si-ubl-2.0__SI-UBL-2.0.3.2__SI-UBL-2.0_ok_base.xml');
const supplier = SIMPLER_INVOICING_SUPPLIER;
const input = purchaseInput;
/** A PDF text string in UTF-16BE with its byte-order mark, as latin-1 characters for the test PDF writer. */
const pdfTextString = (text: string) => `\xfe\xff${Buffer.from(text, 'utf16le').swap16().toString('latin1')}`;
/** An RFC 2047 encoded word, so a header can carry control characters the way a hostile sender sends them. */
const encodedWord = (name: string) => `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?=`;

describeWithCorpus('attachment names from e-mails and PDFs reach the booking sanitised', () => {
  it('strips paths, control and bidi characters from e-mail attachment names', async () => {
    // Prepare
    const mail = mimeMail({
      attachments: [
        {
          filename: '../../../../var/www/html/invoice.xml',
          contentType: 'application/xml',
          content: ubl.bytes,
        },
        {
          filename: encodedWord('..\\..\\terms\u0000\r\n\u202efdp.exe'),
          contentType: 'application/pdf',
          content: buildPdf({ lines: ['Algemene voorwaarden'] }),
        },
      ],
    });
    // Act
    const result = await processInvoiceFile(
      input(mail, 'mail.eml'),
      inMemoryInvoiceContext({ parties: [supplier] }),
    );
    // Assess
    expect(result.status).toBe('ok');
    const names = entryOf(result.events)?.attachments?.map((a) => a.filename) ?? [];
    expect(names).toEqual(['terms fdp.exe']);
    for (const name of [...names, ...result.attachments.map((a) => a.filename)]) {
      expect(fileNameProblem(name)).toBeUndefined();
    }
  });

  it('strips paths, control and bidi characters from the names of files embedded in a PDF', async () => {
    // Prepare
    const pdf = buildPdf({
      lines: ['Factuur'],
      files: [
        { name: '../../../../var/www/html/shell.xml', content: ubl.bytes },
        {
          name: pdfTextString('..\\..\\bijlage\u0007\u202efdp.exe'),
          content: new TextEncoder().encode('notes'),
          mimeType: 'text/plain',
        },
      ],
    });
    // Act
    const result = await processInvoiceFile(
      input(pdf, 'factuur.pdf'),
      inMemoryInvoiceContext({ parties: [supplier] }),
    );
    // Assess
    expect(result.status).toBe('ok');
    const names = entryOf(result.events)?.attachments?.map((a) => a.filename) ?? [];
    expect(names).toEqual(['factuur.pdf', 'bijlagefdp.exe']);
    for (const name of [...names, ...result.attachments.map((a) => a.filename)]) {
      expect(fileNameProblem(name)).toBeUndefined();
    }
  });
});
