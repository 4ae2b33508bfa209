import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  ScanCommand,
  type ScanCommandOutput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { batchWriteAll } from '../runtime/batch-write.ts';
import { errorMessage } from '../runtime/error-message.ts';
import { counterUpdate, sumIncrements } from './day-counters.ts';
import { DocumentStoreError } from './document-store-error.ts';
import { type ReindexPlan, reindexPlan } from './reindex-plan.ts';

export interface ReindexOptions {
  /** Plan only: read everything, write nothing, report what would change. */
  dryRun?: boolean;
  /** Items a Scan page reads at most (default 250). */
  pageSize?: number;
  /** Parallel scan: this worker's segment of `totalSegments` (default the whole table). */
  segment?: number;
  totalSegments?: number;
  /** Records brought up to date side by side (default 8). */
  concurrency?: number;
  now?: () => Date;
  /** After each page: the report so far. */
  onPage?: (report: ReindexReport) => void;
}

export interface ReindexReport {
  /** Items the Scan returned (status records only: the filter keeps the others out). */
  records: number;
  /** Records whose index was brought up to date (or would be, on a dry run). */
  reindexed: number;
  /** Records whose index was current already. */
  current: number;
  /** Records that changed between the read and the update: that write went through DocumentStore and indexed them. */
  changedMeanwhile: number;
  tokenWrites: number;
  counterUpdates: number;
  /** Records that could not be brought up to date; the run goes on without them. */
  failures: number;
  /** The first 100 of them, with the reason. */
  failed: Array<{ id: string; message: string }>;
  pages: number;
}

const MAX_FAILURES_KEPT = 100;

/**
 * The backfill of the web app's index: pages over the documents table with a Scan (the one place a Scan
 * is right: every record is wanted, once) and brings every status record's index attributes, search token
 * items and day counters to what DocumentStore writes today (reindex-plan.ts). Idempotent: a record already
 * current costs its read only; a second run writes nothing. Safe beside the running stack: an update is
 * conditional on the record being as read; token items are put before it (a put is idempotent; a race
 * leaves at most an extra token item that the search checks away) and stale ones deleted after it.
 */
export class DocumentReindexer {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async run(options: ReindexOptions = {}): Promise<ReindexReport> {
    const report: ReindexReport = {
      records: 0,
      reindexed: 0,
      current: 0,
      changedMeanwhile: 0,
      tokenWrites: 0,
      counterUpdates: 0,
      failures: 0,
      failed: [],
      pages: 0,
    };
    const now = options.now ?? (() => new Date());
    let start: Record<string, unknown> | undefined;
    do {
      const page: ScanCommandOutput = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: '#sk = :status AND begins_with(#pk, :doc)',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
          ExpressionAttributeValues: { ':status': 'STATUS', ':doc': 'DOC#' },
          Limit: options.pageSize ?? 250,
          ExclusiveStartKey: start,
          ...(options.totalSegments !== undefined
            ? { Segment: options.segment ?? 0, TotalSegments: options.totalSegments }
            : {}),
        }),
      );
      const items = page.Items ?? [];
      report.records += items.length;
      const at = now();
      const plans: ReindexPlan[] = [];
      for (const item of items) {
        try {
          const plan = reindexPlan(item, at);
          if (plan) plans.push(plan);
          else report.current++;
        } catch (error) {
          this.failed(report, String(item.pk).slice(4), error);
        }
      }
      if (options.dryRun) report.reindexed += plans.length;
      else await this.applyAll(plans, report, options.concurrency ?? 8);
      report.pages++;
      options.onPage?.(report);
      start = page.LastEvaluatedKey;
    } while (start);
    return report;
  }

  private async applyAll(plans: ReindexPlan[], report: ReindexReport, concurrency: number): Promise<void> {
    let next = 0;
    const lane = async () => {
      while (next < plans.length) {
        const plan = plans[next++] as ReindexPlan;
        try {
          await this.apply(plan, report);
        } catch (error) {
          this.failed(report, plan.id, error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, plans.length)) }, lane));
  }

  private failed(report: ReindexReport, id: string, error: unknown): void {
    report.failures++;
    if (report.failed.length < MAX_FAILURES_KEPT) report.failed.push({ id, message: errorMessage(error) });
  }

  private async apply(plan: ReindexPlan, report: ReindexReport): Promise<void> {
    if (plan.tokenPuts.length > 0) {
      await batchWriteAll(this.client, this.tableName, plan.tokenPuts);
      report.tokenWrites += plan.tokenPuts.length;
    }
    if (!(await this.updateRecord(plan))) {
      report.changedMeanwhile++;
      return;
    }
    report.reindexed++;
    if (plan.tokenDeletes.length > 0) {
      await batchWriteAll(this.client, this.tableName, plan.tokenDeletes);
      report.tokenWrites += plan.tokenDeletes.length;
    }
    for (const increment of sumIncrements(plan.increments)) {
      await this.client.send(new UpdateCommand(counterUpdate(this.tableName, increment)));
      report.counterUpdates++;
    }
  }

  /** Sets and removes the derived attributes if the record is as read; false when it changed meanwhile. */
  private async updateRecord(plan: ReindexPlan): Promise<boolean> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    const removes: string[] = [];
    let n = 0;
    for (const [field, value] of Object.entries(plan.set)) {
      names[`#a${n}`] = field;
      values[`:a${n}`] = value;
      sets.push(`#a${n} = :a${n}`);
      n++;
    }
    for (const field of plan.remove) {
      names[`#a${n}`] = field;
      removes.push(`#a${n}`);
      n++;
    }
    const conditions = ['attribute_exists(pk)'];
    names['#vAt'] = 'updatedAt';
    names['#vHistory'] = 'history';
    if (plan.version.updatedAt !== undefined) {
      conditions.push('#vAt = :vAt');
      values[':vAt'] = plan.version.updatedAt;
    } else conditions.push('attribute_not_exists(#vAt)');
    if (plan.version.historyLength !== undefined) {
      conditions.push('size(#vHistory) = :vLen');
      values[':vLen'] = plan.version.historyLength;
    } else conditions.push('attribute_not_exists(#vHistory)');
    const update = [
      sets.length > 0 ? `SET ${sets.join(', ')}` : '',
      removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
    ].join(' ');
    if (update.trim() === '') return true;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: plan.key,
          ConditionExpression: conditions.join(' AND '),
          UpdateExpression: update.trim(),
          ExpressionAttributeNames: names,
          ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new DocumentStoreError(`reindexing document ${JSON.stringify(plan.id.slice(0, 80))} failed`, {
        cause: error,
      });
    }
  }
}
