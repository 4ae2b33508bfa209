import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContainerError } from '../../../lib/invoices/errors.ts';
import { inMemoryInvoiceContext, processInvoiceFile } from '../../../lib/invoices/index.ts';
import { extractPdf } from '../../../lib/invoices/pdf/extract-pdf.ts';
import { checkStreamBudget } from '../../../lib/invoices/pdf/stream-budget.ts';
import { buildPdf, zerosZlib } from './helpers.ts';

const MB = 1024 * 1024;

/** A one-page PDF whose content stream is `data` with the given filters. */
const pdfWithContent = (data: Uint8Array, filter: string) => buildPdf({ content: { data, filter } });

async function refusal(pdf: Uint8Array): Promise<{ error: unknown; ms: number; rssGrowth: number }> {
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    await extractPdf(pdf);
    return { error: undefined, ms: performance.now() - started, rssGrowth: peak - rssBefore };
  } catch (error) {
    return { error, ms: performance.now() - started, rssGrowth: peak - rssBefore };
  } finally {
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
}

describe('PDF decompression budget', () => {
  it('refuses a 1.5 GB FlateDecode bomb within seconds and bounded memory', async () => {
    // Prepare
    const bomb = pdfWithContent(zerosZlib(1536), '/FlateDecode');
    // Act
    const { error, ms, rssGrowth } = await refusal(bomb);
    // Assess
    expect(error).toBeInstanceOf(ContainerError);
    expect((error as ContainerError).rule).toBe('PDF-TOO-LARGE');
    expect((error as Error).message).toMatch(/decompress/);
    expect(ms).toBeLessThan(5000);
    expect(rssGrowth).toBeLessThan(300 * MB);
  }, 20_000);

  it('refuses a few-KB PDF whose doubly deflated stream inflates to 1.5 GB', async () => {
    // Prepare
    const inner = zerosZlib(1536);
    const bomb = pdfWithContent(deflateSync(inner, { level: 9 }), '[/FlateDecode /FlateDecode]');
    // Act
    const { error, ms, rssGrowth } = await refusal(bomb);
    // Assess
    expect(bomb.byteLength).toBeLessThan(16 * 1024);
    expect((error as ContainerError).rule).toBe('PDF-TOO-LARGE');
    expect(ms).toBeLessThan(5000);
    expect(rssGrowth).toBeLessThan(300 * MB);
  }, 20_000);

  it('still reads an ordinary PDF with a deflated content stream', async () => {
    // Prepare
    const content = deflateSync(Buffer.from('BT /F1 10 Tf 40 800 Td (Factuur 2026-001) Tj ET', 'latin1'));
    const pdf = pdfWithContent(content, '/FlateDecode');
    // Act
    const result = await extractPdf(pdf);
    // Assess
    expect(result.pages).toBe(1);
  });

  it('keeps the byte budget a caller sets', async () => {
    // Prepare
    const pdf = pdfWithContent(zerosZlib(8), '/FlateDecode');
    // Act
    const { error } = await refusal(pdf);
    const allowed = await extractPdf(pdf, { maxDecodedBytes: 16 * MB });
    // Assess
    expect(error).toBeUndefined();
    await expect(extractPdf(pdf, { maxDecodedBytes: 4 * MB })).rejects.toMatchObject({
      rule: 'PDF-TOO-LARGE',
    });
    expect(allowed.pages).toBe(1);
  });

  it('measures a bomb behind another filter (ASCIIHexDecode, then FlateDecode)', async () => {
    // Prepare
    const hex = Buffer.from(`${zerosZlib(1536).toString('hex')}>`, 'latin1');
    const bomb = pdfWithContent(hex, '[/AHx /Fl]');
    // Act
    const { error, ms } = await refusal(bomb);
    // Assess
    expect((error as ContainerError).rule).toBe('PDF-TOO-LARGE');
    expect(ms).toBeLessThan(5000);
  }, 20_000);

  it('turns a bomb mailed as an invoice into a rejection with the finding, not a crash', async () => {
    // Prepare
    const bomb = pdfWithContent(deflateSync(zerosZlib(1536), { level: 9 }), '[/FlateDecode /FlateDecode]');
    // Act
    const result = await processInvoiceFile(
      { bytes: bomb, filename: 'bomb.pdf', direction: 'purchase', administration: 'DEMO', tenant: 'acme' },
      inMemoryInvoiceContext({}),
    );
    // Assess
    expect(result.status).toBe('rejected');
    expect(result.findings).toContainEqual(expect.objectContaining({ rule: 'PDF-TOO-LARGE' }));
  }, 20_000);

  it('is not misled by a decoy /Filter in a nested dictionary', async () => {
    // Prepare
    const bomb = pdfWithContent(zerosZlib(256), '/FlateDecode /Decoy << /Filter /DCTDecode >>');
    // Act
    const { error } = await refusal(bomb);
    // Assess
    expect((error as ContainerError).rule).toBe('PDF-TOO-LARGE');
  }, 20_000);

  it('refuses a RunLengthDecode stream beyond the budget', async () => {
    // Prepare: each 2-byte run writes 128 bytes.
    const runs = Buffer.alloc(2 * 64 * 1024, Buffer.from([0x81, 0x00]));
    const pdf = pdfWithContent(Buffer.concat([runs, Buffer.from([0x80])]), '/RunLengthDecode');
    // Act
    const outcome = extractPdf(pdf, { maxDecodedBytes: 4 * MB });
    // Assess
    await expect(outcome).rejects.toMatchObject({ rule: 'PDF-TOO-LARGE' });
  });

  it('still reads the embedded files and text of the test PDFs', async () => {
    // Prepare
    const pdf = buildPdf({
      lines: ['Factuur 2026-001'],
      files: [{ name: 'invoice.xml', content: new TextEncoder().encode('<Invoice/>') }],
    });
    // Act
    const result = await extractPdf(pdf);
    // Assess
    expect(result.text).toContain('Factuur 2026-001');
    expect(result.attachments.map((a) => a.filename)).toEqual(['invoice.xml']);
  });

  it('never fails on arbitrary bytes after a stream keyword with anything but a container finding', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/FlateDecode', '/LZWDecode', '/A85', '/AHx', '/RL', '[/AHx /Fl]', '/DCTDecode'),
        fc.uint8Array({ maxLength: 2000 }),
        async (filter, data) => {
          // Prepare
          const pdf = Buffer.concat([
            Buffer.from(
              `%PDF-1.7\n4 0 obj\n<< /Length ${data.length} /Filter ${filter} >>\nstream\n`,
              'latin1',
            ),
            data,
            Buffer.from('\nendstream\nendobj\n', 'latin1'),
          ]);
          // Act
          const outcome = await checkStreamBudget(new Uint8Array(pdf), {
            maxDecodedBytes: 1 * MB,
            deadline: Date.now() + 5000,
          }).then(
            () => undefined,
            (error: unknown) => error,
          );
          // Assess
          if (outcome !== undefined) expect(outcome).toBeInstanceOf(ContainerError);
        },
      ),
      { numRuns: 300 },
    );
  });
});
