/**
 * A fast reader for plain XML: elements, attributes, text and the five predefined entities. It builds
 * exactly the object tree fast-xml-parser builds with the matching options (namespace prefixes removed,
 * `xmlns` attributes dropped, values trimmed strings, arrays by `isArray`, repeated names turned into arrays,
 * attributes after children, `#text` before attributes), so callers keep one tree shape and one code path.
 *
 * Why: fast-xml-parser tracks paths and scans character by character; bank statements (100,000 entries) and
 * invoices spent most of their time there. This reader uses `indexOf` and builds the tree in one pass.
 *
 * Comments are skipped, as fast-xml-parser does. Anything outside that plain subset (CDATA, DOCTYPE,
 * processing instructions after the declaration, mixed content, character references and other entities, CR characters, malformed or
 * unbalanced tags, duplicate attributes, reserved property names, non-ASCII names, nesting deeper than
 * `maxDepth`) returns `undefined`, and the caller parses the document with fast-xml-parser, so odd documents
 * and their error messages behave exactly as before. A document this reader accepts is well-formed.
 */
export type XmlNode = Record<string, unknown>;

/**
 * Takes a finished element out of the tree: called when an element closes, with its value, its parent's name
 * and the parent's children so far; returning true keeps the element out of the parent. Lets a caller handle
 * each of many repeated elements (camt.053 `Ntry`) while the document is read, so their subtrees die young
 * instead of all living until the end.
 */
export type DetachElement = (name: string, value: unknown, parentName: string, parent: XmlNode) => boolean;

export interface PlainXmlOptions {
  /** Names always read as arrays (fast-xml-parser `isArray`, for elements). */
  isArray: (name: string) => boolean;
  /** Prefix of attribute keys (fast-xml-parser `attributeNamePrefix`). Default `@`. */
  attributePrefix?: string;
  /** Leaves become `{ '#text': … }` even without attributes (fast-xml-parser `alwaysCreateTextNode`). */
  alwaysCreateTextNode?: boolean;
  /** Leave out the `?xml` declaration (fast-xml-parser `ignoreDeclaration`). */
  ignoreDeclaration?: boolean;
  /** Deeper documents are left to fast-xml-parser (which refuses more than its own limit). Default 90. */
  maxDepth?: number;
  detach?: DetachElement;
}

/** Names fast-xml-parser renames or refuses (prototype pollution guard); such documents go the slow way. */
const RESERVED_NAMES = new Set([
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
]);

