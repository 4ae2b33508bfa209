import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countingChange,
  DocumentQueryError,
  type DocumentRecord,
  decodeCursor,
  encodeCursor,
  indexAttributes,
  lookupToken,
  MAX_TOKENS_PER_DOCUMENT,
  queryTokens,
  summarize,
  tokensMatch,
} from '../../../lib/documents/index.ts';
import { indexedWrite } from '../../../lib/documents/indexed-write.ts';

const AT = '2026-03-14T10:00:00.000Z';
const examples = join(import.meta.dirname, '..', '..', '..', 'events', 'examples');

function record(patch: Partial<DocumentRecord>): DocumentRecord {
  return {
    id: 'doc_1',
    tenant: 'acme',
    administration: 'DEMO',
    type: 'journal-entry.book',
    source: { connector: 'webshop', externalId: 'x-1' },
    status: 'queued',
    payloadHash: 'h',
    attempts: 0,
    history: [],
    createdAt: AT,
    updatedAt: AT,
    ...patch,
  };
}

function exampleEvent(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(examples, `${name}.json`), 'utf8'));
}

describe('summarize', () => {
  it.each([
    ['journal-entry.book', { title: 'Afschrijving maart', amountCents: 12500, date: '2026-03-31' }],
    ['relation.upsert', { title: 'Bakkerij De Korenaar B.V.', relationName: 'Bakkerij De Korenaar B.V.' }],
    ['article.upsert', { title: 'KOFFIE-1KG · Koffiebonen 1 kg' }],
    ['sales-order.create', { date: '2026-03-30' }],
  ])('derives the summary of the %s example event from the event kept on the record', (name, expected) => {
    // Prepare
    const event = exampleEvent(name);

    // Act
    const summary = summarize(record({ type: String(event.type), event }));

    // Assess
    expect(summary).toMatchObject({ itemKind: 'event', ...expected });
  });

  it.each([
    [
      'an invoice file',
      record({
        kind: 'file',
        type: 'invoice-file',
        source: { connector: 'invoice-mailbox', externalId: 'DEMO/purchase/f.xml' },
        result: {
          invoiceNumber: 'F-77',
          issueDate: '2026-02-01',
          currency: 'EUR',
          party: { name: 'Drukkerij Haan' },
          totals: { payableCents: 4840, grossCents: 4840 },
          reviewReasons: ['new supplier'],
        },
      }),
      {
        itemKind: 'invoice',
        title: 'Drukkerij Haan · F-77',
        amountCents: 4840,
        currency: 'EUR',
        date: '2026-02-01',
        relationName: 'Drukkerij Haan',
        reasons: ['new supplier'],
      },
    ],
    [
      'an unreadable invoice file, by its file name',
      record({
        kind: 'file',
        type: 'invoice-file',
        source: { connector: 'invoice-mailbox', externalId: 'DEMO/purchase/scan 12.pdf' },
        errors: [{ source: 'validation', message: 'no invoice found' }],
      }),
      { itemKind: 'invoice', title: 'scan 12.pdf', reasons: ['no invoice found'] },
    ],
    [
      'a bank line waiting for a match',
      record({
        kind: 'event',
        source: { connector: 'bank-import', externalId: 'imp-1' },
        result: {
          entry: {
            amountCents: -2599,
            currency: 'EUR',
            bookingDate: '2026-03-02',
            counterpartyName: 'KPN B.V.',
            remittance: 'factuur 991',
          },
          reasons: ['no open item'],
        },
        proposal: { relationNumber: '20011' },
      }),
      {
        itemKind: 'bank-line',
        title: 'KPN B.V. · factuur 991',
        amountCents: -2599,
        date: '2026-03-02',
        relationName: 'KPN B.V.',
        relationNumber: '20011',
        reasons: ['no open item'],
      },
    ],
    [
      'a bank statement file',
      record({
        kind: 'file',
        type: 'bank-statement-file',
        source: { connector: 'bank-import', externalId: 'a.xml' },
      }),
      { itemKind: 'bank-file' },
    ],
  ])('summarizes %s', (_what, input, expected) => {
    // Act
    const summary = summarize(input);

    // Assess
    expect(summary).toMatchObject(expected);
  });

  it('never throws and gives a title and bounded reasons for any result, proposal, errors and event', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.anything(),
        fc.anything(),
        fc.anything(),
        fc.constantFrom('file', 'event', undefined),
        (result, proposal, errors, event, kind) => {
          // Prepare
          const input = record({
            result,
            proposal,
            errors,
            event,
            kind,
          } as unknown as Partial<DocumentRecord>);

          // Act
          const attributes = indexAttributes(input);

          // Assess
          expect(typeof attributes.title).toBe('string');
          expect(attributes.reasons.length).toBeLessThanOrEqual(10);
          expect(attributes.searchTokens.length).toBeLessThanOrEqual(MAX_TOKENS_PER_DOCUMENT);
          if (attributes.amountCents !== undefined)
            expect(Number.isSafeInteger(attributes.amountCents)).toBe(true);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});

describe('indexAttributes', () => {
  it.each([
    ['review', true],
    ['rejected', true],
    ['failed', true],
    ['queued', false],
    ['booked', false],
    ['duplicate', false],
  ] as const)('puts a record in status %s in the review queue: %s', (status, inQueue) => {
    // Act
    const attributes = indexAttributes(record({ status }));

    // Assess
    expect(attributes.gsiReviewPk).toBe(inQueue ? 'REVIEW#DEMO' : undefined);
    expect(attributes).toMatchObject({
      gsiSk: `${AT}#doc_1`,
      gsiAdmPk: 'ADM#DEMO',
      gsiStatusPk: `ADMSTATUS#DEMO#${status}`,
      gsiConnectorPk: 'ADMCONN#DEMO#webshop',
    });
  });

  it('indexes nothing of a record without an administration', () => {
    // Act
    const attributes = indexAttributes(record({ administration: undefined as unknown as string }));

    // Assess
    expect(attributes.gsiAdmPk).toBeUndefined();
    expect(attributes.searchTokens).toEqual([]);
  });
});

describe('search tokens', () => {
  it.each([
    ['a word prefix', 'korena', true],
    ['two words, both present', 'bakkerij korenaar', true],
    ['a word not present', 'slager', false],
    ['an amount the Dutch way', '121,00', true],
    ['an amount with thousands', '1.121,00', false],
    ['the invoice number whole', 'INV-2026-001', true],
    ['the invoice number compact', 'inv2026001', true],
    ['with diacritics folded', 'Bäkkerij', true],
  ])('finds a document by %s', (_what, q, found) => {
    // Prepare
    const attributes = indexAttributes(
      record({
        kind: 'file',
        type: 'invoice-file',
        result: {
          invoiceNumber: 'INV-2026-001',
          party: { name: 'Bakkerij De Korenaar' },
          totals: { payableCents: 12100 },
        },
      }),
    );

    // Act
    const tokens = queryTokens(q);

    // Assess
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokensMatch(attributes.searchTokens, tokens)).toBe(found);
    if (found) expect(tokens.every((t) => attributes.searchTokens.includes(lookupToken(t)))).toBe(true);
  });

  it('finds every word of any text by any of its prefixes of 3 or more characters', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{3,20}$/), fc.integer({ min: 3, max: 20 }), (word, n) => {
        // Prepare
        const attributes = indexAttributes(
          record({ event: { type: 'relation.upsert', data: { name: `De ${word}` } } }),
        );

        // Act
        const tokens = queryTokens(word.slice(0, n));

        // Assess
        expect(tokensMatch(attributes.searchTokens, tokens)).toBe(true);
        expect(tokens.every((t) => attributes.searchTokens.includes(lookupToken(t)))).toBe(true);
      }),
    );
  });

  it('finds an amount however a person writes it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (cents) => {
        // Prepare
        const attributes = indexAttributes(
          record({ kind: 'file', type: 'invoice-file', result: { totals: { payableCents: cents } } }),
        );
        const euros = Math.floor(cents / 100);
        const rest = String(cents % 100).padStart(2, '0');
        const dutch = `${euros.toLocaleString('nl-NL')},${rest}`;

        // Act
        const written = [`${euros},${rest}`, `${euros}.${rest}`, dutch].map(queryTokens);

        // Assess
        for (const tokens of written) expect(attributes.searchTokens).toContain(tokens[0]);
      }),
    );
  });
});

