import { describe, expect, it } from 'vitest';
import { fileStartKind } from '../../../lib/invoices/file-start/index.ts';
import { inMemoryInvoiceContext, processInvoiceFile } from '../../../lib/invoices/index.ts';
import { corpusSample } from '../../support/corpus.ts';
import { mimeMail } from '../../support/mail.ts';
import { withCorpus } from '../../support/needs-shared.ts';
import { buildPdf, CII, purchaseInput, SIMPLER_INVOICING_SUPPLIER, utf8 } from './helpers.ts';

const BASE = 'si-ubl-2.0__SI-UBL-2.0.3.2__SI-UBL-2.0_ok_base.xml';
const ubl = corpusSample('ubl', BASE);
const input = purchaseInput;
const supplier = SIMPLER_INVOICING_SUPPLIER;
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
};

describe('file kind by the file start', () => {
  it.each([
    ['XML declaration', utf8('<?xml version="1.0"?><Invoice/>'), 'xml'],
    [
      'BOM and whitespace before <?xml',
      concat(new Uint8Array([0xef, 0xbb, 0xbf]), utf8(' \r\n<?xml ?><a/>')),
      'xml',
    ],
    ['root element without declaration', utf8('\n<Invoice>%PDF-1.7</Invoice>'), 'xml'],
    ['UTF-16LE XML', new Uint8Array([0xff, 0xfe, 0x3c, 0x00, 0x3f, 0x00]), 'xml'],
    ['PDF header at 0', utf8('%PDF-1.7\n'), 'pdf'],
    ['junk before %PDF- within 1 KB', concat(new Uint8Array(700).fill(0x20 + 1), utf8('%PDF-1.4\n')), 'pdf'],
    ['%PDF- after 1 KB', concat(new Uint8Array(1100).fill(0x41), utf8('%PDF-1.4\n')), 'other'],
    ['XML with %PDF- in its text', utf8(`<?xml version="1.0"?><Note>see %PDF-1.7</Note>`), 'xml'],
    ['empty', new Uint8Array(0), 'other'],
  ])('%s', (_name, bytes, kind) => {
    // Act / Assess
    expect(fileStartKind(bytes)).toBe(kind);
  });

  it('keeps an XML invoice whose note contains %PDF- an XML invoice', withCorpus(), async () => {
    // Prepare
    const xml = ubl.text.replace('Alle leveringen zijn franco.', 'Zie bijlage %PDF-1.7 scan.');
    // Act
    const result = await processInvoiceFile(
      input(utf8(xml), 'invoice.xml'),
      inMemoryInvoiceContext({ parties: [supplier] }),
    );
    // Assess
    expect(result.source).toBe('ubl');
    expect(result.status).toBe('ok');
  });

  it('reads a PDF with bytes before its %PDF- header as a PDF', async () => {
    // Prepare
    const pdf = buildPdf({ lines: ['Invoice'], files: [{ name: 'factur-x.xml', content: utf8(CII) }] });
    const prefixed = concat(utf8('Content-Transfer: junk from a scanner\r\n'), pdf);
    // Act
    const result = await processInvoiceFile(
      input(prefixed, 'scan.bin'),
      inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
    );
    // Assess
    expect(result.source).toBe('pdf>cii');
    expect(result.status).toBe('ok');
  });
});

describe('per-attachment isolation', () => {
  it('processes the good invoice when another attachment cannot be read, naming the broken one', async () => {
    // Prepare
    const good = buildPdf({ lines: ['Invoice'], files: [{ name: 'factur-x.xml', content: utf8(CII) }] });
    const mail = mimeMail({
      attachments: [
        { filename: 'kapot.pdf', contentType: 'application/pdf', content: utf8('%PDF-1.7\nnot a pdf') },
        { filename: 'factuur.pdf', contentType: 'application/pdf', content: good },
      ],
    });
    // Act
    const result = await processInvoiceFile(
      input(mail, 'mail.eml'),
      inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
    );
    // Assess
    expect(result.source).toBe('email>pdf>cii');
    expect(result.status).toBe('ok');
    const broken = result.findings.find((f) => f.message.includes('kapot.pdf'));
    expect(broken?.rule).toMatch(/^PDF-/);
    expect(broken?.severity).toBe('warning');
  });

  it('gives every unreadable attachment its own error when none holds an invoice', async () => {
    // Prepare
    const mail = mimeMail({
      attachments: [
        { filename: 'a.pdf', contentType: 'application/pdf', content: utf8('%PDF-1.7\nbroken a') },
        { filename: 'b.pdf', contentType: 'application/pdf', content: utf8('%PDF-1.7\nbroken b') },
      ],
    });
    // Act
    const result = await processInvoiceFile(input(mail, 'mail.eml'), inMemoryInvoiceContext());
    // Assess
    expect(result.status).toBe('rejected');
    const named = result.findings.filter((f) => /^PDF-/.test(f.rule)).map((f) => f.message.split(':')[0]);
    expect(named).toEqual(['a.pdf', 'b.pdf']);
  });
});
