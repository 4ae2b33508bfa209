import { DocumentStore } from '../../lib/documents/index.ts';
import { InvoiceMailboxIntake, invoiceSettingsFromConnector } from '../../lib/intake/index.ts';
import {
  DynamoDuplicateRegistry,
  DynamoLedgerMemory,
  type InvoiceContext,
  MirrorPartyDirectory,
} from '../../lib/invoices/index.ts';
import { MirrorStore } from '../../lib/mirror/index.ts';
import { runStoreFromEnv } from '../../lib/runs/index.ts';
import { awsClients } from '../../lib/runtime/aws-clients.ts';
import { ENV, requireEnv } from '../../lib/runtime/env.ts';
import { EventPublisher } from '../../lib/runtime/event-publisher.ts';
import { observability } from '../../lib/runtime/powertools.ts';
import { tenantRuntimeConfig } from '../../lib/runtime/tenant-runtime.ts';
import { effectiveSettings, SettingsOverrideStore } from '../../lib/settings/index.ts';
import { administrationsFor, servedAdministrationCodes } from '../../lib/tenant/index.ts';
import { createInvoiceMailboxHandler } from './invoice-mailbox-handler.ts';

const tools = observability('invoice-mailbox');

export const handler = createInvoiceMailboxHandler({
  runs: runStoreFromEnv(),
  observability: tools,
  intake: async () => {
    const config = tenantRuntimeConfig();
    const entry = config.connectors['invoice-mailbox'];
    const clients = awsClients();
    const documentsTable = requireEnv(ENV.documentsTable);
    const mirrorTable = requireEnv(ENV.mirrorTable);
    const documents = new DocumentStore(clients.documents, documentsTable);
    const mirror = new MirrorStore(clients.documents, mirrorTable);
    const contexts = new Map<string, InvoiceContext>();
    const administrations = administrationsFor(config, 'invoice-mailbox').map((a) => a.code);
    // Instellingen in the web app: each administration's overrides over the tenant file, read once per invocation.
    const overrides = new SettingsOverrideStore(clients.documents, documentsTable);
    const settingsOf = new Map(
      await Promise.all(
        administrations.map(
          async (code) =>
            [
              code,
              invoiceSettingsFromConnector(
                (
                  await effectiveSettings(
                    'invoice-mailbox',
                    code,
                    { settings: entry?.settings ?? {} },
                    overrides,
                    (level, message, details) => tools.logger[level](message, details ?? {}),
                  )
                ).settings,
              ),
            ] as const,
        ),
      ),
    );
    // Statements mailed to an administration are handed to the bank import when it serves that administration.
    const bankImportAdministrations = servedAdministrationCodes(config, 'bank-import');
    return new InvoiceMailboxIntake({
      tenant: config.tenant,
      administrations,
      bankImportAdministrations,
      s3: clients.s3,
      archiveBucket: requireEnv(ENV.archiveBucket),
      documents,
      documentsClient: clients.documents,
      documentsTable,
      publisher: new EventPublisher(clients.sqs, requireEnv(ENV.eventQueueUrl), documents),
      context: (administration) => {
        let context = contexts.get(administration);
        if (!context) {
          const scope = { tenant: config.tenant, administration };
          context = {
            settings: settingsOf.get(administration) ?? invoiceSettingsFromConnector(entry?.settings ?? {}),
            parties: new MirrorPartyDirectory(mirror, administration),
            ledgerMemory: new DynamoLedgerMemory(clients.documents, mirrorTable, scope),
            duplicates: new DynamoDuplicateRegistry(clients.documents, mirrorTable, scope),
          };
          contexts.set(administration, context);
        }
        return context;
      },
    });
  },
});
