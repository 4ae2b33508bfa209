import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeS3Key, MailboxKeyError, parseMailboxKey } from '../../../lib/intake/index.ts';

const SERVED = ['DEMO', 'EXBV'];

describe('mailbox object keys', () => {
  it.each([
    ['DEMO/purchase/factuur.xml', 'DEMO', 'purchase', 'factuur.xml'],
    ['demo/sales/2026/maart/f 1.pdf', 'DEMO', 'sales', 'f 1.pdf'],
    ['EXBV/inbox-email/0123abcd', 'EXBV', 'inbox-email', '0123abcd'],
    ['EXBV/Purchase/x.eml', 'EXBV', 'purchase', 'x.eml'],
  ])('reads %s', (key, administration, folder, filename) => {
    // Act
    const parsed = parseMailboxKey(key, SERVED);
    // Assess
    expect(parsed).toEqual({ key, administration, folder, filename });
  });

  it.each([
    ['DEMO/purchase/', 'not <administration>'],
    ['DEMO/factuur.xml', 'not <administration>'],
    ['DEMO/bank/x.sta', 'folder "bank"'],
    ['OTHER/purchase/x.xml', 'not served'],
    ['DE MO/purchase/x.xml', 'not an administration code'],
    ['DEMO//purchase/x.xml', 'not <administration>'],
  ])('rejects %s with a clear error', (key, message) => {
    // Act
    const act = () => parseMailboxKey(key, SERVED);
    // Assess
    expect(act).toThrow(MailboxKeyError);
    expect(act).toThrow(message);
  });

  it.each([
    ['DEMO/purchase/factuur+maart+2026.pdf', 'DEMO/purchase/factuur maart 2026.pdf'],
    ['DEMO/purchase/f%C3%A9%2B1.xml', 'DEMO/purchase/fé+1.xml'],
    ['DEMO/purchase/bad%E0%A4%A.xml', 'DEMO/purchase/bad%E0%A4%A.xml'],
  ])('decodes the S3 event key %s', (raw, decoded) => {
    expect(decodeS3Key(raw)).toBe(decoded);
  });

  it('never fails on any key with anything but a MailboxKeyError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (raw) => {
        try {
          const parsed = parseMailboxKey(decodeS3Key(raw), SERVED);
          expect(SERVED).toContain(parsed.administration);
        } catch (error) {
          expect(error).toBeInstanceOf(MailboxKeyError);
        }
      }),
    );
  });

  it('round-trips every encoded valid key', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('purchase', 'sales', 'inbox-email'),
        fc.string({ minLength: 1, maxLength: 60 }).filter((s) => !s.includes('/')),
        (folder, filename) => {
          const key = `DEMO/${folder}/${filename}`;
          const encoded = encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
          expect(parseMailboxKey(decodeS3Key(encoded), SERVED).filename).toBe(filename);
        },
      ),
    );
  });
});
