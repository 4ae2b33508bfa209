import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attachmentKey, originalKey, safeFilename, yearMonth } from '../../../lib/intake/index.ts';

const SHA = 'a'.repeat(64);

describe('archive keys', () => {
  it('places the original by administration, month of arrival and hash', () => {
    expect(originalKey('DEMO', '2026-03-14T23:59:59.000Z', SHA, 'factuur 1.xml')).toBe(
      `originals/DEMO/2026/03/${SHA}/factuur 1.xml`,
    );
  });

  it('places attachments beside the original', () => {
    const folder = `originals/DEMO/2026/03/${SHA}`;
    expect(attachmentKey(folder, 'b'.repeat(64), 'bijlage.pdf')).toBe(
      `${folder}/attachments/${'b'.repeat(64)}/bijlage.pdf`,
    );
  });

  it.each([
    ['../../etc/passwd', '__.._etc_passwd'],
    ['a\\b\u0000c.xml', 'a_b_c.xml'],
    ['', 'file'],
    ['.hidden', '_hidden'],
  ])('makes %j safe', (name, safe) => {
    expect(safeFilename(name)).toBe(safe);
  });

  it('keeps any name a single, bounded key segment', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (name) => {
        const safe = safeFilename(name);
        expect(safe.length).toBeGreaterThan(0);
        expect(safe.length).toBeLessThanOrEqual(150);
        expect(safe).not.toMatch(/[/\\]/);
        expect([...safe].every((c) => c.charCodeAt(0) >= 0x20 && c !== '\u007f')).toBe(true);
      }),
    );
  });

  it('uses the epoch month for an unreadable event time rather than failing', () => {
    expect(yearMonth('not a date')).toBe('1970/01');
  });
});
