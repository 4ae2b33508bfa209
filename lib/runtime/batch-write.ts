import {
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

/** A put or delete as BatchWriteItem takes it (document-client form). */
export type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } };

/**
 * Writes any number of requests in BatchWriteItem calls of 25, re-sending what DynamoDB leaves unprocessed
 * with a growing pause; gives up with an error naming the count after eight rounds. `onRequest` counts the
 * calls (the benchmark's requests-per-event figure).
 */
export async function batchWriteAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: WriteRequest[],
  onRequest: () => void = () => {},
): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let items: unknown[] | undefined = requests.slice(i, i + 25);
    for (let round = 0; items && items.length > 0; round++) {
      if (round >= 8) throw new Error(`DynamoDB kept ${items.length} writes to ${tableName} unprocessed`);
      onRequest();
      const answer: BatchWriteCommandOutput = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: items as never } }),
      );
      items = answer.UnprocessedItems?.[tableName];
      if (items && items.length > 0) await new Promise((r) => setTimeout(r, 25 * 2 ** round));
    }
  }
}
