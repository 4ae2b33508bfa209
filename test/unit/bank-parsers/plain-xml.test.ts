import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isCamtArrayName,
  parseCamt053,
  readCamtTree,
  readCamtTreeSlow,
} from '../../../lib/bank/parsers/camt053/parse-camt053.ts';
import { readPlainXml as readPlainXmlWith } from '../../../lib/xml/plain-xml-reader.ts';

const readPlainXml = (xml: string, isArray: (name: string) => boolean) => readPlainXmlWith(xml, { isArray });

import { decodeStatementBytes } from '../../../lib/bank/parsers/decode.ts';
import { toCamt053 } from '../../support/bank/camt053-writer.ts';
import { createDutchWorld, generateMonth } from '../../support/bank/dutch-data-generator.ts';
import { corpusSamples, readCorpusFile } from '../../support/corpus.ts';
import { withCorpus } from '../../support/needs-shared.ts';

const xmlFiles = corpusSamples(['camt053', 'ubl', 'ubl-testsets'], { ext: '.xml' }).map(
  ({ folder, name }) => `${folder}/${name}`,
);

function slowOrError(xml: string): unknown {
  try {
    return readCamtTreeSlow(xml);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function fastOrError(xml: string): unknown {
  try {
    return readCamtTree(xml);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('readPlainXml: the same tree as fast-xml-parser, or a fallback to it', () => {
  it.each(xmlFiles)('%s', withCorpus(), (file) => {
    // Prepare
    const xml = decodeStatementBytes(readCorpusFile(file)).text;
    // Act
    const fast = fastOrError(xml);
    // Assess
    expect(fast).toEqual(slowOrError(xml));
  });

  it('reads every camt.053 of the corpus on the fast path', withCorpus(), () => {
    // Prepare
    const camt = xmlFiles.filter((file) => file.startsWith('camt053'));
    // Act
    const unread = camt.filter(
      (file) => readPlainXml(decodeStatementBytes(readCorpusFile(file)).text, isCamtArrayName) === undefined,
    );
    // Assess
    expect(camt.length).toBeGreaterThan(0);
    expect(unread).toEqual([]);
  });

  it('builds the same tree for generated Dutch statements', () => {
    // Prepare
    const world = createDutchWorld({ seed: 4242, customers: 300, suppliers: 40 });
    const month = generateMonth(world, { monthIndex: 1, targetEntries: 1500 });
    const xml = toCamt053('NL91ABNA0417164300', month.entries);
    // Act
    const fast = readPlainXml(xml, isCamtArrayName);
    // Assess
    expect(fast).toBeDefined();
    expect(fast).toEqual(readCamtTreeSlow(xml));
  });

  it.each([
    ['CDATA', '<a><![CDATA[x]]></a>'],
    ['character reference', '<a>&#233;</a>'],
    ['unknown entity', '<a>&nbsp;</a>'],
    ['mixed content', '<a>x<b>1</b></a>'],
    ['unbalanced', '<a><b>1</a>'],
    ['two roots', '<a/><b/>'],
    ['reserved name', '<a><constructor>1</constructor></a>'],
    ['attribute without quotes', '<a x=1/>'],
  ])('leaves %s to fast-xml-parser', (_label, xml) => {
    // Act
    const fast = readPlainXml(xml, () => false);
    // Assess
    expect(fast).toBeUndefined();
    expect(fastOrError(xml)).toEqual(slowOrError(xml));
  });

  it.each([
    '<a></a >',
    '<a  x="1"  />',
    "<a x='1'/>",
    '<a x="1"y="2"/>',
    '<a\tx="1"\n/>',
    '<a x = "1"/>',
    '<a x=""/>',
    '<a x="1" x="2"/>',
    '<a>\u00a0 x \u00a0</a>',
    ' \n<a/>',
    '<a><Ntry/><Ntry>1</Ntry></a>',
    '<a x="&amp;&lt;"/>',
    '<a x="a&b"/>',
    '<a>a &amp;amp; b</a>',
    '<a:b xmlns:a="x"><a:c a:d="1">t</a:c></a:b>',
    '<a/>x',
    '<a>1</a><b/>',
    '<a',
    '<a xml:lang="nl">t</a>',
    '<a><hasOwnProperty>1</hasOwnProperty></a>',
    '<a x="1">  t  </a>',
    '<a>x\r\ny</a>',
    '<a x="1\r\n2"/>',
    '<a>\r\n<b>1</b>\r\n</a>',
    '<a>x>y</a>',
  ])('edge case %j gives what fast-xml-parser gives', (xml) => {
    // Act
    const fast = fastOrError(xml);
    // Assess
    expect(fast).toEqual(slowOrError(xml));
  });

  it('agrees with fast-xml-parser on arbitrary small documents', () => {
    const name = fc.constantFrom('Ntry', 'Amt', 'ns:Ustrd', 'Nm', 'Stmt', 'x:Id', 'Dt');
    const text = fc.stringMatching(/^[ a-zA-Z0-9&<>;'"#.\n\r\t-]{0,12}$/);
    const attribute = fc.tuple(fc.constantFrom('Ccy', 'xmlns', 'xmlns:ns', 'ns:Ccy', 'Tp'), text);
    const element: fc.Memo<string> = fc.memo((depth) =>
      fc
        .tuple(
          name,
          fc.array(attribute, { maxLength: 2 }),
          depth > 1 ? fc.oneof(text, fc.array(element(depth - 1), { maxLength: 3 })) : text,
          fc.constantFrom('', ' ', '\n  '),
        )
        .map(([tag, attributes, content, space]) => {
          const attrs = attributes.map(([key, value]) => ` ${key}="${value.replace(/["<]/g, '')}"`).join('');
          const body = Array.isArray(content) ? content.join(space) : content;
          return body === '' && space === ''
            ? `<${tag}${attrs}/>`
            : `<${tag}${attrs}>${space}${body}</${tag}>`;
        }),
    );
    fc.assert(
      fc.property(fc.boolean(), element(3), (declaration, root) => {
        const xml = `${declaration ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}${root}`;
        expect(fastOrError(xml)).toEqual(slowOrError(xml));
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseCamt053 reads entries while the document is read', () => {
  /** The same document off the plain path: a processing instruction makes the reader leave it to fast-xml-parser. */
  const offThePlainPath = (xml: string) => xml.replace(/<(\w+:)?BkToCstmrStmt(\s|>)/, '<?slow?>$&');
  const camtFiles = xmlFiles.filter((file) => file.startsWith('camt053'));

  it.each(camtFiles)('%s gives the same statements as the whole-tree reading', withCorpus(), (file) => {
    // Prepare
    const xml = decodeStatementBytes(readCorpusFile(file)).text;
    // Act
    const streamed = parseCamt053(xml);
    // Assess
    expect(readPlainXml(offThePlainPath(xml), isCamtArrayName)).toBeUndefined();
    expect(streamed).toEqual(parseCamt053(offThePlainPath(xml)));
  });

  it('reads a statement whose Id and balances follow its entries (out of schema order) correctly', () => {
    // Prepare: an entry without its own currency and one with a bad indicator, then Id, Acct and balances
    // moved after the entries; the entries need the statement's currency and id
    const world = createDutchWorld({ seed: 99, customers: 20, suppliers: 5 });
    const entries = generateMonth(world, { monthIndex: 1, targetEntries: 30 }).entries;
    const xml = toCamt053('NL91ABNA0417164300', entries)
      .replace(/<Ntry><Amt Ccy="EUR">/, '<Ntry><Amt>')
      .replace(
        /(<Ntry>(?:(?!<\/Ntry>)[\s\S])*?)<CdtDbtInd>(CRDT|DBIT)<\/CdtDbtInd>/,
        '$1<CdtDbtInd>BOTH</CdtDbtInd>',
      );
    const header = /<Stmt>([\s\S]*?)(<Ntry>)/.exec(xml)?.[1] as string;
    const moved = xml.replace(header, '').replace('</Stmt>', `${header}</Stmt>`);
    // Act
    const outOfOrder = parseCamt053(moved);
    // Assess
    const statement = outOfOrder.statements[0];
    expect(statement?.entries[0]?.currency).toBe('EUR');
    expect(statement?.errors.some((error) => error.startsWith(`Stmt ${statement.statementId} Ntry `))).toBe(
      true,
    );
    expect(statement?.statementId).not.toMatch(/^Stmt \d/);
    expect(outOfOrder).toEqual(parseCamt053(offThePlainPath(moved)));
  });
});