/** An XML name with at most one namespace prefix (ASCII; other names go the slow way). */
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?$/;
const ATTRIBUTE = /\s*([^\s=]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const ENTITY = /&(amp|lt|gt|quot|apos);/g;
const OTHER_AMPERSAND = /&(?!(?:amp|lt|gt|quot|apos);)/;
const ENTITY_VALUES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const DEFAULT_MAX_DEPTH = 90;

interface Frame {
  /** The name as written, to check the closing tag. */
  raw: string;
  /** The name without namespace prefix, the key in the tree. */
  name: string;
  attributes: XmlNode | undefined;
  children: XmlNode | undefined;
  text: string;
  hasChildren: boolean;
}

interface Reading {
  isArray: (name: string) => boolean;
  attributePrefix: string;
  alwaysCreateTextNode: boolean;
  detach: DetachElement | undefined;
}

/** Internal signal "leave this document to fast-xml-parser"; never leaves this module. */
class NotPlain extends Error {
  constructor() {
    super('not plain XML');
    this.name = 'NotPlain';
  }
}

function decode(raw: string): string {
  if (!raw.includes('&')) return raw;
  if (OTHER_AMPERSAND.test(raw)) throw new NotPlain();
  return raw.replace(ENTITY, (_match, name: string) => ENTITY_VALUES[name] ?? '');
}

/** Whether `xml[from, to)` is only the spaces and line breaks between tags (checked without a copy). */
function onlyLayout(xml: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(xml.charCodeAt(i))) return false;
  return true;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

/** Checked names without prefix, by name as written: a document uses a few dozen names 100,000 times. */
const LOCAL_NAMES = new Map<string, string>();
const LOCAL_NAMES_LIMIT = 10_000;

function localName(raw: string): string {
  const known = LOCAL_NAMES.get(raw);
  if (known !== undefined) return known;
  if (!NAME.test(raw)) throw new NotPlain();
  const colon = raw.indexOf(':');
  const name = colon < 0 ? raw : raw.slice(colon + 1);
  if (RESERVED_NAMES.has(name)) throw new NotPlain();
  if (LOCAL_NAMES.size >= LOCAL_NAMES_LIMIT) LOCAL_NAMES.clear();
  LOCAL_NAMES.set(raw, name);
  return name;
}

/** Reads `name="value"` pairs; `undefined` when there are none left after namespace declarations. */
function readAttributes(source: string, prefix: string): XmlNode | undefined {
  if (source === '') return undefined;
  let attributes: XmlNode | undefined;
  let position = 0;
  while (position < source.length) {
    if (source.slice(position).trim() === '') break;
    ATTRIBUTE.lastIndex = position;
    const match = ATTRIBUTE.exec(source);
    if (!match) throw new NotPlain();
    position = ATTRIBUTE.lastIndex;
    const raw = match[1] ?? '';
    // Checked first, namespace declarations included: a document this reader accepts is well-formed.
    const name = localName(raw);
    if (raw === 'xmlns' || raw.startsWith('xmlns:')) continue;
    const key = `${prefix}${name}`;
    attributes ??= {};
    if (key in attributes) throw new NotPlain();
    attributes[key] = decode((match[2] ?? match[3] ?? '').trim());
  }
  return attributes;
}

function addChild(parent: XmlNode, name: string, value: unknown, isArray: (name: string) => boolean): void {
  const existing = parent[name];
  if (existing === undefined) parent[name] = isArray(name) ? [value] : value;
  // Values are strings or objects, so an array here is one this reader made: a repeated name.
  else if (Array.isArray(existing)) existing.push(value);
  else parent[name] = [existing, value];
}

/** The fast-xml-parser tree of `xml`, or `undefined` when `xml` is not plain (see above). */
export function readPlainXml(xml: string, options: PlainXmlOptions): XmlNode | undefined {
  try {
    return read(xml, options);
  } catch (error) {
    if (error instanceof NotPlain) return undefined;
    throw error;
  }
}

function read(xml: string, options: PlainXmlOptions): XmlNode {
  // fast-xml-parser turns CR LF into LF inside values; callers normalise line ends first (XML 1.0 §2.11).
  if (xml.includes('\r')) throw new NotPlain();
  const reading: Reading = {
    isArray: options.isArray,
    attributePrefix: options.attributePrefix ?? '@',
    alwaysCreateTextNode: options.alwaysCreateTextNode ?? false,
    detach: options.detach,
  };
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const document: XmlNode = {};
  const stack: Frame[] = [];
  let position = 0;
  let rootSeen = false;
  // The declaration, if any, is the first thing in the document.
  const start = xml.indexOf('<');
  if (start < 0 || !onlyLayout(xml, 0, start)) throw new NotPlain();
  position = start;
  if (xml.startsWith('<?xml', position)) {
    const end = xml.indexOf('?>', position);
    if (end < 0) throw new NotPlain();
    const body = xml.slice(position + 5, end);
    if (body !== '' && !/^\s/.test(body)) throw new NotPlain();
    const declaration = readAttributes(body, reading.attributePrefix) ?? '';
    if (!options.ignoreDeclaration) document['?xml'] = declaration;
    position = end + 2;
  }
  while (position < xml.length) {
    const lt = xml.indexOf('<', position);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > position && !onlyLayout(xml, position, textEnd)) {
      const piece = xml.slice(position, textEnd).trim();
      if (piece !== '') {
        const frame = stack[stack.length - 1];
        // Text outside the root, mixed content or text in two pieces: not plain.
        if (!frame || frame.hasChildren || frame.text !== '') throw new NotPlain();
        frame.text = decode(piece);
        if (frame.text === '') throw new NotPlain();
      }
    }
    if (lt < 0) break;
    const gt = xml.indexOf('>', lt);
    if (gt < 0) throw new NotPlain();
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x2f /* / */) {
      const raw = xml.slice(lt + 2, gt).trimEnd();
      const frame = stack.pop();
      if (!frame || frame.raw !== raw) throw new NotPlain();
      close(frame, stack, document, reading);
      if (stack.length === 0) rootSeen = true;
      position = gt + 1;
      continue;
    }
    if (next === 0x21 /* ! */) {
      position = skipComment(xml, lt, stack[stack.length - 1]);
      continue;
    }
    // Processing instructions after the declaration.
    if (next === 0x3f /* ? */) throw new NotPlain();
    if (stack.length === 0 && rootSeen) throw new NotPlain();
    const selfClosing = xml.charCodeAt(gt - 1) === 0x2f;
    const innerEnd = selfClosing ? gt - 1 : gt;
    let nameEnd = lt + 1;
    while (nameEnd < innerEnd && !isSpace(xml.charCodeAt(nameEnd))) nameEnd++;
    const raw = xml.slice(lt + 1, nameEnd);
    const frame: Frame = {
      raw,
      name: localName(raw),
      attributes:
        nameEnd < innerEnd
          ? readAttributes(xml.slice(nameEnd, innerEnd), reading.attributePrefix)
          : undefined,
      children: undefined,
      text: '',
      hasChildren: false,
    };
    const parent = stack[stack.length - 1];
    if (parent) {
      if (parent.text !== '') throw new NotPlain();
      parent.hasChildren = true;
    }
    if (stack.length >= maxDepth) throw new NotPlain();
    if (selfClosing) {
      close(frame, stack, document, reading);
      if (stack.length === 0) rootSeen = true;
    } else stack.push(frame);
    position = gt + 1;
  }
  if (stack.length > 0 || !rootSeen) throw new NotPlain();
  return document;
}

