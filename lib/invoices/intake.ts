import type { InvoiceFileInput } from './context.ts';
import type { PartyDirectory } from './directory/party-directory.ts';
import { extractEmail, looksLikeEmail } from './email/extract-email.ts';
import { ContainerError, InvoiceError } from './errors.ts';
import { fileStartKind, startsAsImage, startsAsPdf } from './file-start/index.ts';
import type { Finding } from './findings.ts';
import { fatal, info, warning } from './findings.ts';
import type { EmbeddedFile, InvoiceDocument } from './model.ts';
import { parseInvoiceXml } from './parse-invoice-xml.ts';
import { extractPdf } from './pdf/extract-pdf.ts';
import { recogniseInvoiceText } from './pdf/recognise-text.ts';
import type { InvoiceSettings } from './settings.ts';

export interface ExtractedInvoice {
  document?: InvoiceDocument;
  findings: Finding[];
  /** Files to archive with the booking (the PDF an XML came out of, other e-mail attachments). */
  files: EmbeddedFile[];
  /** The route the invoice took, e.g. `ubl`, `pdf>cii`, `email>pdf>text`. */
  source: string;
  reviewReasons: string[];
}

const XML_NAME = /\.xml$/i;
const XML_MIME = /xml/i;

/** Named or typed XML, unless its bytes start as a PDF (a scan sent as `invoice.xml`). */
function isXmlFile(file: EmbeddedFile): boolean {
  const kind = fileStartKind(file.content);
  if (kind !== 'other') return kind === 'xml';
  return XML_NAME.test(file.filename) || XML_MIME.test(file.mimeType);
}

/** One attachment's PDF route; an unreadable PDF becomes that attachment's own finding, not the mail's end. */
async function fromAttachedPdf(
  pdf: EmbeddedFile,
  settings: InvoiceSettings,
  parties: PartyDirectory,
): Promise<ExtractedInvoice> {
  try {
    return await fromPdf(pdf.content, pdf.filename, settings, parties, 'email');
  } catch (error) {
    if (!(error instanceof ContainerError)) throw error;
    return {
      findings: [fatal(error.rule, error.message, '/PDF')],
      files: [pdf],
      source: 'email>pdf',
      reviewReasons: [],
    };
  }
}

const named = (filename: string, findings: Finding[]) =>
  findings.map((f) =>
    f.message.startsWith(`${filename}: `) ? f : { ...f, message: `${filename}: ${f.message}` },
  );

function fromXml(bytes: Uint8Array, settings: InvoiceSettings, via: string): ExtractedInvoice {
  try {
    const parsed = parseInvoiceXml(bytes, { maxBytes: settings.maxBytes });
    const route = parsed.document.syntax;
    return {
      document: parsed.document,
      findings: parsed.findings,
      files: [],
      source: via ? `${via}>${route}` : route,
      reviewReasons: [],
    };
  } catch (error) {
    if (error instanceof InvoiceError)
      return {
        findings: [fatal(error.rule, error.message, '/')],
        files: [],
        source: via ? `${via}>xml` : 'xml',
        reviewReasons: [],
      };
    throw error;
  }
}

async function fromPdf(
  bytes: Uint8Array,
  filename: string,
  settings: InvoiceSettings,
  parties: PartyDirectory,
  via: string,
): Promise<ExtractedInvoice> {
  const route = via ? `${via}>pdf` : 'pdf';
  const pdfFile: EmbeddedFile = { filename, mimeType: 'application/pdf', content: bytes };
  const content = await extractPdf(bytes, { maxAttachmentBytes: settings.maxBytes });
  const xmlFiles = content.attachments.filter(isXmlFile);
  const others = content.attachments.filter((f) => !isXmlFile(f));
  const rejected: Finding[] = [];
  for (const xml of xmlFiles) {
    const found = fromXml(xml.content, settings, route);
    if (found.document) {
      found.files = [pdfFile, ...others];
      found.findings.unshift(
        info('PDF-EMBEDDED-XML', `invoice XML "${xml.filename}" extracted from the PDF`, '/PDF'),
      );
      return found;
    }
    rejected.push(...found.findings.map((f) => ({ ...f, message: `${xml.filename}: ${f.message}` })));
  }
  if (rejected.length)
    return { findings: rejected, files: [pdfFile, ...others], source: `${route}>xml`, reviewReasons: [] };
  const recognised = await recogniseInvoiceText(content.text, parties);
  return {
    document: recognised.document,
    findings: recognised.findings,
    files: [pdfFile, ...others],
    source: `${route}>text`,
    reviewReasons: recognised.reviewReasons,
  };
}

