import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moveItem } from '../src/bank-rules/index.ts';
import { bookingFromDraft, draftFromProposal } from '../src/booking-draft.ts';
import { ConfigError, parseConfig } from '../src/config.ts';
import { amountCents, parseHours } from '../src/hours-math.ts';
import { validateValue } from '../src/schema/index.ts';
import { parseAdministrations } from '../src/settings/index.ts';

const locales = fc.constantFrom('nl' as const, 'en' as const);

describe('moveItem', () => {
  it('property: a move is a permutation that puts the item where asked (clamped)', () => {
    // Prepare / Act / Assess
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 20 }),
        fc.nat(25),
        fc.integer({ min: -25, max: 25 }),
        (items, i, delta) => {
          const moved = moveItem(items, i, delta);
          expect([...moved].sort()).toEqual([...items].sort());
          if (i < items.length)
            expect(moved.indexOf(items[i] as string)).toBe(
              Math.min(items.length - 1, Math.max(0, i + delta)),
            );
          else expect(moved).toEqual(items);
        },
      ),
    );
  });
});

describe('booking drafts', () => {
  const line = fc.record({
    ledgerAccount: fc.stringMatching(/^\d{4}$/),
    amountCents: fc.integer({ min: -1e11, max: 1e11 }),
    vatCode: fc.option(fc.constantFrom('0', '1', '2'), { nil: undefined }),
  });

  it('property: a balanced proposal, not edited, is booked back exactly', () => {
    // Prepare
    const proposals = fc.array(line, { minLength: 1, maxLength: 8 }).map((lines) => {
      const sum = lines.reduce((s, l) => s + l.amountCents, 0);
      return {
        journal: '70',
        date: '2026-10-31',
        description: 'Inkoop',
        lines: [...lines, { ledgerAccount: '1600', amountCents: -sum }].map((l) =>
          Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined)),
        ),
      };
    });
    // Act / Assess
    fc.assert(
      fc.property(proposals, locales, (proposal, locale) => {
        const result = bookingFromDraft(draftFromProposal(proposal, locale), locale);
        expect(result).toEqual({ booking: proposal });
      }),
    );
  });

  it('property: anything as a proposal gives a draft, never a crash', () => {
    // Prepare / Act / Assess
    fc.assert(
      fc.property(fc.anything(), locales, (proposal, locale) => {
        const draft = draftFromProposal(proposal, locale);
        expect(draft.lines.length).toBeGreaterThanOrEqual(2);
        bookingFromDraft(draft, locale);
      }),
    );
  });
});

describe('hours', () => {
  it('property: hundredths of an hour become minutes rounded half up, amounts whole cents', () => {
    // Prepare / Act / Assess
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2400 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (hundredths, rate) => {
          const text = `${Math.floor(hundredths / 100)},${String(hundredths % 100).padStart(2, '0')}`;
          const minutes = parseHours(text, 'nl');
          expect(minutes).toBe(Math.floor((hundredths * 60 + 50) / 100));
          const cents = amountCents(minutes ?? 0, rate);
          expect(Number.isSafeInteger(cents)).toBe(true);
          expect(Math.abs(cents * 60 - (minutes ?? 0) * rate)).toBeLessThanOrEqual(30);
        },
      ),
    );
  });

  it.each([['0'], ['-1'], ['25'], ['abc'], ['']])('refuses %j hours', (text) => {
    // Prepare / Act / Assess
    expect(parseHours(text, 'nl')).toBeUndefined();
  });
});

describe('input from outside', () => {
  it('property: validateValue answers any value against any small schema', () => {
    // Prepare
    const schema = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.record({ type: fc.constantFrom('string', 'integer', 'number', 'boolean') }),
        fc.record({ type: fc.constant('array'), items: tie('node') }),
        fc.record({
          type: fc.constant('object'),
          properties: fc.dictionary(fc.string(), tie('node'), { maxKeys: 3 }),
          required: fc.array(fc.string(), { maxLength: 2 }),
        }),
        fc.record({ anyOf: fc.tuple(tie('node'), fc.constant({ type: 'null' })) }),
      ),
    })).node;
    // Act / Assess
    fc.assert(
      fc.property(schema, fc.jsonValue(), (s, value) => {
        for (const problem of validateValue(s as never, value)) expect(typeof problem.rule).toBe('string');
      }),
    );
  });

  it('property: parseConfig accepts a config or throws a ConfigError naming the field', () => {
    // Prepare / Act / Assess
    fc.assert(
      fc.property(fc.anything(), (value) => {
        try {
          parseConfig(value);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as Error).message).toMatch(/^config(\.\w+)?: rule /);
        }
      }),
    );
    expect(parseConfig({ issuer: 'http://127.0.0.1:3002', clientId: 'cashlink-web' })).toEqual({
      apiBase: '',
      issuer: 'http://127.0.0.1:3002',
      clientId: 'cashlink-web',
      redirectPath: '/auth/callback',
      locale: 'nl',
    });
  });

  it.each([
    ['*', '*'],
    ['DEMO, ANDERS', ['DEMO', 'ANDERS']],
    [' DEMO;DEMO ', ['DEMO']],
    ['', []],
  ] as const)('reads administrations %j', (text, expected) => {
    // Prepare / Act / Assess
    expect(parseAdministrations(text)).toEqual(expected);
  });
});
