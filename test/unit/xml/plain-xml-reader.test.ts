import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { isCamtArrayName, readCamtTreeSlow } from '../../../lib/bank/parsers/camt053/parse-camt053.ts';
import { DEFAULT_XML_LIMITS } from '../../../lib/invoices/index.ts';
import { readInvoiceTreeSlow } from '../../../lib/invoices/xml/safe-xml.ts';
import { type PlainXmlOptions, readPlainXml } from '../../../lib/xml/plain-xml-reader.ts';
import { corpusSamples, readCorpusFile } from '../../support/corpus.ts';
import { fuzzParameters } from '../../support/fuzz.ts';
import { withCorpus } from '../../support/needs-shared.ts';

const xmlFiles = corpusSamples(['camt053', 'ubl', 'ubl-testsets'], { ext: '.xml' }).map(
  ({ folder, name }) => `${folder}/${name}`,
);

/**
 * The two ways the project reads XML, each with its reference: the project's own fast-xml-parser reading of
 * camt.053 statements and of invoices (the same options the plain reader must reproduce).
 */
const READINGS: Record<string, { plain: PlainXmlOptions; reference: (xml: string) => unknown }> = {
  statement: { plain: { isArray: isCamtArrayName }, reference: readCamtTreeSlow },
  invoice: {
    plain: {
      isArray: () => true,
      attributePrefix: '@_',
      alwaysCreateTextNode: true,
      ignoreDeclaration: true,
      maxDepth: DEFAULT_XML_LIMITS.maxDepth,
    },
    reference: (xml) => readInvoiceTreeSlow(xml),
  },
};
const readingNames = Object.keys(READINGS) as (keyof typeof READINGS)[];

function readCorpusText(file: string): string {
  return new TextDecoder().decode(readCorpusFile(file)).replace(/\r\n?/g, '\n');
}

/** Key order included: callers may walk the keys. */
function sameTree(plain: unknown, reference: unknown): boolean {
  return JSON.stringify(plain) === JSON.stringify(reference);
}

describe('readPlainXml: the tree fast-xml-parser builds', () => {
  it.each(readingNames.flatMap((reading) => xmlFiles.map((file) => [reading, file] as const)))(
    '%s reading of %s, on the fast path, key order included',
    withCorpus(),
    (reading, file) => {
      // Prepare
      const xml = readCorpusText(file);
      const { plain, reference } = READINGS[reading] as (typeof READINGS)[string];
      // Act
      const tree = readPlainXml(xml, plain);
      // Assess
      expect(tree).toBeDefined();
      expect(sameTree(tree, reference(xml))).toBe(true);
    },
  );

  it.each([
    ['a comment between elements', '<a><b>1</b><!-- note --><b>2</b></a>'],
    ['a comment before the root and after it', '<?xml version="1.0"?><!-- x --><a><b>1</b></a><!-- y -->'],
    ['a comment before an element’s text', '<a><b><!-- c -->text</b></a>'],
    ['attributes after children', '<a x="1"><b y="2">t</b><c y="3"/><b/></a>'],
    ['empty elements and whitespace text', '<a><b></b><c/><d>   </d><e k="v"/></a>'],
    ['the five entities', '<a t="&lt;&amp;&gt;">&quot;x&apos; &amp; y</a>'],
    ['namespaces removed', '<p:a xmlns:p="urn:x" p:k="1"><p:b>1</p:b><c>2</c></p:a>'],
  ])('%s', (_label, xml) => {
    for (const name of readingNames) {
      const { plain, reference } = READINGS[name] as (typeof READINGS)[string];
      // Act
      const tree = readPlainXml(xml, plain);
      // Assess
      expect(tree).toBeDefined();
      expect(sameTree(tree, reference(xml))).toBe(true);
    }
  });

  it.each([
    ['CDATA', '<a><![CDATA[x]]></a>'],
    ['a character reference', '<a>&#233;</a>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['a DOCTYPE', '<!DOCTYPE a><a/>'],
    ['a carriage return', '<a>\r\n<b>1</b></a>'],
    ['"--" inside a comment', '<a><!-- a -- b --></a>'],
    ['a comment that splits text', '<a>x<!-- c -->y</a>'],
    ['mixed content', '<a>x<b/></a>'],
    ['unbalanced tags', '<a><b></a></b>'],
    ['two roots', '<a/><b/>'],
    ['a duplicate attribute', '<a k="1" k="2"/>'],
    ['a processing instruction inside', '<a><?pi x?></a>'],
    ['a reserved name', '<a><__proto__>1</__proto__></a>'],
  ])('leaves %s to fast-xml-parser', (_label, xml) => {
    // Act + Assess
    for (const name of readingNames)
      expect(readPlainXml(xml, (READINGS[name] as (typeof READINGS)[string]).plain)).toBeUndefined();
  });

  it('leaves documents deeper than maxDepth to fast-xml-parser', () => {
    // Prepare
    const deep = `${'<a>'.repeat(70)}x${'</a>'.repeat(70)}`;
    // Act + Assess
    expect(readPlainXml(deep, { isArray: () => false, maxDepth: 64 })).toBeUndefined();
    expect(readPlainXml(deep, { isArray: () => false })).toBeDefined();
  });

  it('hands detached elements to the caller instead of the tree', () => {
    // Prepare
    const seen: unknown[] = [];
    // Act
    const tree = readPlainXml('<S><Id>1</Id><N><A>1</A></N><N><A>2</A></N></S>', {
      isArray: (name) => name === 'N',
      detach: (name, value, parentName, parent) => {
        if (name !== 'N') return false;
        seen.push({ value, parentName, id: parent.Id });
        return true;
      },
    });
    // Assess
    expect(tree).toEqual({ S: { Id: '1' } });
    expect(seen).toEqual([
      { value: { A: '1' }, parentName: 'S', id: '1' },
      { value: { A: '2' }, parentName: 'S', id: '1' },
    ]);
  });
});

/** A small random document: nested elements, attributes, text with entities, comments. */
const xmlName = fc.constantFrom('a', 'b', 'cbc:ID', 'Ntry', 'Amt', 'x-y', 'n.1');
const textValue = fc.constantFrom('1', ' two ', 'a &amp; b', '&lt;3', 'é€', '', '  ', 'x>y');
const attribute = fc.tuple(fc.constantFrom('k', 'currencyID', 'p:q', 'schemeID'), textValue);
type Element = { name: string; attributes: [string, string][]; body: Element[] | string; comment: boolean };
const element: fc.Arbitrary<Element> = fc.letrec<{ element: Element }>((tie) => ({
  element: fc.record({
    name: xmlName,
    attributes: fc.uniqueArray(attribute, { maxLength: 2, selector: ([key]) => key }),
    body: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      textValue,
      fc.array(tie('element'), { maxLength: 3 }),
    ),
    comment: fc.boolean(),
  }),
})).element;

