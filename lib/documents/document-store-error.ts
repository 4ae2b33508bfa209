/** A write to the documents table that could not be completed (e.g. the record kept changing under it). */
export class DocumentStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DocumentStoreError';
  }
}
