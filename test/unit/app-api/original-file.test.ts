import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attachmentDisposition,
  contentTypeOf,
  originalName,
  wellFormed,
} from '../../../lib/app-api/documents/index.ts';

describe('original files', () => {
  it.each([
    ['originals/DEMO/2026-03/factuur.pdf', 'factuur.pdf', 'application/pdf'],
    ['DEMO/purchase/mail.eml', 'mail.eml', 'message/rfc822'],
    ['a/b/', 'b', 'application/octet-stream'],
    ['', 'document', 'application/octet-stream'],
  ])('names %s %s (%s)', (key, name, type) => {
    // Act
    const found = originalName(key);
    // Assess
    expect(found).toBe(name);
    expect(contentTypeOf(found)).toBe(type);
  });

  it('keeps quotes, control characters and non-ASCII out of the plain filename, and the full name in filename*', () => {
    fc.assert(
      fc.property(
        // UTF-16 code units, lone surrogates included (cheap to generate, unlike unit 'binary').
        fc
          .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 200 })
          .map((units) => String.fromCharCode(...units)),
        (name) => {
          // Act
          const header = attachmentDisposition(name);
          // Assess
          expect(header).toMatch(
            /^attachment; filename="[\x20-\x21\x23-\x5b\x5d-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%!._~-]*$/,
          );
          const encoded = header.split("filename*=UTF-8''")[1] as string;
          expect(decodeURIComponent(encoded)).toBe(wellFormed(name));
        },
      ),
    );
  });
});
