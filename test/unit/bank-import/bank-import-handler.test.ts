import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { archiveKey, decodeS3Key, fileStatus } from '../../../functions/bank-import/bank-import-handler.ts';
import { bankImportSettings } from '../../../infra/connectors.ts';
import type { BankImportSummary } from '../../../lib/bank/stores/index.ts';

function summary(counts: Partial<BankImportSummary['counts']>, eventIds: string[] = []): BankImportSummary {
  return {
    administration: 'DEMO',
    counts: {
      statements: 1,
      rejectedStatements: 0,
      entries: 0,
      auto: 0,
      proposals: 0,
      none: 0,
      suspense: 0,
      alreadyHandled: 0,
      queued: 0,
      alreadyBooked: 0,
      conflicts: 0,
      ...counts,
    },
    statements: [],
    eventIds,
    reviewIds: [],
    alreadyHandledIds: [],
    problems: [],
  };
}

describe('bank-import handler helpers', () => {
  it('archives under originals/<ADM>/<yyyy>/<mm>/<sha256>/<filename>', () => {
    // Act
    const key = archiveKey('DEMO', new Date('2026-01-31T23:30:00Z'), 'ab'.repeat(32), 'MT940 jan.sta');
    // Assess
    expect(key).toBe(`originals/DEMO/2026/01/${'ab'.repeat(32)}/MT940 jan.sta`);
  });

  it('decodes any S3 event key back to the object key', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), (name) => {
        // Prepare: S3 encodes like a form: spaces as +, the rest percent-encoded
        const encoded = encodeURIComponent(name).replace(/%20/g, '+');
        // Act + Assess
        expect(decodeS3Key(encoded)).toBe(name);
      }),
    );
  });

  it.each([
    { name: 'nothing usable', s: summary({ statements: 0 }), parseErrors: 1, expected: 'rejected' },
    {
      name: 'every statement rejected',
      s: summary({ statements: 2, rejectedStatements: 2 }),
      parseErrors: 0,
      expected: 'rejected',
    },
    { name: 'lines waiting', s: summary({ proposals: 1 }, ['e1']), parseErrors: 0, expected: 'review' },
    {
      name: 'one statement of two rejected',
      s: summary({ statements: 2, rejectedStatements: 1 }, ['e1']),
      parseErrors: 0,
      expected: 'review',
    },
    { name: 'all booked', s: summary({ auto: 2 }, ['e1', 'e2']), parseErrors: 0, expected: 'queued' },
    { name: 'all seen before', s: summary({ alreadyHandled: 3 }), parseErrors: 0, expected: 'duplicate' },
    { name: 'an empty statement', s: summary({}), parseErrors: 0, expected: 'booked' },
  ])('file status: $name → $expected', ({ s, parseErrors, expected }) => {
    // Act + Assess
    expect(fileStatus(s, parseErrors)).toBe(expected);
  });
});

describe('bank-import settings', () => {
  it('accepts the tenant files’ shape and normalises IBAN keys', () => {
    // Act
    const parsed = bankImportSettings.parse({
      journal: 'BNK',
      suspenseAccount: '2990',
      accounts: { 'nl91 abna 0417 1643 00': { journal: 'ABN', ledgerAccount: '1100' } },
      tolerance: { absoluteCents: 10 },
    });
    // Assess
    expect(Object.keys(parsed.accounts)).toEqual(['NL91ABNA0417164300']);
  });

  it.each([
    { input: { accounts: { NL91ABNA0417164300: {} } }, path: 'accounts.NL91ABNA0417164300.journal' },
    { input: { suspenseAccount: '29 90' }, path: 'suspenseAccount' },
    { input: { autoThreshold: 2 }, path: 'autoThreshold' },
    { input: { unknownKey: true }, path: '' },
    {
      input: { bunq: [{ administration: 'DEMO', apiKeySecretName: 'k' }] },
      path: 'bunq.0.contextSecretName',
    },
  ])('refuses $path', ({ input, path }) => {
    // Act
    const result = bankImportSettings.safeParse(input);
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(path);
  });
});
