import { parseCii } from './cii/parse-cii.ts';
import { UnsupportedDocumentError } from './errors.ts';
import type { Finding } from './findings.ts';
import type { InvoiceDocument } from './model.ts';
import { parseUbl } from './ubl/parse-ubl.ts';
import { parseXmlSafely, type SafeXmlLimits } from './xml/safe-xml.ts';

export interface ParsedInvoice {
  document: InvoiceDocument;
  findings: Finding[];
}

/** Parses UBL Invoice/CreditNote or CII CrossIndustryInvoice bytes into the invoice model; throws InvoiceError subclasses. */
export function parseInvoiceXml(bytes: Uint8Array, limits: Partial<SafeXmlLimits> = {}): ParsedInvoice {
  const { rootName, root, blobs } = parseXmlSafely(bytes, limits);
  if (rootName === 'Invoice' || rootName === 'CreditNote') return parseUbl(rootName, root, blobs);
  if (rootName === 'CrossIndustryInvoice') return parseCii(root);
  throw new UnsupportedDocumentError(
    'DOC-UNSUPPORTED',
    `root element <${rootName}> is not a UBL Invoice/CreditNote or a CII CrossIndustryInvoice`,
  );
}
