import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';

export interface LocalDynamo {
  client: DynamoDBDocumentClient;
  raw: DynamoDBClient;
  createTable(name: string, withSortKey: boolean): Promise<void>;
  stop(): Promise<void>;
}

/** dynalite in process on a free port, with a document client pointed at it (dummy credentials). */
export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const raw = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const client = DynamoDBDocumentClient.from(raw);
  return {
    client,
    raw,
    async createTable(name, withSortKey) {
      await raw.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            ...(withSortKey ? [{ AttributeName: 'sk', AttributeType: 'S' as const }] : []),
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            ...(withSortKey ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : []),
          ],
        }),
      );
    },
    async stop() {
      raw.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
