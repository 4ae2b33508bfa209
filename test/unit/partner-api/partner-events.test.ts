import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventId, validateEvent } from '../../../events/index.ts';
import { completeEvent, eventsOfBody, HttpProblem } from '../../../lib/partner-api/index.ts';
import { NOW, TENANT } from './fixtures.ts';

describe('Function: completeEvent', () => {
  it('turns any bare partner booking into a valid event with the deterministic id', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 200 }),
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        (externalId, amountCents) => {
          // Prepare
          const bare = {
            type: 'journal-entry.book',
            administration: 'DEMO',
            source: { externalId },
            data: {
              journal: 'MEM',
              date: '2026-03-31',
              description: 'Memo',
              lines: [
                { ledgerAccount: '4000', amountCents },
                { ledgerAccount: '1900', amountCents: -amountCents },
              ],
            },
          };
          // Act
          const result = validateEvent(
            completeEvent(bare, { tenant: TENANT, connector: 'partner-api', now: NOW }),
          );
          // Assess
          expect(result.ok).toBe(true);
          if (result.ok)
            expect(result.value.id).toBe(eventId(TENANT, 'partner-api', externalId, 'journal-entry.book'));
        },
      ),
    );
  });

  it('keeps what the partner gave, so a wrong id is reported rather than replaced', () => {
    // Prepare
    const input = { id: 'evt_0', type: 'relation.upsert', source: { connector: 'crm', externalId: 'c-1' } };
    // Act
    const completed = completeEvent(input, { tenant: TENANT, connector: 'partner-api', now: NOW });
    // Assess
    expect(completed).toMatchObject({
      id: 'evt_0',
      tenant: TENANT,
      source: { connector: 'crm', externalId: 'c-1' },
    });
  });

  it('leaves anything that is not an object alone', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.anything())),
        (value) => {
          // Act & Assess
          expect(completeEvent(value, { tenant: TENANT, connector: 'partner-api', now: NOW })).toBe(value);
        },
      ),
    );
  });
});

describe('Function: eventsOfBody', () => {
  it.each([
    ['an event', { type: 'x' }, 1],
    ['an array', [{}, {}], 2],
    ['an envelope', { events: [{}, {}, {}] }, 3],
  ])('reads %s', (_name, body, count) => {
    // Act & Assess
    expect(eventsOfBody(body)).toHaveLength(count);
  });

  it.each([[null], [42], [{ something: 1 }], [[]], [{ events: [] }]])('refuses %j with a 400', (body) => {
    // Act & Assess
    expect(() => eventsOfBody(body)).toThrow(HttpProblem);
  });
});
