import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AppTokenVerifierPort, DocumentQueriesPort } from '../../lib/app-api/index.ts';
import { DocumentQueries } from '../../lib/documents/index.ts';
import { createAppTokenVerifier } from '../../lib/identity/index.ts';

/** Cognito in AWS, the hub's local provider on one machine: chosen by the function's environment. */
export function appTokenVerifier(): AppTokenVerifierPort {
  return createAppTokenVerifier(process.env);
}

/** The document index (Query on the documents table's GSIs, never Scan). */
export function documentQueries(client: DynamoDBDocumentClient, table: string): DocumentQueriesPort {
  return new DocumentQueries(client, table);
}