async function fromEmail(
  bytes: Uint8Array,
  settings: InvoiceSettings,
  parties: PartyDirectory,
): Promise<ExtractedInvoice> {
  const mail = await extractEmail(bytes);
  const xmlFiles = mail.attachments.filter(isXmlFile);
  const pdfs = mail.attachments.filter(
    (a) => !isXmlFile(a) && (/pdf/i.test(a.mimeType) || /\.pdf$/i.test(a.filename) || startsAsPdf(a.content)),
  );
  const failures: Finding[] = [];
  for (const xml of xmlFiles) {
    const found = fromXml(xml.content, settings, 'email');
    if (found.document) {
      found.files = mail.attachments.filter((a) => a !== xml);
      return found;
    }
    failures.push(...named(xml.filename, found.findings));
  }
  for (const pdf of pdfs) {
    const found = await fromAttachedPdf(pdf, settings, parties);
    if (found.document) {
      found.files = [
        ...found.files,
        ...mail.attachments.filter((a) => a !== pdf && !found.files.includes(a)),
      ];
      // What the other attachments could not give stays visible, but does not reject the invoice found.
      found.findings.push(
        ...failures.map((f) => (f.severity === 'fatal' ? warning(f.rule, f.message, f.path) : f)),
      );
      return found;
    }
    failures.push(...named(pdf.filename, found.findings));
  }
  if (failures.length)
    return { findings: failures, files: mail.attachments, source: 'email', reviewReasons: [] };
  return {
    findings: [
      fatal(
        'EMAIL-NO-INVOICE',
        `the e-mail "${mail.subject ?? ''}" carries no XML or PDF invoice (${mail.attachments.length} attachment(s))`,
        '/',
      ),
    ],
    files: mail.attachments,
    source: 'email',
    reviewReasons: [],
  };
}

/** Finds the invoice in whatever arrived: XML as is, a PDF (embedded XML or text), or an e-mail carrying either. */
export async function extractInvoice(
  input: InvoiceFileInput,
  settings: InvoiceSettings,
  parties: PartyDirectory,
): Promise<ExtractedInvoice> {
  const { bytes, filename } = input;
  if (bytes.byteLength > settings.maxBytes) {
    return {
      findings: [
        fatal(
          'XML-SIZE',
          `the file has ${bytes.byteLength} bytes, more than the limit of ${settings.maxBytes}`,
          '/',
        ),
      ],
      files: [],
      source: 'unknown',
      reviewReasons: [],
    };
  }
  if (startsAsPdf(bytes)) return fromPdf(bytes, filename, settings, parties, '');
  const image = startsAsImage(bytes);
  if (image) {
    // A photo (a receipt from the app's Bonnetje): nothing in it can be booked without a person; the app
    // puts its OCR proposal on the document for the review queue.
    return {
      findings: [],
      files: [{ filename, mimeType: `image/${image}`, content: bytes }],
      source: 'image',
      reviewReasons: ['a photo of a receipt or invoice: check the recognised date, amounts and supplier'],
    };
  }
  if (looksLikeEmail(bytes, filename, input.mimeType)) return fromEmail(bytes, settings, parties);
  return fromXml(bytes, settings, '');
}
