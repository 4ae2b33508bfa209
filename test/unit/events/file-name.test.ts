import { describe, expect, it } from 'vitest';
import { createEvent, validateEvent } from '../../../events/index.ts';

const bookingWith = (filename: string) => {
  const event = createEvent({
    tenant: 'acme',
    administration: 'DEMO',
    source: { connector: 'partner-api', externalId: 'doc-1' },
    type: 'journal-entry.book',
    data: {
      journal: 'INK',
      date: '2026-03-31',
      description: 'Invoice',
      lines: [
        { ledgerAccount: '4000', amountCents: 100 },
        { ledgerAccount: '1600', amountCents: -100 },
      ],
      attachments: [
        { filename: 'y.pdf', mimeType: 'application/pdf', location: { key: 'attachments/x/y.pdf' } },
      ],
    },
  });
  return { ...event, data: { ...event.data, attachments: [{ ...event.data.attachments?.[0], filename }] } };
};

describe('event schema: attachment file names (CASH rubriek 1540)', () => {
  it.each([
    ['../../../../var/www/html/shell.pdf', 'file-name-separator'],
    ['C:\\Windows\\evil.pdf', 'file-name-separator'],
    ['invoice..pdf', 'file-name-dot-dot'],
    ['..', 'file-name-dot-dot'],
    ['invoice\u0000.pdf', 'file-name-control'],
    ['line\nbreak.pdf', 'file-name-control'],
    ['csi\u009b.pdf', 'file-name-control'],
    ['evil\u202efdp.exe', 'file-name-control'],
    ['isolate\u2066.pdf', 'file-name-control'],
  ])('refuses %j with rule %s', (filename, rule) => {
    // Prepare
    const event = bookingWith(filename);
    // Act
    const result = validateEvent(event);
    // Assess
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toContainEqual(
        expect.objectContaining({ path: 'data.attachments.0.filename', rule }),
      );
    }
  });

  it.each(['invoice-2026-001.pdf', 'Factuur 12 (kopie).pdf', 'rekening.v2.xml', 'café €.pdf'])(
    'accepts %j',
    (filename) => {
      // Act
      const result = validateEvent(bookingWith(filename));
      // Assess
      expect(result.ok).toBe(true);
    },
  );
});
