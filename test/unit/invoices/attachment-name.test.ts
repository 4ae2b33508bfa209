import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileName, fileNameProblem } from '../../../events/fields.ts';
import { sanitizeAttachmentName } from '../../../lib/invoices/attachment-name.ts';

describe('sanitizeAttachmentName', () => {
  it.each([
    ['invoice.pdf', undefined, 'invoice.pdf'],
    ['../../../../var/www/html/shell.pdf', undefined, 'shell.pdf'],
    ['..\\..\\Windows\\System32\\evil.xml', undefined, 'evil.xml'],
    ['invoice\u0000\r\n.pdf', undefined, 'invoice .pdf'],
    ['bel\u0007\u001b[31mred.pdf', undefined, 'bel[31mred.pdf'],
    ['c1\u0085\u009b.pdf', undefined, 'c1.pdf'],
    ['evil\u202efdp.exe', undefined, 'evilfdp.exe'],
    ['iso\u2066late\u2069.pdf', undefined, 'isolate.pdf'],
    ['..hidden.pdf', undefined, 'hidden.pdf'],
    ['  .bashrc', undefined, 'bashrc'],
    ['invoice..pdf', undefined, 'invoice.pdf'],
    ['trailing. . ', undefined, 'trailing'],
    ['CON.pdf', undefined, '_CON.pdf'],
    ['lpt1', undefined, '_lpt1'],
    ['a<b>c:d"e|f?g*h.pdf', undefined, 'a_b_c_d_e_f_g_h.pdf'],
    ['tab\tand   spaces.pdf', undefined, 'tab and spaces.pdf'],
    ['../../', 'application/pdf', 'attachment.pdf'],
    ['', 'application/xml', 'attachment.xml'],
    [undefined, 'image/jpeg', 'attachment.jpg'],
    ['\u0000\u0001', undefined, 'attachment.bin'],
    ['dir/....pdf', undefined, 'pdf'],
    ['café.pdf', undefined, 'café.pdf'],
  ])('%j (%s) → %j', (raw, mimeType, expected) => {
    // Act
    const name = sanitizeAttachmentName(raw, mimeType);
    // Assess
    expect(name).toBe(expected);
  });

  it('caps a long name at 200 characters and keeps its extension', () => {
    // Prepare
    const raw = `${'x'.repeat(500)}.pdf`;
    // Act
    const name = sanitizeAttachmentName(raw);
    // Assess
    expect(name).toHaveLength(200);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('never splits a surrogate pair when capping', () => {
    // Prepare
    const raw = `${'😀'.repeat(150)}.xml`;
    // Act
    const name = sanitizeAttachmentName(raw);
    // Assess
    expect(name.length).toBeLessThanOrEqual(200);
    expect(name.endsWith('.xml')).toBe(true);
    expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  const hostile = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc
      .array(
        fc.constantFrom(
          '/',
          '\\',
          '..',
          '.',
          ' ',
          '\u0000',
          '\u001f',
          '\u007f',
          '\u0085',
          '\u202e',
          '\u2067',
          'a',
          'é',
          'CON',
          '.pdf',
          ':',
          '😀',
        ),
        { maxLength: 80 },
      )
      .map((parts) => parts.join('')),
  );

  it('never yields separators, "..", control characters or an empty name, and the event schema accepts it', () => {
    fc.assert(
      fc.property(hostile, fc.option(fc.constantFrom('application/pdf', 'text/xml', 'x')), (raw, mime) => {
        // Act
        const name = sanitizeAttachmentName(raw, mime ?? undefined);
        // Assess
        expect(name.length).toBeGreaterThan(0);
        expect(name).not.toMatch(/[/\\]/);
        expect(name).not.toContain('..');
        expect(fileNameProblem(name)).toBeUndefined();
        expect(FileName.safeParse(name).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(hostile, (raw) => {
        // Act
        const once = sanitizeAttachmentName(raw);
        // Assess
        expect(sanitizeAttachmentName(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});
