/** The namespaces of the invoice syntaxes, by root element (UBL 2.1 and UN/CEFACT CII D16B). */
export const INVOICE_NAMESPACES: Readonly<Record<string, string>> = {
  Invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  CreditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  CrossIndustryInvoice: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
};

// Comments, processing instructions and the declaration may come before the root; DOCTYPEs are refused earlier.
const PROLOG = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/;
const START_TAG =
  /^<([A-Za-z_][\w.-]*)(?::([A-Za-z_][\w.-]*))?((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * The namespace URI of the document's root element, read from its start tag (a root element can only be
 * in a namespace it declares itself); undefined when it is in none. The tree readers drop prefixes and
 * namespace declarations, so this is where the syntax is told apart from a look-alike.
 */
export function rootNamespace(text: string): string | undefined {
  const rest = text.slice(PROLOG.exec(text)?.[0].length ?? 0);
  const tag = START_TAG.exec(rest);
  if (!tag) return undefined;
  const prefix = tag[2] === undefined ? undefined : tag[1];
  const wanted = prefix === undefined ? 'xmlns' : `xmlns:${prefix}`;
  for (const attribute of (tag[3] ?? '').matchAll(ATTRIBUTE)) {
    if (attribute[1] === wanted) {
      const uri = (attribute[2] ?? attribute[3] ?? '').trim();
      return uri === '' ? undefined : uri;
    }
  }
  return undefined;
}
