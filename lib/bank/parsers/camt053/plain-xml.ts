/**
 * A fast reader for the plain XML that banks write in camt.053 files: elements, attributes, text and the
 * five predefined entities. It builds exactly the object tree that fast-xml-parser builds with the options
 * in `parse-camt053.ts` (namespace prefixes removed, `xmlns` attributes dropped, attributes as `@name`,
 * values trimmed and kept as strings, `isArray` names always arrays, repeated names turned into arrays).
 *
 * Why: fast-xml-parser spent ~8 of the ~10 s needed for 100,000 entries (path tracking, per-character
 * scanning); this reader uses `indexOf` and builds the tree in one pass.
 *
 * Anything outside that plain subset (comments, CDATA, processing instructions after the declaration,
 * mixed content, other entities or character references, malformed or unbalanced tags, reserved property
 * names, deep nesting) returns `undefined`, and the caller parses the document with fast-xml-parser, so
 * odd documents and their error messages behave exactly as before.
 */
type Node = Record<string, unknown>;

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
/** fast-xml-parser refuses documents nested deeper than 100 tags; deep documents are left to it. */
const MAX_DEPTH = 90;

interface Frame {
  /** The name as written, to check the closing tag. */
  raw: string;
  /** The name without namespace prefix, the key in the tree. */
  name: string;
  value: Node | undefined;
  text: string;
  hasChildren: boolean;
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

/** Checked names without prefix, by name as written: a statement uses a few dozen names 100,000 times. */
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
function readAttributes(source: string): Node | undefined {
  if (source === '') return undefined;
  let attributes: Node | undefined;
  let position = 0;
  while (position < source.length) {
    if (source.slice(position).trim() === '') break;
    ATTRIBUTE.lastIndex = position;
    const match = ATTRIBUTE.exec(source);
    if (!match) throw new NotPlain();
    position = ATTRIBUTE.lastIndex;
    const raw = match[1] ?? '';
    if (raw === 'xmlns' || raw.startsWith('xmlns:')) continue;
    const key = `@${localName(raw)}`;
    attributes ??= {};
    if (key in attributes) throw new NotPlain();
    attributes[key] = decode((match[2] ?? match[3] ?? '').trim());
  }
  return attributes;
}

function addChild(parent: Node, name: string, value: unknown, isArray: (name: string) => boolean): void {
  const existing = parent[name];
  if (existing === undefined) parent[name] = isArray(name) ? [value] : value;
  // Values are strings or objects, so an array here is one this reader made: a repeated name.
  else if (Array.isArray(existing)) existing.push(value);
  else parent[name] = [existing, value];
}

/**
 * Takes a finished element out of the tree: called when an element closes, with its value, its parent's name
 * and the parent's value so far; returning true keeps the element out of the parent. Lets a caller handle
 * each of many repeated elements (camt.053 `Ntry`) while the document is read, so their subtrees die young
 * instead of all living until the end.
 */
export type DetachElement = (name: string, value: unknown, parentName: string, parent: Node) => boolean;

/** The fast-xml-parser tree of `xml`, or `undefined` when `xml` is not plain (see above). */
export function readPlainXml(
  xml: string,
  isArray: (name: string) => boolean,
  detach?: DetachElement,
): Node | undefined {
  try {
    return read(xml, isArray, detach);
  } catch (error) {
    if (error instanceof NotPlain) return undefined;
    throw error;
  }
}

function read(xml: string, isArray: (name: string) => boolean, detach: DetachElement | undefined): Node {
  // fast-xml-parser turns CR LF into LF inside values; decoded statement files have no CR any more.
  if (xml.includes('\r')) throw new NotPlain();
  const document: Node = {};
  const stack: Frame[] = [];
  let position = 0;
  let rootSeen = false;
  // The declaration, if any, is the first thing in the document.
  const start = xml.indexOf('<');
  if (start < 0 || xml.slice(0, start).trim() !== '') throw new NotPlain();
  position = start;
  if (xml.startsWith('<?xml', position)) {
    const end = xml.indexOf('?>', position);
    if (end < 0) throw new NotPlain();
    const body = xml.slice(position + 5, end);
    if (body !== '' && !/^\s/.test(body)) throw new NotPlain();
    document['?xml'] = readAttributes(body) ?? '';
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
      close(frame, stack, document, isArray, detach);
      if (stack.length === 0) rootSeen = true;
      position = gt + 1;
      continue;
    }
    // Comments, CDATA, DOCTYPE, processing instructions.
    if (next === 0x21 /* ! */ || next === 0x3f /* ? */) throw new NotPlain();
    if (stack.length === 0 && rootSeen) throw new NotPlain();
    const selfClosing = xml.charCodeAt(gt - 1) === 0x2f;
    const innerEnd = selfClosing ? gt - 1 : gt;
    let nameEnd = lt + 1;
    while (nameEnd < innerEnd && !isSpace(xml.charCodeAt(nameEnd))) nameEnd++;
    const raw = xml.slice(lt + 1, nameEnd);
    const frame: Frame = {
      raw,
      name: localName(raw),
      value: nameEnd < innerEnd ? readAttributes(xml.slice(nameEnd, innerEnd)) : undefined,
      text: '',
      hasChildren: false,
    };
    const parent = stack[stack.length - 1];
    if (parent) {
      if (parent.text !== '') throw new NotPlain();
      parent.hasChildren = true;
    }
    if (stack.length >= MAX_DEPTH) throw new NotPlain();
    if (selfClosing) {
      close(frame, stack, document, isArray, detach);
      if (stack.length === 0) rootSeen = true;
    } else stack.push(frame);
    position = gt + 1;
  }
  if (stack.length > 0 || !rootSeen) throw new NotPlain();
  return document;
}

/** Turns a finished element into its value and hangs it under its parent (or the document). */
function close(
  frame: Frame,
  stack: Frame[],
  document: Node,
  isArray: (name: string) => boolean,
  detach: DetachElement | undefined,
): void {
  let value: unknown;
  if (frame.hasChildren) value = frame.value ?? {};
  else if (frame.value) {
    if (frame.text !== '') frame.value['#text'] = frame.text;
    value = frame.value;
  } else value = frame.text;
  const parent = stack[stack.length - 1];
  if (!parent) {
    addChild(document, frame.name, value, isArray);
    return;
  }
  parent.value ??= {};
  if (detach?.(frame.name, value, parent.name, parent.value)) return;
  addChild(parent.value, frame.name, value, isArray);
}