describe('cursors', () => {
  it('round-trips any sort key', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        fc.stringMatching(/^[!-~]{1,100}$/),
        (date, id) => {
          // Prepare
          const sortKey = `${date.toISOString()}#${id}`;

          // Act
          const back = decodeCursor(encodeCursor(sortKey));

          // Assess
          expect(back).toBe(sortKey);
        },
      ),
    );
  });

  it('refuses any other string with an error naming the cursor, never anything else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (cursor) => {
        // Act
        let outcome: unknown;
        try {
          outcome = decodeCursor(cursor);
        } catch (error) {
          outcome = error;
        }

        // Assess
        if (typeof outcome === 'string') expect(encodeCursor(outcome)).toBe(cursor);
        else expect(outcome).toMatchObject({ field: 'cursor', rule: 'invalid-cursor' });
        if (outcome instanceof Error) expect(outcome).toBeInstanceOf(DocumentQueryError);
      }),
    );
  });
});

describe('day counters', () => {
  it.each([
    ['first booking', 'booked', [], ['booked'], 'booked'],
    ['the same booking again', 'booked', ['booked'], ['booked'], undefined],
    ['review after rejection', 'review', ['rejected'], ['rejected', 'review'], 'review'],
    ['a status not counted', 'sending', ['review'], ['review'], undefined],
  ] as const)('counts %s', (_what, status, before, after, counted) => {
    // Act
    const change = countingChange(record({ status }), [...before]);

    // Assess
    expect(change.counted).toEqual(after);
    expect(change.status).toBe(counted);
  });

  it('writes only the tokens that changed and deletes the stale ones', () => {
    // Prepare
    const before = record({ event: { type: 'relation.upsert', data: { name: 'Jansen' } } });
    const beforeTokens = indexAttributes(before).searchTokens;
    const after = record({ event: { type: 'relation.upsert', data: { name: 'Pietersen' } } });

    // Act
    const write = indexedWrite(after, { ...before, searchTokens: beforeTokens }, new Date(AT));

    // Assess
    const deleted = write.tokenRequests.flatMap((r) =>
      'DeleteRequest' in r ? [r.DeleteRequest.Key.pk] : [],
    );
    const put = write.tokenRequests.flatMap((r) => ('PutRequest' in r ? [r.PutRequest.Item.pk] : []));
    expect(deleted).toContain('SEARCH#DEMO#jansen');
    expect(put).toContain('SEARCH#DEMO#pietersen');
    expect(put).not.toContain('SEARCH#DEMO#x');
    expect(deleted.filter((pk) => put.includes(pk))).toEqual([]);
  });
});
