/** OCR of a receipt failed or was stopped (too large, too slow, not an image it can read). */
export class ReceiptOcrError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReceiptOcrError';
  }
}