function serialize(node: Element): string {
  const attributes = node.attributes.map(([key, value]) => ` ${key}="${value}"`).join('');
  const body = typeof node.body === 'string' ? node.body : node.body.map(serialize).join('\n');
  return `<${node.name}${attributes}>${node.comment ? '<!-- c -->' : ''}${body}</${node.name}>`;
}

describe('readPlainXml: properties', () => {
  it('reads generated documents exactly as fast-xml-parser, or leaves them to it', () => {
    fc.assert(
      fc.property(element, (root) => {
        // Prepare
        const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(root)}`;
        for (const name of readingNames) {
          const { plain, reference } = READINGS[name] as (typeof READINGS)[string];
          // Act
          const tree = readPlainXml(xml, plain);
          // Assess
          if (tree !== undefined) expect(sameTree(tree, reference(xml))).toBe(true);
        }
      }),
      fuzzParameters(300),
    );
  });

  it(
    'only accepts well-formed documents, and then reads them as fast-xml-parser (fuzzed corpus files)',
    withCorpus(),
    () => {
      const sources = xmlFiles.filter((_file, index) => index % 7 === 0).map(readCorpusText);
      fc.assert(
        fc.property(
          fc.constantFrom(...sources),
          fc.array(
            fc.tuple(fc.nat(), fc.constantFrom('<', '>', '&', '"', '/', '-', '!', '', '<!--', '-->')),
            {
              minLength: 1,
              maxLength: 4,
            },
          ),
          (source, edits) => {
            // Prepare: insert or delete a few characters that matter to XML
            let xml = source;
            for (const [at, insert] of edits) {
              const position = at % xml.length;
              xml =
                insert === ''
                  ? xml.slice(0, position) + xml.slice(position + 1)
                  : xml.slice(0, position) + insert + xml.slice(position);
            }
            // Act
            const tree = readPlainXml(xml, (READINGS.invoice as (typeof READINGS)[string]).plain);
            // Assess
            if (tree !== undefined) {
              expect(XMLValidator.validate(xml)).toBe(true);
              expect(sameTree(tree, (READINGS.invoice as (typeof READINGS)[string]).reference(xml))).toBe(
                true,
              );
            }
          },
        ),
        fuzzParameters(300),
      );
    },
  );
});
