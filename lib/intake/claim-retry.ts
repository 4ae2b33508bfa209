import {
  DuplicateClaimLostError,
  type InvoiceContext,
  type InvoiceResult,
  InvoiceStoreError,
  processInvoiceFile,
} from '../invoices/index.ts';

/** Runs the invoice logic; a claim lost to a concurrent delivery is retried, and then reads as duplicate. */
export async function processWithClaimRetry(
  input: Parameters<typeof processInvoiceFile>[0],
  context: InvoiceContext,
  attempts: number,
): Promise<InvoiceResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await processInvoiceFile(input, context);
    } catch (error) {
      const lostClaim = error instanceof InvoiceStoreError && error.cause instanceof DuplicateClaimLostError;
      if (!lostClaim || attempt >= attempts) throw error;
    }
  }
}
