import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import {
  buildMimeMessage,
  MailMessageError,
  MIME_LINE_LIMIT,
  type OutgoingMail,
  quotedPrintable,
} from '../../../lib/mail/index.ts';
import { fuzzRuns } from '../../support/fuzz.ts';

const ENVELOPE = {
  date: new Date('2026-12-02T08:15:00Z'),
  messageId: 'abc123@demo.example',
  boundary: '=_cashlink_0123456789abcdef',
};

const mail = (overrides: Partial<OutgoingMail> = {}): OutgoingMail => ({
  from: { address: 'facturen@demo.example', name: 'Demo Advies B.V.' },
  to: [{ address: 'klant@example.nl', name: 'Klant & Zonen' }],
  replyTo: [{ address: 'boekhouding@demo.example' }],
  subject: 'Factuur 2026-0001 van Demo Advies B.V.',
  text: 'Beste klant,\n\nIn de bijlage vindt u factuur 2026-0001.\n\nMet vriendelijke groet,\nDemo',
  attachments: [
    {
      fileName: 'factuur-2026-0001.pdf',
      contentType: 'application/pdf',
      content: new Uint8Array([37, 80, 68, 70]),
    },
  ],
  ...overrides,
});

const lines = (raw: string) => raw.split('\r\n');

describe('Function: buildMimeMessage', () => {
  it('writes the headers, a text part and the attachment as multipart/mixed', async () => {
    // Act
    const raw = buildMimeMessage(mail(), ENVELOPE);
    const parsed = await simpleParser(raw);

    // Assess
    expect(raw).toContain('From: "Demo Advies B.V." <facturen@demo.example>\r\n');
    expect(raw).toContain('Date: Wed, 02 Dec 2026 08:15:00 +0000\r\n');
    expect(raw).toContain('Message-ID: <abc123@demo.example>\r\n');
    expect(parsed.subject).toBe('Factuur 2026-0001 van Demo Advies B.V.');
    expect(parsed.replyTo?.value).toEqual([{ address: 'boekhouding@demo.example', name: '' }]);
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, [...a.content]])).toEqual([
      ['factuur-2026-0001.pdf', 'application/pdf', [37, 80, 68, 70]],
    ]);
  });

  it.each([
    ['a Dutch name with diacritics', 'Gerrit-Jan van ’t Hoff — Café Één', 'ok'],
    ['a name with a comma (quoted)', 'Jansen, Piet', '"Jansen, Piet"'],
    ['a name with a quote and backslash', 'De "Beste" \\ B.V.', '"De \\"Beste\\" \\\\ B.V."'],
    ['a name trying a header of its own', 'Eve\r\nBcc: x@evil.example', 'Eve Bcc: x@evil.example'],
  ])('encodes %s so the header survives', async (_name, name, expected) => {
    // Act
    const raw = buildMimeMessage(mail({ to: [{ address: 'klant@example.nl', name }] }), ENVELOPE);
    const parsed = await simpleParser(raw);

    // Assess
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value : []).toEqual([
      { address: 'klant@example.nl', name: name.replace(/\r\n/g, ' ') },
    ]);
    if (expected !== 'ok') expect(raw).toContain(expected);
  });

  it.each([
    ['to', mail({ to: [{ address: 'geen adres' }] }), 'to.0', 'email-address'],
    ['an empty To', mail({ to: [] }), 'to', 'required'],
    [
      'a newline in the address',
      mail({ from: { address: 'a@b.nl\r\nBcc: c@d.nl' } }),
      'from.0',
      'email-address',
    ],
    [
      'a content type with a parameter',
      mail({
        attachments: [{ fileName: 'a.pdf', contentType: 'application/pdf; x=1', content: new Uint8Array() }],
      }),
      'attachments.0.contentType',
      'content-type',
    ],
  ])('refuses %s naming the field and rule', (_name, input, path, rule) => {
    // Act
    const attempt = () => buildMimeMessage(input, ENVELOPE);

    // Assess
    expect(attempt).toThrow(MailMessageError);
    expect(attempt).toThrow(expect.objectContaining({ path, rule }));
  });

  it('writes a file name beyond ASCII as RFC 2231 continuations', async () => {
    // Prepare
    const fileName = `Factuur ${'één '.repeat(20)}café.pdf`;

    // Act
    const raw = buildMimeMessage(
      mail({ attachments: [{ fileName, contentType: 'application/pdf', content: new Uint8Array([1]) }] }),
      ENVELOPE,
    );
    const parsed = await simpleParser(raw);

    // Assess
    expect(parsed.attachments[0]?.filename).toBe(fileName);
    expect(lines(raw).every((l) => l.length <= MIME_LINE_LIMIT)).toBe(true);
  });

  // biome-ignore lint/suspicious/noControlCharactersInRegex: controls become spaces in headers, as the builder does.
  const CONTROLS = /[\u0000-\u001f\u007f]+/g;
  const clean = (s: string) => s.replace(CONTROLS, ' ').trim();
  const name = fc.string({ maxLength: 80, unit: 'grapheme' });
  const address = fc.constantFrom('klant@example.nl', 'a.b+c@sub.demo.example', 'x_y@voorbeeld.frl');
  const attachment = fc.record({
    fileName: fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }).filter((s) => clean(s).length > 0),
    contentType: fc.constantFrom('application/pdf', 'application/xml', 'image/png'),
    content: fc.uint8Array({ maxLength: 3000 }),
  });
  const anyMail = fc.record({
    from: fc.record({ address, name }),
    to: fc.array(fc.record({ address, name }), { minLength: 1, maxLength: 3 }),
    replyTo: fc.array(fc.record({ address }), { maxLength: 2 }),
    subject: fc.string({ maxLength: 200, unit: 'grapheme' }),
    text: fc.string({ maxLength: 2000, unit: 'grapheme' }),
    attachments: fc.array(attachment, { maxLength: 3 }),
  });

  it('property: any message is 7-bit, within the line limit, and reads back as it was given', async () => {
    await fc.assert(
      fc.asyncProperty(anyMail, async (input) => {
        // Act
        const raw = buildMimeMessage(input, ENVELOPE);
        const parsed = await simpleParser(raw);

        // Assess
        expect(/^[\x20-\x7e\r\n]*$/.test(raw)).toBe(true);
        expect(lines(raw).filter((l) => l.length > MIME_LINE_LIMIT)).toEqual([]);
        expect(parsed.subject ?? '').toBe(clean(input.subject).replace(/ +/g, ' '));
        expect(parsed.from?.value[0]).toEqual({ address: input.from.address, name: clean(input.from.name) });
        expect(parsed.attachments.map((a) => [a.filename, Buffer.from(a.content).toString('hex')])).toEqual(
          input.attachments.map((a) => [clean(a.fileName), Buffer.from(a.content).toString('hex')]),
        );
        expect((parsed.text ?? '').replace(/\n$/, '')).toBe(input.text.replace(/\r\n|\r/g, '\n'));
      }),
      { numRuns: fuzzRuns(150) },
    );
  });

  it('property: quoted-printable lines stay within 76 characters and decode to the UTF-8 text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500, unit: 'grapheme' }), (text) => {
        // Act
        const encoded = quotedPrintable(text);
        const decoded = Buffer.from(
          encoded
            .replace(/=\r\n/g, '')
            .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
          'latin1',
        ).toString('utf8');

        // Assess
        expect(encoded.split('\r\n').every((l) => l.length <= MIME_LINE_LIMIT)).toBe(true);
        expect(decoded).toBe(text.replace(/\r\n|\r|\n/g, '\r\n'));
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});
