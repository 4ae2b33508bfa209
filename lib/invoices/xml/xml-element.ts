/** An element as fast-xml-parser produces it with `isArray: () => true` and `alwaysCreateTextNode`. */
export type XmlElement = { [name: string]: XmlElement[] | string | undefined; '#text'?: string };

/** All child elements with this local name. */
export function children(node: XmlElement | undefined, name: string): XmlElement[] {
  if (!node) return [];
  const value = node[name];
  if (!Array.isArray(value)) return [];
  return value.map((v) => (typeof v === 'object' && v !== null ? v : ({ '#text': String(v) } as XmlElement)));
}

export function child(node: XmlElement | undefined, name: string): XmlElement | undefined {
  return children(node, name)[0];
}

/** Follows a path of local names, always taking the first match. */
export function at(node: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let current = node;
  for (const name of names) {
    current = child(current, name);
    if (!current) return undefined;
  }
  return current;
}

export function textOf(node: XmlElement | undefined): string | undefined {
  if (!node) return undefined;
  const value = node['#text'];
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

export function textAt(node: XmlElement | undefined, ...names: string[]): string | undefined {
  return textOf(at(node, ...names));
}

export function attr(node: XmlElement | undefined, name: string): string | undefined {
  const value = node?.[`@_${name}`];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
