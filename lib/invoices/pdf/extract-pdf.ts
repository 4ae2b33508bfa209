import { sanitizeAttachmentName } from '../attachment-name.ts';
import { ContainerError } from '../errors.ts';
import type { EmbeddedFile } from '../model.ts';
import { checkStreamBudget } from './stream-budget.ts';

export interface PdfContent {
  attachments: EmbeddedFile[];
  /** Page texts joined, lines separated by newlines. */
  text: string;
  pages: number;
}

export interface PdfLimits {
  maxPages: number;
  maxAttachmentBytes: number;
  /** What all streams of the document may decompress to together (a 3.7 KB PDF can inflate to 1.5 GB). */
  maxDecodedBytes: number;
  /** Time for decompressing and reading the whole document. */
  maxMilliseconds: number;
}

const DEFAULT_LIMITS: PdfLimits = {
  maxPages: 30,
  maxAttachmentBytes: 20 * 1024 * 1024,
  maxDecodedBytes: 256 * 1024 * 1024,
  maxMilliseconds: 10_000,
};

function mimeTypeOf(filename: string): string {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.xml')) return 'application/xml';
  if (lower.endsWith('.pdf')) return 'application/pdf';
  if (lower.endsWith('.png')) return 'image/png';
  if (lower.endsWith('.jpg') || lower.endsWith('.jpeg')) return 'image/jpeg';
  if (lower.endsWith('.csv')) return 'text/csv';
  return 'application/octet-stream';
}

/** Reads embedded files (EmbeddedFiles name tree / file attachment annotations) and the text layer of a PDF. */
export async function extractPdf(bytes: Uint8Array, limits: Partial<PdfLimits> = {}): Promise<PdfContent> {
  const { maxPages, maxAttachmentBytes, maxDecodedBytes, maxMilliseconds } = { ...DEFAULT_LIMITS, ...limits };
  const deadline = Date.now() + maxMilliseconds;
  // pdf.js decodes without limits; the streams are measured first, the deadline is checked between pages.
  await checkStreamBudget(bytes, { maxDecodedBytes, deadline });
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let pdf: Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;
  try {
    // pdf.js takes ownership of the buffer it is given, so it gets a copy.
    pdf = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
      verbosity: 0,
    }).promise;
  } catch (cause) {
    throw new ContainerError(
      'PDF-UNREADABLE',
      `the PDF cannot be opened: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  try {
    const attachments: EmbeddedFile[] = [];
    const raw = ((await pdf.getAttachments()) ?? {}) as Record<
      string,
      { filename?: string; content?: Uint8Array; description?: string }
    >;
    for (const [key, value] of Object.entries(raw)) {
      if (!value?.content || value.content.byteLength > maxAttachmentBytes) continue;
      const filename = sanitizeAttachmentName(value.filename || key);
      attachments.push({
        filename,
        mimeType: mimeTypeOf(filename),
        content: new Uint8Array(value.content),
        description: value.description,
      });
    }
    const pageTexts: string[] = [];
    const pages = Math.min(pdf.numPages, maxPages);
    for (let n = 1; n <= pages; n++) {
      if (Date.now() > deadline) {
        throw new ContainerError(
          'PDF-TOO-SLOW',
          `reading the PDF took longer than ${maxMilliseconds} ms (page ${n})`,
        );
      }
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items as { str?: string; hasEOL?: boolean }[]) {
        if (typeof item.str !== 'string') continue;
        text += item.str;
        text += item.hasEOL ? '\n' : ' ';
      }
      pageTexts.push(text);
      page.cleanup();
    }
    return { attachments, text: pageTexts.join('\n'), pages: pdf.numPages };
  } catch (cause) {
    if (cause instanceof ContainerError) throw cause;
    throw new ContainerError(
      'PDF-UNREADABLE',
      `the PDF content cannot be read: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  } finally {
    await pdf.destroy();
  }
}
