import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CreditNoteReference, SalesInvoiceMailing, SalesInvoiceRecord } from './sales-invoice-record.ts';
import { invoiceNumber, type SalesInvoiceStore } from './sales-invoice-store.ts';

const pk = (administration: string) => `SALESINV#${administration}`;
const idKey = (id: string) => `ID#${id}`;
const numberKey = (year: number, sequence: number) => `NUM#${year}#${String(sequence).padStart(9, '0')}`;
/** Two people issuing at the same moment take the next number; more collisions than this is a fault. */
const MAX_ATTEMPTS = 20;

function recordOf(item: Record<string, unknown> | undefined): SalesInvoiceRecord | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, ...record } = item;
  return record as unknown as SalesInvoiceRecord;
}

/**
 * Sales invoices in the documents table (`SALESINV#<adm>`). A number is taken by a conditional put of its
 * own item (`NUM#<year>#<sequence>`, pointing at the invoice id) after reading the year's last one, so
 * numbers follow each other without gaps or doubles; the record itself is `ID#<id>`. A number item whose
 * record write failed still names its invoice id: a retry of the same id finds and completes it.
 */
export class DynamoSalesInvoiceStore implements SalesInvoiceStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async issue(
    draft: Omit<SalesInvoiceRecord, 'number'>,
    year: number,
    build: (number: string) => SalesInvoiceRecord,
  ): Promise<SalesInvoiceRecord> {
    const existing = await this.get(draft.administration, draft.id);
    if (existing) return existing;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const last = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :num)',
          ExpressionAttributeValues: { ':pk': pk(draft.administration), ':num': `NUM#${year}#` },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      );
      const lastItem = last.Items?.[0];
      if (lastItem?.invoiceId === draft.id) return this.#complete(build(String(lastItem.number)));
      const sequence = lastItem ? Number(lastItem.sequence) + 1 : 1;
      const number = invoiceNumber(year, sequence);
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              pk: pk(draft.administration),
              sk: numberKey(year, sequence),
              sequence,
              number,
              invoiceId: draft.id,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) continue;
        throw error;
      }
      return this.#complete(build(number));
    }
    throw new Error(
      `no free invoice number for ${draft.administration} ${year} after ${MAX_ATTEMPTS} attempts`,
    );
  }

  async #complete(record: SalesInvoiceRecord): Promise<SalesInvoiceRecord> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: pk(record.administration), sk: idKey(record.id), ...record },
      }),
    );
    return record;
  }

  async get(administration: string, id: string): Promise<SalesInvoiceRecord | undefined> {
    const answer = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: pk(administration), sk: idKey(id) },
        ConsistentRead: true,
      }),
    );
    return recordOf(answer.Item);
  }

  /** By the number items (`NUM#<year>#<sequence>`, newest first, a Query), each record read by its id. */
  async list(
    administration: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ items: SalesInvoiceRecord[]; nextCursor?: string }> {
    const after = page.cursor && /^NUM#\d{4}#\d{9}$/.test(page.cursor) ? page.cursor : undefined;
    const numbers = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :num)',
        ExpressionAttributeValues: { ':pk': pk(administration), ':num': 'NUM#' },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(after ? { ExclusiveStartKey: { pk: pk(administration), sk: after } } : {}),
      }),
    );
    const items: SalesInvoiceRecord[] = [];
    for (const item of numbers.Items ?? []) {
      const record = await this.get(administration, String(item.invoiceId));
      if (record) items.push(record);
    }
    const last = numbers.LastEvaluatedKey?.sk;
    return { items, ...(typeof last === 'string' ? { nextCursor: last } : {}) };
  }

  async setEvent(
    administration: string,
    id: string,
    event: Pick<SalesInvoiceRecord, 'eventId' | 'eventType'>,
  ): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: pk(administration), sk: idKey(id) },
        UpdateExpression: 'SET eventId = :event, eventType = :type',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':event': event.eventId, ':type': event.eventType },
      }),
    );
  }

  async beginMailing(
    administration: string,
    id: string,
    lock: { token: string; at: string },
    sentBefore: number,
    staleBefore: string,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pk(administration), sk: idKey(id) },
          UpdateExpression: 'SET mailLock = :lock',
          ConditionExpression: `attribute_exists(pk) AND (attribute_not_exists(mailLock) OR mailLock.#at < :stale) AND ${
            sentBefore === 0 ? 'attribute_not_exists(mailings)' : 'size(mailings) = :sent'
          }`,
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: {
            ':lock': lock,
            ':stale': staleBefore,
            ...(sentBefore === 0 ? {} : { ':sent': sentBefore }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async endMailing(
    administration: string,
    id: string,
    token: string,
    mailing?: SalesInvoiceMailing,
  ): Promise<void> {
    const key = { pk: pk(administration), sk: idKey(id) };
    const append = mailing
      ? {
          set: 'SET mailings = list_append(if_not_exists(mailings, :none), :one) ',
          values: { ':none': [], ':one': [mailing] },
        }
      : { set: '', values: {} };
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `${append.set}REMOVE mailLock`,
          ConditionExpression: 'mailLock.#token = :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': token, ...append.values },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Another sending took over a stale lock: the mail went all the same and is recorded; its lock stays.
      if (mailing)
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: append.set.trim(),
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: append.values,
          }),
        );
    }
  }

  async noteCredit(administration: string, id: string, credit: CreditNoteReference): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: pk(administration), sk: idKey(id) },
        UpdateExpression: 'SET creditedBy = list_append(if_not_exists(creditedBy, :none), :one)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':none': [], ':one': [credit] },
      }),
    );
  }
}
