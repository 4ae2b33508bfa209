import { InvoiceError } from '../errors.ts';

/** Another document claimed the same invoice between our check and our claim; retrying marks this one duplicate. */
export class DuplicateClaimLostError extends InvoiceError {
  readonly key: string;
  readonly documentId: string;
  constructor(key: string, documentId: string, options?: { cause?: unknown }) {
    super(
      'DUPLICATE-CLAIM-LOST',
      `document ${documentId} lost the claim on invoice key "${key}" to a concurrent delivery`,
      options,
    );
    this.name = 'DuplicateClaimLostError';
    this.key = key;
    this.documentId = documentId;
  }
}

/** A correction that cannot be learned: no relation key given and none recorded for the document. */
export class InvoiceCorrectionError extends InvoiceError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CORRECTION-UNRESOLVED', message, options);
    this.name = 'InvoiceCorrectionError';
  }
}
