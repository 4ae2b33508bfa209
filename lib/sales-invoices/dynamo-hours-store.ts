import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { HourEntry } from './hour-entry.ts';
import { HoursNotBillableError } from './sales-invoice-record.ts';
import type { HoursStore } from './sales-invoice-store.ts';

const pk = (administration: string) => `HOURS#${administration}`;
const sk = (id: string) => `HOUR#${id}`;

function entryOf(item: Record<string, unknown>): HourEntry {
  const { pk: _pk, sk: _sk, ...entry } = item;
  return entry as unknown as HourEntry;
}

/**
 * Hours in the documents table: one partition per administration (`HOURS#<adm>`), one item per entry,
 * read with Query only. Claiming for an invoice is a conditional write per entry (the local emulator has
 * no transactions), released again when any entry is taken.
 */
export class DynamoHoursStore implements HoursStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(administration: string): Promise<HourEntry[]> {
    const entries: HourEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :hour)',
          ExpressionAttributeValues: { ':pk': pk(administration), ':hour': 'HOUR#' },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) entries.push(entryOf(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return entries;
  }

  async getMany(administration: string, ids: readonly string[]): Promise<HourEntry[]> {
    const found: HourEntry[] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique
        .slice(i, i + 100)
        .map((id) => ({ pk: pk(administration), sk: sk(id) }));
      for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt++) {
        const answer: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of answer.Responses?.[this.tableName] ?? []) found.push(entryOf(item));
        keys = answer.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }

  async add(entry: HourEntry): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: pk(entry.administration), sk: sk(entry.id), ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async remove(administration: string, id: string): Promise<'removed' | 'not-found' | 'billed'> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: pk(administration), sk: sk(id) },
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(invoiceId)',
        }),
      );
      return 'removed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return (await this.getMany(administration, [id])).length > 0 ? 'billed' : 'not-found';
    }
  }

  async claim(administration: string, ids: readonly string[], invoiceId: string): Promise<void> {
    const claimed: string[] = [];
    const refused: string[] = [];
    for (const id of new Set(ids)) {
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: pk(administration), sk: sk(id) },
            UpdateExpression: 'SET invoiceId = :invoice',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(invoiceId)',
            ExpressionAttributeValues: { ':invoice': invoiceId },
          }),
        );
        claimed.push(id);
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) {
          await this.release(administration, claimed, invoiceId);
          throw error;
        }
        refused.push(id);
      }
    }
    if (refused.length > 0) {
      await this.release(administration, claimed, invoiceId);
      throw new HoursNotBillableError(refused);
    }
  }

  async release(administration: string, ids: readonly string[], invoiceId: string): Promise<void> {
    await this.#unbill(administration, ids, invoiceId, 'REMOVE invoiceId', {});
  }

  async releaseCredited(
    administration: string,
    ids: readonly string[],
    invoiceId: string,
    creditNoteId: string,
  ): Promise<void> {
    await this.#unbill(
      administration,
      ids,
      invoiceId,
      'REMOVE invoiceId SET creditedBy = list_append(if_not_exists(creditedBy, :none), :one)',
      { ':none': [], ':one': [{ invoiceId, creditNoteId }] },
    );
  }

  /** `update` on each of the hours still billed on `invoiceId`; hours billed elsewhere are left alone. */
  async #unbill(
    administration: string,
    ids: readonly string[],
    invoiceId: string,
    update: string,
    values: Record<string, unknown>,
  ): Promise<void> {
    for (const id of new Set(ids)) {
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: pk(administration), sk: sk(id) },
            UpdateExpression: update,
            ConditionExpression: 'invoiceId = :invoice',
            ExpressionAttributeValues: { ':invoice': invoiceId, ...values },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }
}
