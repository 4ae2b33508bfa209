import { awsClients } from '../runtime/aws-clients.ts';
import { ENV, requireEnv } from '../runtime/env.ts';
import { connectorNames } from '../tenant/connector-registry.ts';
import { RunStore } from './run-store.ts';

/** The stack's run store (the documents table of the function's environment), over every registered connector. */
export function runStoreFromEnv(): RunStore {
  return new RunStore(awsClients().documents, requireEnv(ENV.documentsTable), connectorNames);
}
