import { parseCii } from './cii/parse-cii.ts';
import { UnsupportedDocumentError } from './errors.ts';
import type { Finding } from './findings.ts';
import type { InvoiceDocument } from './model.ts';
import { parseUbl } from './ubl/parse-ubl.ts';
import { INVOICE_NAMESPACES } from './xml/root-namespace.ts';
import { parseXmlSafely, type SafeXmlLimits } from './xml/safe-xml.ts';

export interface ParsedInvoice {
  document: InvoiceDocument;
  findings: Finding[];
}

/** Parses UBL Invoice/CreditNote or CII CrossIndustryInvoice bytes into the invoice model; throws InvoiceError subclasses. */
export function parseInvoiceXml(bytes: Uint8Array, limits: Partial<SafeXmlLimits> = {}): ParsedInvoice {
  const { rootName, rootNamespace, root, blobs } = parseXmlSafely(bytes, limits);
  const expected = INVOICE_NAMESPACES[rootName];
  // A look-alike root (another standard's Invoice, or none at all) would be read as UBL/CII and booked.
  if (expected !== undefined && rootNamespace !== expected) {
    throw new UnsupportedDocumentError(
      'DOC-NAMESPACE',
      `root element <${rootName}> is in namespace ${rootNamespace === undefined ? '(none)' : `"${rootNamespace.slice(0, 100)}"`}, not ${expected}: not a UBL or CII invoice`,
    );
  }
  if (rootName === 'Invoice' || rootName === 'CreditNote') return parseUbl(rootName, root, blobs);
  if (rootName === 'CrossIndustryInvoice') return parseCii(root);
  throw new UnsupportedDocumentError(
    'DOC-UNSUPPORTED',
    `root element <${rootName}> is not a UBL Invoice/CreditNote or a CII CrossIndustryInvoice`,
  );
}
