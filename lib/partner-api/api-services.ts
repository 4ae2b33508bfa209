import { bankImportSettingsOf, DynamoMatchMemory } from '../bank/stores/index.ts';
import { cashAdapterSettings } from '../cash/settings/index.ts';
import { DocumentStore } from '../documents/index.ts';
import { MirrorLookup, MirrorStore } from '../mirror/index.ts';
import type { AwsClients } from '../runtime/aws-clients.ts';
import { ENV, requireEnv } from '../runtime/env.ts';
import { EventPublisher } from '../runtime/event-publisher.ts';
import type { Log } from '../runtime/log.ts';
import type { TenantRuntimeConfig } from '../tenant/index.ts';
import { BankRuleStore } from './bank-rule-store.ts';
import { BankMatchLearner, type CorrectionLearner, InvoiceLedgerLearner } from './correction-learning.ts';
import { CorrectionStore } from './correction-store.ts';
import { EventAdmission } from './event-admission.ts';

/** Where the services live: the stack's tables and event queue (the functions pass their environment's names). */
export interface ApiServicesWiring {
  config: TenantRuntimeConfig;
  clients: AwsClients;
  documentsTable: string;
  mirrorTable: string;
  eventQueueUrl: string;
  log: Log;
}

/**
 * What the partner API and the web app's API both act through, built the same way for both: documents
 * and corrections in the documents table, bookings through the event queue, the CASH mirror and the bank
 * matcher's memory (one per administration: read by the bank import, taught by corrections, edited through
 * bank rules) in the mirror table.
 */
export interface ApiServices {
  documents: DocumentStore;
  publisher: EventPublisher;
  mirror: MirrorStore;
  matchMemory: DynamoMatchMemory;
  corrections: CorrectionStore;
  /** The invoice connector's ledger memory and the bank matcher's memory, taught by every correction. */
  learners: CorrectionLearner[];
  bankRules: BankRuleStore;
  /** The door for events: the writer's settings per administration, so it refuses exactly what the writer would. */
  admission: EventAdmission;
}

/** The shared services of the partner-api and app-api functions. */
export function apiServices(wiring: ApiServicesWiring): ApiServices {
  const { config, clients, documentsTable, mirrorTable } = wiring;
  const documents = new DocumentStore(clients.documents, documentsTable);
  const publisher = new EventPublisher(clients.sqs, wiring.eventQueueUrl, documents);
  const mirror = new MirrorStore(clients.documents, mirrorTable);
  const matchMemory = new DynamoMatchMemory(clients.documents, mirrorTable, config.tenant);
  const settingsOf = new Map(
    config.administrations.map((a) => [a.code, cashAdapterSettings(a.cashSettings ?? {})]),
  );
  return {
    documents,
    publisher,
    mirror,
    matchMemory,
    corrections: new CorrectionStore(clients.documents, documentsTable),
    learners: [
      new InvoiceLedgerLearner({ client: clients.documents, mirrorTable, documents }),
      new BankMatchLearner({
        tenant: config.tenant,
        documents,
        publisher,
        memory: matchMemory,
        mirror,
        settings: bankImportSettingsOf(config),
      }),
    ],
    bankRules: new BankRuleStore(matchMemory, mirror),
    admission: new EventAdmission({
      settings: (code) => settingsOf.get(code) ?? cashAdapterSettings(),
      mirror: new MirrorLookup(mirror),
      onMirrorError: (error) =>
        wiring.log('warn', 'the CASH mirror could not be read; event codes go unchecked', { error }),
    }),
  };
}

/** `apiServices` on the function's own tables and queue (`DOCUMENTS_TABLE`, `MIRROR_TABLE`, `EVENT_QUEUE_URL`). */
export function apiServicesFromEnv(
  wiring: Pick<ApiServicesWiring, 'config' | 'clients' | 'log'>,
): ApiServices {
  return apiServices({
    ...wiring,
    documentsTable: requireEnv(ENV.documentsTable),
    mirrorTable: requireEnv(ENV.mirrorTable),
    eventQueueUrl: requireEnv(ENV.eventQueueUrl),
  });
}
