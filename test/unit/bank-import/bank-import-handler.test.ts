import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { archiveKey, fileStatus } from '../../../lib/bank/file-import/index.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { decodeS3Key } from '../../../lib/runtime/s3-event-key.ts';
import { bankImportSettings } from '../../../lib/tenant/index.ts';
import { fakeBankImport, importSummary, s3Created } from './handler-fakes.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

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
    { name: 'nothing usable', s: importSummary({ statements: 0 }), parseErrors: 1, expected: 'rejected' },
    {
      name: 'every statement rejected',
      s: importSummary({ statements: 2, rejectedStatements: 2 }),
      parseErrors: 0,
      expected: 'rejected',
    },
    { name: 'lines waiting', s: importSummary({ proposals: 1 }, ['e1']), parseErrors: 0, expected: 'review' },
    {
      name: 'one statement of two rejected',
      s: importSummary({ statements: 2, rejectedStatements: 1 }, ['e1']),
      parseErrors: 0,
      expected: 'review',
    },
    { name: 'all booked', s: importSummary({ auto: 2 }, ['e1', 'e2']), parseErrors: 0, expected: 'queued' },
    {
      name: 'all seen before',
      s: importSummary({ alreadyHandled: 3 }),
      parseErrors: 0,
      expected: 'duplicate',
    },
    { name: 'an empty statement', s: importSummary({}), parseErrors: 0, expected: 'booked' },
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

describe('createBankImportHandler isolation', () => {
  /** Fakes at the edges: S3 objects by key, document transitions recorded, an importer that fails on request. */
  function harness(failFor: string) {
    const objects = new Map<string, string>([
      [
        'DEMO/bank/bad.sta',
        ':20:STARTUMS\n:25:NL91ABNA0417164300\n:28C:1\n:60F:C260301EUR1,00\n:62F:C260301EUR1,00\n',
      ],
      [
        'DEMO/bank/good.sta',
        ':20:STARTUMS\n:25:NL02ABNA0123456789\n:28C:1\n:60F:C260301EUR1,00\n:62F:C260301EUR1,00\n',
      ],
    ]);
    const { handler, transitions } = fakeBankImport(objects, async (statements) => {
      if (statements.some((s) => s.account.includes(failFor))) throw new Error('DynamoDB throttled');
      return importSummary({ statements: statements.length });
    });
    const event = (...keys: string[]) => s3Created(keys);
    return { handler, event, transitions };
  }

  it('processes every file, marks the one that failed, then fails the invocation so it is retried', async () => {
    // Prepare
    const { handler, event, transitions } = harness('0417164300');
    // Act
    const run = handler(
      event('DEMO/bank/bad.sta', 'DEMO/bank/good.sta', 'DEMO/bank/gone.sta', 'DEMO/other/x'),
      lambdaContext('bank-import', 10_000),
    );
    // Assess
    await expect(run).rejects.toThrow(/1 file\(s\): DEMO\/bank\/bad\.sta: DynamoDB throttled/);
    const finals = transitions.filter((t) => t.status !== 'received').map((t) => t.status);
    expect(finals).toEqual(['failed', 'booked']);
  });

  it('returns each file’s outcome when nothing failed; missing objects and other folders are ignored', async () => {
    // Prepare
    const { handler, event } = harness('no-such-account');
    // Act
    const out = (await handler(
      event('DEMO/bank/good.sta', 'DEMO/bank/gone.sta', 'DEMO/other/x'),
      lambdaContext('bank-import', 10_000),
    )) as {
      files: { status: string }[];
    };
    // Assess
    expect(out.files.map((f) => f.status)).toEqual(['booked', 'ignored', 'ignored']);
  });

  it('takes a key with a malformed %-sequence as it is, without failing the other files', async () => {
    // Prepare
    const { handler, event } = harness('no-such-account');
    // Act
    const out = (await handler(
      event('DEMO/bank/100%zz.sta', 'DEMO/bank/good.sta'),
      lambdaContext('bank-import', 10_000),
    )) as { files: { key: string; status: string }[] };
    // Assess
    expect(out.files).toMatchObject([
      { key: 'DEMO/bank/100%zz.sta', status: 'ignored' },
      { key: 'DEMO/bank/good.sta', status: 'booked' },
    ]);
  });
});
