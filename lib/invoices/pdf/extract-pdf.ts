import { sanitizeAttachmentName } from '../attachment-name.ts';
import { ContainerError } from '../errors.ts';
import type { EmbeddedFile } from '../model.ts';

export interface PdfContent {
  attachments: EmbeddedFile[];
  /** Page texts joined, lines separated by newlines. */
  text: string;
  pages: number;
}

export interface PdfLimits {
  maxPages: number;
  maxAttachmentBytes: number;
}

const DEFAULT_LIMITS: PdfLimits = { maxPages: 30, maxAttachmentBytes: 20 * 1024 * 1024 };

function mimeTypeOf(filename: string): string {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.xml')) return 'application/xml';
  if (lower.endsWith('.pdf')) return 'application/pdf';
  if (lower.endsWith('.png')) return 'image/png';
  if (lower.endsWith('.jpg') || lower.endsWith('.jpeg')) return 'image/jpeg';
  if (lower.endsWith('.csv')) return 'text/csv';
  return 'application/octet-stream';
}

export function isPdf(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.byteLength, 1024)));
  return head.includes('%PDF-');
}

/** Reads embedded files (EmbeddedFiles name tree / file attachment annotations) and the text layer of a PDF. */
export async function extractPdf(bytes: Uint8Array, limits: Partial<PdfLimits> = {}): Promise<PdfContent> {
  const { maxPages, maxAttachmentBytes } = { ...DEFAULT_LIMITS, ...limits };
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
    throw new ContainerError(
      'PDF-UNREADABLE',
      `the PDF content cannot be read: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  } finally {
    await pdf.destroy();
  }
}
