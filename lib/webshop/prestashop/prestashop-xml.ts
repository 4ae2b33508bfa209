import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { isObject, type JsonObject } from '../platform-kit/index.ts';

/**
 * PrestaShop's webservice takes writes as XML only (`<prestashop><product>…</product></prestashop>`):
 * resources are read into plain objects (values as strings, multilang fields as `language` lists with an
 * `@_id`) and built back from them, so a blank schema or a fetched resource can be filled and sent.
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'language',
});

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
  format: false,
});

/** The one resource inside `<prestashop>`: its element name and content; undefined when not that shape. */
export function readPrestashopXml(text: string): { name: string; resource: JsonObject } | undefined {
  let document: unknown;
  try {
    document = parser.parse(text);
  } catch {
    return undefined;
  }
  const root = isObject(document) && isObject(document.prestashop) ? document.prestashop : undefined;
  if (!root) return undefined;
  const name = Object.keys(root).find((key) => !key.startsWith('@_'));
  const resource = name === undefined ? undefined : root[name];
  if (name === undefined) return undefined;
  return { name, resource: isObject(resource) ? resource : {} };
}

export function buildPrestashopXml(name: string, resource: JsonObject): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build({
    prestashop: { '@_xmlns:xlink': 'http://www.w3.org/1999/xlink', [name]: resource },
  })}`;
}

/** A multilang field's value in one language (the field's plain text when it is not multilang). */
export function languageValue(field: unknown, languageId: string): string | undefined {
  if (typeof field === 'string') return field;
  const languages = isObject(field) && Array.isArray(field.language) ? field.language : [];
  for (const language of languages) {
    if (isObject(language) && language['@_id'] === languageId) {
      const text = language['#text'];
      return typeof text === 'string' ? text : '';
    }
  }
  return undefined;
}

/** Sets one language of a multilang field, keeping the others. */
export function withLanguageValue(field: unknown, languageId: string, value: string): JsonObject {
  const languages = isObject(field) && Array.isArray(field.language) ? field.language.filter(isObject) : [];
  const others = languages.filter((language) => language['@_id'] !== languageId);
  return { language: [...others, { '@_id': languageId, '#text': value }] };
}
