import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { type PlainXmlOptions, readPlainXml } from '../../xml/plain-xml-reader.ts';
import { UnsafeXmlError } from '../errors.ts';
import { decodeXmlBytes } from './decode.ts';
import { rootNamespace } from './root-namespace.ts';
import type { XmlElement } from './xml-element.ts';

export interface SafeXmlLimits {
  /** Refuse files larger than this many bytes before decoding (default 20 MB). */
  maxBytes: number;
  /** Refuse element nesting deeper than this (default 64; UBL needs about 12). */
  maxDepth: number;
}

export const DEFAULT_XML_LIMITS: SafeXmlLimits = { maxBytes: 20 * 1024 * 1024, maxDepth: 64 };

export interface ParsedXml {
  rootName: string;
  /** The namespace URI of the root element (the tree itself carries no namespaces); undefined for none. */
  rootNamespace?: string;
  root: XmlElement;
  /** Large base64 payloads taken out before parsing; the element text reads `blob:<index>`. */
  blobs: string[];
}

/**
 * Embedded attachments are base64 text of up to several MB. Scanning them character by character in the
 * validator and parser costs more than the invoice itself, and they cannot contain markup, so they are
 * lifted out before parsing and put back by index.
 */
const BINARY_OBJECT =
  /<((?:[A-Za-z_][\w.-]*:)?(?:EmbeddedDocumentBinaryObject|AttachmentBinaryObject))(\s[^>]*)?>([A-Za-z0-9+/=\s]{1024,})<\/\1>/g;

function liftBlobs(text: string): { text: string; blobs: string[] } {
  const blobs: string[] = [];
  if (text.length < 4096) return { text, blobs };
  const lifted = text.replace(
    BINARY_OBJECT,
    (_all, name: string, attrs: string | undefined, payload: string) => {
      blobs.push(payload);
      return `<${name}${attrs ?? ''}>blob:${blobs.length - 1}</${name}>`;
    },
  );
  return { text: lifted, blobs };
}

/** The content of a binary-object element: the lifted payload when it was taken out. */
export function blobText(value: string | undefined, blobs: readonly string[]): string | undefined {
  const m = value ? /^blob:(\d+)$/.exec(value) : null;
  return m ? blobs[Number(m[1])] : value;
}

const parsers = new Map<number, XMLParser>();

function parserFor(maxDepth: number): XMLParser {
  let parser = parsers.get(maxDepth);
  if (!parser) {
    parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      removeNSPrefix: true,
      // Every element becomes an array, so one code path reads single and repeated elements alike.
      isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
      alwaysCreateTextNode: true,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: true,
      ignoreDeclaration: true,
      ignorePiTags: true,
      // Only the five predefined entities and character references; DOCTYPEs are refused before this point.
      processEntities: true,
      // Also decodes numeric character references (&#169;), which XML requires; named HTML entities are harmless.
      htmlEntities: true,
      maxNestedTags: maxDepth,
    });
    parsers.set(maxDepth, parser);
  }
  return parser;
}

/** Reading options of the invoice tree; `readPlainXml` builds the same tree as this parser. */
function plainOptions(maxDepth: number): PlainXmlOptions {
  return {
    isArray: () => true,
    attributePrefix: '@_',
    alwaysCreateTextNode: true,
    ignoreDeclaration: true,
    maxDepth,
  };
}

/**
 * The object tree of an invoice document: the fast plain reader (a document it reads is well-formed), else
 * the XML validator and fast-xml-parser, whose messages name the problem.
 */
export function readInvoiceTree(
  text: string,
  maxDepth = DEFAULT_XML_LIMITS.maxDepth,
): Record<string, unknown> {
  return readPlainXml(text, plainOptions(maxDepth)) ?? readInvoiceTreeSlow(text, maxDepth);
}

/** The tree as the validator and fast-xml-parser alone build it (the reference the fast reader is tested against). */
export function readInvoiceTreeSlow(
  text: string,
  maxDepth = DEFAULT_XML_LIMITS.maxDepth,
): Record<string, unknown> {
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    const { code, msg, line, col } = valid.err;
    throw new UnsafeXmlError(
      'XML-MALFORMED',
      `not well-formed XML (${code}): ${msg} at line ${line}, column ${col}`,
    );
  }
  try {
    return parserFor(maxDepth).parse(text) as Record<string, unknown>;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const rule = /nest/i.test(message) ? 'XML-DEPTH' : 'XML-MALFORMED';
    throw new UnsafeXmlError(rule, `the XML could not be parsed: ${message}`, { cause });
  }
}

/**
 * Parses untrusted XML bytes with every known hostile construct refused up front: size cap, strict
 * decoding, no DOCTYPE/ENTITY (billion laughs, XXE), well-formedness check, nesting cap.
 */
export function parseXmlSafely(bytes: Uint8Array, limits: Partial<SafeXmlLimits> = {}): ParsedXml {
  const { maxBytes, maxDepth } = { ...DEFAULT_XML_LIMITS, ...limits };
  const decoded = decodeXmlBytes(bytes, maxBytes);
  if (/<!DOCTYPE/i.test(decoded)) {
    throw new UnsafeXmlError(
      'XML-DOCTYPE',
      'DOCTYPE declarations are not accepted (entity expansion / external entity risk)',
    );
  }
  if (/<!ENTITY/i.test(decoded)) {
    throw new UnsafeXmlError('XML-ENTITY', 'ENTITY declarations are not accepted');
  }
  // XML 1.0 §2.11: line ends are LF to the application; the fast reader only reads documents without CR.
  const { text, blobs } = liftBlobs(decoded.includes('\r') ? decoded.replace(/\r\n?/g, '\n') : decoded);
  if (!/^\s*</.test(text))
    throw new UnsafeXmlError('XML-NOT-XML', 'the content does not start with an XML element');
  const parsed = readInvoiceTree(text, maxDepth);
  const rootNames = Object.keys(parsed).filter((k) => !k.startsWith('?') && !k.startsWith('#'));
  const rootName = rootNames[0];
  const rootArray = rootName ? parsed[rootName] : undefined;
  if (!rootName || rootNames.length !== 1 || !Array.isArray(rootArray) || rootArray.length !== 1) {
    throw new UnsafeXmlError('XML-ROOT', 'the document must have exactly one root element');
  }
  const namespace = rootNamespace(text);
  return {
    rootName,
    ...(namespace !== undefined ? { rootNamespace: namespace } : {}),
    root: rootArray[0] as XmlElement,
    blobs,
  };
}
