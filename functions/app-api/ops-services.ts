import { LambdaClient } from '@aws-sdk/client-lambda';
import { cashLimiterBudget, SqsDeadLetterDepth } from '../../lib/app-api/overview/index.ts';
import { PublisherReplay } from '../../lib/app-api/runs/index.ts';
import type { UsersDirectory } from '../../lib/app-api/users/index.ts';
import { DocumentQueries } from '../../lib/documents/index.ts';
import { createUserDirectory } from '../../lib/identity/index.ts';
import type { ApiServices } from '../../lib/partner-api/index.ts';
import { LambdaConnectorInvoker, runStoreFromEnv } from '../../lib/runs/index.ts';
import type { AwsClients } from '../../lib/runtime/aws-clients.ts';
import { ENV, requireEnv } from '../../lib/runtime/env.ts';
import type { Log } from '../../lib/runtime/log.ts';
import { effectiveSettings, SettingsOverrideStore } from '../../lib/settings/index.ts';
import {
  administrationsFor,
  type ConnectorName,
  connectorNames,
  connectors,
  enabledConnectors,
  type TenantRuntimeConfig,
} from '../../lib/tenant/index.ts';
import type { OpsServices } from './app-routes.ts';

export interface OpsWiring {
  config: TenantRuntimeConfig;
  clients: AwsClients;
  /** The services the app shares with the partner API (publisher for replays, the bank rules' store). */
  services: Pick<ApiServices, 'publisher' | 'bankRules'>;
  log: Log;
}

/** The user directory, made on first use: a stack without the app's user pool still serves the other pages. */
function lazyDirectory(): UsersDirectory {
  let directory: UsersDirectory | undefined;
  const get = () => {
    directory ??= createUserDirectory(process.env);
    return directory;
  };
  return {
    list: () => get().list(),
    get: (username) => get().get(username),
    create: (input) => get().create(input),
    update: (username, change) => get().update(username, change),
    remove: (username) => get().remove(username),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The api-ops areas' real services (runs, overview, bank rules, settings, users) for the app-api function. */
export function opsServices(wiring: OpsWiring): OpsServices {
  const { config, clients } = wiring;
  const table = requireEnv(ENV.documentsTable);
  const queries = new DocumentQueries(clients.documents, table);
  const overrides = new SettingsOverrideStore(clients.documents, table);
  const runs = runStoreFromEnv();
  const enabled = enabledConnectors(config);
  const entryOf = (name: ConnectorName) => ({
    settings: config.connectors[name]?.settings ?? {},
    mappings: config.connectors[name]?.mappings ?? {},
  });
  const serves = (name: ConnectorName, administration: string) =>
    administrationsFor(config, name).some((adm) => adm.code === administration);
  return {
    runs: {
      tenant: config.tenant,
      connectors: connectorNames,
      runs,
      invoker: new LambdaConnectorInvoker(
        new LambdaClient({}),
        LambdaConnectorInvoker.functionNamesFrom(process.env[ENV.appFunctionNames]),
      ),
      documents: queries,
      replay: new PublisherReplay(wiring.services.publisher),
    },
    overview: {
      connectors: async () =>
        Promise.all(
          enabled.map(async (name) => {
            const administrations = administrationsFor(config, name).map((adm) => adm.code);
            const first = administrations[0];
            const settings = first
              ? (await effectiveSettings(name, first, entryOf(name), overrides, wiring.log)).settings
              : entryOf(name).settings;
            const hours =
              (settings.silentAfterHours as number | undefined) ?? connectors[name].silentAfterHours;
            return {
              connector: name,
              administrations,
              ...(hours !== undefined ? { silentAfterHours: hours } : {}),
            };
          }),
        ),
      runs,
      counts: queries,
      deadLetters: new SqsDeadLetterDepth(clients.sqs, requireEnv(ENV.eventQueueUrl)),
      // The limiter the writer and cash-sync share, read where they keep it (the mirror table).
      ...optional(
        'cashBudget',
        cashLimiterBudget(config.cashRateLimit, {
          client: clients.documents,
          tableName: requireEnv(ENV.mirrorTable),
          sortKey: 'sk',
        }),
      ),
    },
    bankRules: { bankRules: wiring.services.bankRules },
    settings: {
      tenantEntries: (administration) =>
        Object.fromEntries(
          enabled.filter((name) => serves(name, administration)).map((name) => [name, entryOf(name)]),
        ),
      overrides,
    },
    users: { directory: lazyDirectory() },
  };
}
