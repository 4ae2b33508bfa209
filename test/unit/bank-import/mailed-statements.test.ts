import { afterAll, describe, expect, it } from 'vitest';
import type { BankFileResult } from '../../../lib/bank/file-import/index.ts';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import type { BankStatement } from '../../../lib/bank/statement.ts';
import { bankHandoverKey } from '../../../lib/intake/index.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import type { ConnectorName } from '../../../lib/tenant/index.ts';
import { corpusFiles, readCorpusFile } from '../../support/corpus.ts';
import { bankMail } from '../../support/mail.ts';
import { withCorpus } from '../../support/needs-shared.ts';
import {
  createProjectRoot,
  SINGLE_MAIL_ADDRESS,
  scratchTenants,
  synthTenant,
} from '../infra/synth-fixture.ts';
import { fakeBankImport, importSummary, s3Created } from './handler-fakes.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const mt940Files = corpusFiles('mt940')
  .map((name) => ({ name, bytes: readCorpusFile('mt940', name) }))
  .filter(({ name, bytes }) => parseStatementFile(bytes, name).statements.length > 0)
  .slice(0, 6);

/** The bank-import handler over fakes: objects by key, an importer that records what it was given. */
function harness(objects: Map<string, Uint8Array>) {
  const imported: BankStatement[][] = [];
  const { handler } = fakeBankImport(objects, async (statements) => {
    imported.push(statements);
    const entries = statements.reduce((n, s) => n + s.entries.length, 0);
    return importSummary({ statements: statements.length, entries, alreadyHandled: entries });
  });
  const run = async (key: string) =>
    (
      (await handler(s3Created([key], '2026-03-14T10:00:00Z'), lambdaContext('bank-import', 10_000))) as {
        files: BankFileResult[];
      }
    ).files[0] as BankFileResult;
  return { run, imported };
}

describe('bank import reads mailed statements', () => {
  it.each(mt940Files)(
    '$name mailed to the single address (SES key without extension) is imported from the mail',
    withCorpus(),
    async ({ name, bytes }) => {
      // Prepare
      const key = 'DEMO/inbox-email/0a1b2c3d4e5f60718293a4b5c6d7e8f9';
      const { run, imported } = harness(
        new Map([[key, bankMail([{ filename: 'ATT00001', content: bytes }])]]),
      );
      // Act
      const result = await run(key);
      // Assess: the same statements as the file itself gives
      expect(result.status).not.toBe('ignored');
      expect(imported[0]?.map((s) => s.entries.map((e) => e.importId))).toEqual(
        parseStatementFile(bytes, name).statements.map((s) => s.entries.map((e) => e.importId)),
      );
    },
  );

  it(
    'takes a statement the invoice mailbox handed over under <ADM>/bank/from-mail/<sha256>/',
    withCorpus(),
    async () => {
      // Prepare
      const [file] = mt940Files;
      const key = bankHandoverKey('DEMO', 'ab'.repeat(32), 'ATT00001');
      const { run, imported } = harness(new Map([[key, file?.bytes as Uint8Array]]));
      // Act
      const result = await run(key);
      // Assess
      expect(result).toMatchObject({ administration: 'DEMO', key });
      expect(imported).toHaveLength(1);
    },
  );

  it('still ignores folders that are not its own', async () => {
    // Prepare
    const { run, imported } = harness(new Map([['DEMO/purchase/x.sta', new Uint8Array([0x3a])]]));
    // Act
    const result = await run('DEMO/purchase/x.sta');
    // Assess
    expect(result.status).toBe('ignored');
    expect(imported).toEqual([]);
  });
});

describe('single mail address: who reads <ADM>/inbox-email/', () => {
  const project = createProjectRoot();
  afterAll(() => project.cleanup());

  /** The inbox-email notifications of the demo tenant with the single layout and `connectors` switched. */
  function inboxReaders(enabled: Partial<Record<ConnectorName, boolean>>): string[] {
    const { directory, cleanup } = scratchTenants((input) => {
      input.mailInbound = SINGLE_MAIL_ADDRESS;
      for (const [name, on] of Object.entries(enabled)) input.connectors[name].enabled = on;
    });
    try {
      const { stack, template } = synthTenant('demo', project.root, directory);
      const names = new Map(
        [...stack.functions.entries()].map(([name, connector]) => [
          stack.getLogicalId(connector.function.node.defaultChild as never),
          name,
        ]),
      );
      const notifications = Object.values(template.findResources('Custom::S3BucketNotifications')) as {
        Properties: {
          NotificationConfiguration: {
            LambdaFunctionConfigurations: {
              Filter: { Key: { FilterRules: { Value: string }[] } };
              LambdaFunctionArn: { 'Fn::GetAtt': [string, string] };
            }[];
          };
        };
      }[];
      return notifications
        .flatMap((n) => n.Properties.NotificationConfiguration.LambdaFunctionConfigurations)
        .filter((c) => c.Filter.Key.FilterRules[0]?.Value === 'DEMO/inbox-email/')
        .map((c) => names.get(c.LambdaFunctionArn['Fn::GetAtt'][0]) as string);
    } finally {
      cleanup();
    }
  }

  it.each([
    [{ 'invoice-mailbox': true, 'bank-import': true }, ['invoice-mailbox']],
    [{ 'invoice-mailbox': false, 'bank-import': true }, ['bank-import']],
    [{ 'invoice-mailbox': true, 'bank-import': false }, ['invoice-mailbox']],
    [{ 'invoice-mailbox': false, 'bank-import': false }, []],
  ])('with %j the mail is read by %j', (enabled, readers) => {
    // Act + Assess
    expect(inboxReaders(enabled)).toEqual(readers);
  });
});