/**
 * Skips a comment (fast-xml-parser drops them) and returns the position after it. CDATA and DOCTYPE are not
 * plain; neither is a comment that is not well-formed (`--` inside) or that splits an element's text.
 */
function skipComment(xml: string, lt: number, frame: Frame | undefined): number {
  if (!xml.startsWith('<!--', lt)) throw new NotPlain();
  const end = xml.indexOf('-->', lt + 4);
  if (end < 0) throw new NotPlain();
  const body = xml.slice(lt + 4, end);
  if (body.includes('--') || body.endsWith('-')) throw new NotPlain();
  if (frame && frame.text !== '') throw new NotPlain();
  return end + 3;
}

/** The value fast-xml-parser gives a finished element. */
function elementValue(frame: Frame, reading: Reading): unknown {
  if (frame.hasChildren) {
    const value = frame.children ?? {};
    // Attributes come after the children.
    return frame.attributes ? Object.assign(value, frame.attributes) : value;
  }
  if (reading.alwaysCreateTextNode) return { '#text': frame.text, ...frame.attributes };
  if (!frame.attributes) return frame.text;
  return frame.text === '' ? frame.attributes : { '#text': frame.text, ...frame.attributes };
}

/** Turns a finished element into its value and hangs it under its parent (or the document). */
function close(frame: Frame, stack: Frame[], document: XmlNode, reading: Reading): void {
  const value = elementValue(frame, reading);
  const parent = stack[stack.length - 1];
  if (!parent) {
    addChild(document, frame.name, value, reading.isArray);
    return;
  }
  parent.children ??= {};
  if (reading.detach?.(frame.name, value, parent.name, parent.children)) return;
  addChild(parent.children, frame.name, value, reading.isArray);
}
