import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailDirection, emailHeaders } from '../../../lib/intake/index.ts';

const mail = (headers: string[]) =>
  new TextEncoder().encode(
    [...headers, 'Subject: Factuur', '', 'To: demo-sales@x.nl (in the body)'].join('\r\n'),
  );

describe('purchase or sales for e-mail on the single address', () => {
  it.each([
    [['To: demo@mail.example.nl'], 'purchase'],
    [['To: "Verkoop" <demo-sales@mail.example.nl>'], 'sales'],
    [['To: demo+verkoop@mail.example.nl'], 'sales'],
    [['To: verkoopfacturen@bedrijf.nl'], 'sales'],
    [['To: demo-purchase@mail.example.nl'], 'purchase'],
    [['Delivered-To: demo-sales@mail.example.nl', 'To: inkoop@bedrijf.nl'], 'sales'],
    [['To: someone@else.nl,', ' demo.sales@mail.example.nl'], 'sales'],
    [['Cc: demo+inkoop@mail.example.nl'], 'purchase'],
    [['From: sales@leverancier.nl', 'To: demo@mail.example.nl'], 'purchase'],
    [[], 'purchase'],
  ])('%j → %s', (headers, direction) => {
    expect(emailDirection(mail(headers), 'DEMO')).toBe(direction);
  });

  it('unfolds continued header lines', () => {
    // Act
    const headers = emailHeaders(mail(['To: a@b.nl,', '\tc@d.nl']));
    // Assess
    expect(headers.get('to')).toEqual(['a@b.nl, c@d.nl']);
  });

  it('decides for any bytes without failing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(['purchase', 'sales']).toContain(emailDirection(bytes, 'DEMO'));
      }),
    );
  });
});
