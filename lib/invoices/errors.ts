/** Root of every error the invoice capability raises internally; processInvoiceFile turns them into findings. */
export class InvoiceError extends Error {
  readonly rule: string;
  constructor(rule: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvoiceError';
    this.rule = rule;
  }
}

/** Input refused before or while parsing XML: too large, hostile constructs, undecodable, not well-formed. */
export class UnsafeXmlError extends InvoiceError {
  constructor(rule: string, message: string, options?: { cause?: unknown }) {
    super(rule, message, options);
    this.name = 'UnsafeXmlError';
  }
}

/** The XML is fine but is not an invoice syntax this capability understands. */
export class UnsupportedDocumentError extends InvoiceError {
  constructor(rule: string, message: string, options?: { cause?: unknown }) {
    super(rule, message, options);
    this.name = 'UnsupportedDocumentError';
  }
}

/** A PDF or e-mail container could not be opened. */
export class ContainerError extends InvoiceError {
  constructor(rule: string, message: string, options?: { cause?: unknown }) {
    super(rule, message, options);
    this.name = 'ContainerError';
  }
}

/**
 * A store of the context (CASH mirror, ledger memory, duplicate registry) failed. This is not the
 * document's fault, so processInvoiceFile lets it through for the caller to retry the whole file.
 */
export class InvoiceStoreError extends InvoiceError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORE-UNAVAILABLE', message, options);
    this.name = 'InvoiceStoreError';
  }
}
