import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEvent, eventId, validateEvent } from '../../../events/index.ts';

const base = {
  tenant: 'acme',
  administration: 'DEMO',
  source: { connector: 'partner-api', externalId: 'doc-1' },
} as const;

const entry = (amounts: number[]) => ({
  journal: 'MEM',
  date: '2026-03-31',
  description: 'Correction',
  lines: amounts.map((amountCents, i) => ({ ledgerAccount: i % 2 ? '1100' : '4000', amountCents })),
});

describe('Normalized events', () => {
  it('derives the same id for the same source document, a different one per type', () => {
    // Act
    const a = eventId('acme', 'bank-import', 'NL01:2026-01-01:1', 'journal-entry.book');
    const b = eventId('acme', 'bank-import', 'NL01:2026-01-01:1', 'journal-entry.book');
    const c = eventId('acme', 'bank-import', 'NL01:2026-01-01:1', 'relation.upsert');
    // Assess
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^evt_[0-9a-f]{32}$/);
  });

  it('accepts a balanced journal entry', () => {
    const event = createEvent({ ...base, type: 'journal-entry.book', data: entry([12_100, -12_100]) });
    expect(validateEvent(event).ok).toBe(true);
  });

  it.each([
    ['unbalanced lines', { data: entry([100, -99]) }, 'data.lines', 'balanced'],
    ['a fractional amount', { data: entry([100.5, -100.5]) }, 'data.lines.0.amountCents', 'invalid_type'],
    ['a bad date', { data: { ...entry([1, -1]), date: '2026-02-30' } }, 'data.date', 'custom'],
    ['a wrong id', { id: 'evt_00000000000000000000000000000000' }, 'id', 'deterministic-id'],
    ['a lowercase journal', { data: { ...entry([1, -1]), journal: 'mem' } }, 'data.journal', 'format:regex'],
  ])('rejects %s naming the field and the rule', (_name, patch, path, rule) => {
    // Prepare
    const event = { ...createEvent({ ...base, type: 'journal-entry.book', data: entry([5, -5]) }), ...patch };
    // Act
    const result = validateEvent(event);
    // Assess
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toContainEqual(expect.objectContaining({ path, rule }));
  });

  it('accepts any set of lines that sums to zero and rejects any that does not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1e12, max: 1e12 }), { minLength: 1, maxLength: 30 }),
        (amounts) => {
          const sum = amounts.reduce((s, a) => s + a, 0);
          const balanced = [...amounts, -sum];
          const ok = validateEvent(createEvent({ ...base, type: 'journal-entry.book', data: entry([0, 0]) }));
          expect(ok.ok).toBe(true);
          const event = { ...createEvent({ ...base, type: 'journal-entry.book', data: entry([0, 0]) }) };
          expect(validateEvent({ ...event, data: entry(balanced) }).ok).toBe(true);
          expect(validateEvent({ ...event, data: entry([...balanced, 1]) }).ok).toBe(false);
        },
      ),
    );
  });

  it('allows a new relation without number', () => {
    const event = createEvent({
      ...base,
      type: 'relation.upsert',
      data: {
        name: 'Bakkerij De Vries B.V.',
        roles: ['supplier'],
        iban: 'NL91 ABNA 0417 1643 00',
        kvk: '12345678',
      },
    });
    expect(event.data.iban).toBe('NL91ABNA0417164300');
  });
});
