import { type PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';

export const A4: [number, number] = [595.28, 841.89];
export const MARGIN = 56;
const SIZE = 10;
const LINE = 14;

/** Text the standard font can draw: characters outside WinAnsi become `?` instead of failing the PDF. */
function drawable(font: PDFFont, text: string): string {
  return Array.from(text.replace(/[\r\n\t]+/g, ' '))
    .map((char) => {
      try {
        font.encodeText(char);
        return char;
      } catch {
        return '?';
      }
    })
    .join('');
}

/** Cut to fit `width` points, ending in `…` when cut. */
function fitted(font: PDFFont, text: string, width: number): string {
  let safe = drawable(font, text);
  if (font.widthOfTextAtSize(safe, SIZE) <= width) return safe;
  while (safe.length > 0 && font.widthOfTextAtSize(`${safe}…`, SIZE) > width) safe = safe.slice(0, -1);
  return `${safe}…`;
}

/** Writes lines of text top-down on A4 pages, starting a new page when one is full. */
export class PdfPageWriter {
  page: PDFPage;
  y: number;
  constructor(
    readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.page = doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }
  text(x: number, text: string, options: { bold?: boolean; width?: number; right?: boolean } = {}): void {
    const font = options.bold ? this.bold : this.regular;
    const shown = fitted(font, text, options.width ?? A4[0] - MARGIN - x);
    const at = options.right ? x - font.widthOfTextAtSize(shown, SIZE) : x;
    this.page.drawText(shown, { x: at, y: this.y, size: SIZE, font, color: rgb(0.1, 0.1, 0.1) });
  }
  next(lines = 1): void {
    this.y -= LINE * lines;
    if (this.y < MARGIN + LINE * 2) {
      this.page = this.doc.addPage(A4);
      this.y = A4[1] - MARGIN;
    }
  }
}
