import { describe, expect, it } from 'vitest';
import { createEvent } from '../../../events/index.ts';
import { parseExportRows } from '../../../lib/cash/index.ts';
import { fromExport, mirrorReferences } from '../../../lib/mirror/index.ts';

describe('Mirror: cost centres from the CASH export', () => {
  it('keeps which cost centres are blocked (F0208 = J), so the door can refuse bookings on them', () => {
    // Prepare
    const rows = parseExportRows({
      R0911: [
        { F0911: 'ALG', F0912: 'Algemeen', F0208: 'N' },
        { F0911: 'OUD', F0912: 'Vervallen', F0208: 'J' },
        { F0911: 'WNK', F0912: 'Winkel' },
      ],
    });
    // Act
    const centres = fromExport.costCentres(rows);
    // Assess
    expect(centres).toEqual([
      { code: 'ALG', description: 'Algemeen' },
      { code: 'OUD', description: 'Vervallen', blocked: true },
      { code: 'WNK', description: 'Winkel' },
    ]);
  });
});

describe('Function: mirrorReferences', () => {
  it('names every code of a journal entry CASH looks up, keyed as the mirror keys it', () => {
    // Prepare
    const event = createEvent({
      tenant: 'acme',
      administration: 'DEMO',
      type: 'journal-entry.book',
      source: { connector: 'partner-api', externalId: 'je-1' },
      data: {
        journal: 'VRK',
        date: '2026-03-31',
        description: 'Factuur 7',
        lines: [
          { ledgerAccount: '1300', amountCents: 100, relationNumber: '000042', invoiceNumber: '7' },
          { ledgerAccount: '8000', amountCents: -100, costCentre: 'ALG' },
        ],
      },
    });
    // Act
    const refs = mirrorReferences(event).map((r) => [r.kind, r.key, r.path, r.rubriek]);
    // Assess
    expect(refs).toEqual([
      ['journals', 'VRK', 'data.journal', '0901'],
      ['ledgerAccounts', '1300', 'data.lines.0.ledgerAccount', '0201'],
      ['relations', '42', 'data.lines.0.relationNumber', '0101'],
      ['ledgerAccounts', '8000', 'data.lines.1.ledgerAccount', '0201'],
      ['costCentres', 'ALG', 'data.lines.1.costCentre', '0911'],
    ]);
  });
});
