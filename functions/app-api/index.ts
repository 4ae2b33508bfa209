import { SESv2Client } from '@aws-sdk/client-sesv2';
import { mirrorLedgerBalances } from '../../lib/app-api/business/index.ts';
import { vatCodeChoices } from '../../lib/app-api/choices/index.ts';
import { S3OriginalStore } from '../../lib/app-api/documents/index.ts';
import { AppRouter } from '../../lib/app-api/index.ts';
import { DynamoReceiptRecords, S3ReceiptMailbox } from '../../lib/app-api/receipts/index.ts';
import { EventFileLinks } from '../../lib/intake/event-file-links.ts';
import { invoiceSettingsFromConnector } from '../../lib/intake/index.ts';
import { SesMailSender } from '../../lib/mail/index.ts';
import { DeliveryRetry, DeliveryStore, deliveryQueuesOf } from '../../lib/outbound/index.ts';
import { apiServicesFromEnv } from '../../lib/partner-api/index.ts';
import { TesseractReceiptOcr } from '../../lib/receipts/index.ts';
import { runStoreFromEnv } from '../../lib/runs/index.ts';
import { awsClientConfig, awsClients } from '../../lib/runtime/aws-clients.ts';
import { builtOnce } from '../../lib/runtime/built-once.ts';
import { ENV, requireEnv } from '../../lib/runtime/env.ts';
import { logOf, observability } from '../../lib/runtime/powertools.ts';
import { tenantRuntimeConfig } from '../../lib/runtime/tenant-runtime.ts';
import { DynamoHoursStore, DynamoSalesInvoiceStore } from '../../lib/sales-invoices/index.ts';
import { deliveryTargets } from '../../lib/tenant/index.ts';
import { createAppApiHandler } from './app-api-handler.ts';
import { appRoutes } from './app-routes.ts';
import { opsServices } from './ops-services.ts';
import { appTokenVerifier, documentQueries } from './seams.ts';

const tools = observability('app-api');
const log = logOf(tools.logger);

/**
 * The real dependencies: what the partner API acts through too (`apiServices`: documents, corrections and
 * the memories they teach, bank rules, the event door), the CASH mirror, originals in the archive and
 * mailbox buckets, the intake's stores. The tenant is the stack's own, never the token's.
 */
async function buildRouter(): Promise<AppRouter> {
  const config = tenantRuntimeConfig();
  const clients = awsClients();
  const table = requireEnv(ENV.documentsTable);
  const services = apiServicesFromEnv({ config, clients, log });
  const { documents, mirror } = services;
  const invoiceVatRules = invoiceSettingsFromConnector(
    config.connectors['invoice-mailbox']?.settings ?? {},
  ).vatRules;
  const administrations = config.administrations.map((a) => a.code);
  // Uren en facturen: the app-api connector's `salesInvoices` settings per administration (`*` for all).
  // The app-api connector is not in the connector registry yet; its settings are read by name until it is.
  const connectors = config.connectors as Record<string, { settings?: Record<string, unknown> } | undefined>;
  const salesInvoiceSettings = (connectors['app-api']?.settings?.salesInvoices ?? {}) as Record<
    string,
    unknown
  >;
  const ops = opsServices({ config, clients, services, log });
  const deliveryRecords = new DeliveryStore(clients.documents, requireEnv(ENV.deliveriesTable));
  const deliveryQueues = process.env[ENV.deliveryQueues];
  return new AppRouter({
    tenant: config.tenant,
    administrations,
    verifier: appTokenVerifier(),
    routes: appRoutes({
      tenant: config.tenant,
      administrations,
      hours: new DynamoHoursStore(clients.documents, table),
      salesInvoices: new DynamoSalesInvoiceStore(clients.documents, table),
      documentNotes: documents,
      salesInvoiceSettings: async (code) => salesInvoiceSettings[code] ?? salesInvoiceSettings['*'],
      // E-mailing invoices: SES v2 as the tenant's verified identity (the hub's stand-in on one machine).
      ...(config.mailOutbound?.enabled
        ? {
            mail: {
              sender: new SesMailSender(
                new SESv2Client(awsClientConfig()),
                config.mailOutbound.configurationSet
                  ? { configurationSetName: config.mailOutbound.configurationSet }
                  : {},
              ),
              fromAddress: config.mailOutbound.fromAddress,
            },
          }
        : {}),
      onMailRecordError: (error, record) =>
        tools.logger.error('an invoice was e-mailed but the mailing could not be recorded', {
          error,
          invoiceId: record.id,
        }),
      receiptMailbox: new S3ReceiptMailbox(clients.s3, requireEnv(ENV.mailboxBucket)),
      receiptRecords: new DynamoReceiptRecords(clients.documents, table),
      receiptOcr: new TesseractReceiptOcr(),
      onReceiptOcrError: (error) =>
        tools.logger.warn('OCR of a receipt failed; it goes to review without a proposal', { error }),
      administrationNames: new Map(config.administrations.map((a) => [a.code, a.name])),
      queries: documentQueries(clients.documents, table),
      documents,
      publisher: services.publisher,
      corrections: services.corrections,
      learners: services.learners,
      links: new EventFileLinks(clients.documents, table),
      admission: services.admission,
      onLearnError: (error, record) =>
        tools.logger.warn('a connector memory did not learn from a correction', {
          error,
          documentId: record.documentId,
        }),
      mirror,
      ledgerBalances: mirrorLedgerBalances(mirror),
      vatCodes: () => vatCodeChoices(invoiceVatRules),
      ops,
      deliveries: {
        targets: deliveryTargets(config),
        records: deliveryRecords,
        ...(deliveryQueues
          ? {
              retry: new DeliveryRetry({
                tenant: config.tenant,
                records: deliveryRecords,
                mirror,
                queueOf: deliveryQueuesOf(clients.sqs, deliveryQueues),
              }),
            }
          : {}),
      },
      // A match with `makeRule` makes its rule in the same store the bank-rules routes change.
      bankRules: services.bankRules,
      onRuleError: (error) =>
        tools.logger.warn('a bank rule made with a match could not be saved', { error }),
      originals: new S3OriginalStore(clients.s3, [
        requireEnv(ENV.archiveBucket),
        requireEnv(ENV.mailboxBucket),
      ]),
    }),
    log,
  });
}

export const handler = createAppApiHandler({
  runs: runStoreFromEnv(),
  observability: tools,
  router: builtOnce(buildRouter),
});
