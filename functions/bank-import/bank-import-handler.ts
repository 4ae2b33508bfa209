import { createHash } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import middy from '@middy/core';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { DEFAULT_BANK_INPUT_LIMITS } from '../../lib/bank/parsers/index.ts';
import {
  BANK_IMPORT_CONNECTOR,
  type BankImportSummary,
  type BankStatementImporter,
  type BankTransactionSource,
  readStatementSource,
} from '../../lib/bank/stores/index.ts';
import type {
  DocumentError,
  DocumentRecord,
  DocumentStatus,
  DocumentStore,
} from '../../lib/documents/index.ts';
import { BodyTooLargeError, type ByteSource, readAtMost } from '../../lib/runtime/bounded-read.ts';
import type { Observability } from '../../lib/runtime/powertools.ts';
import type { BankImportSettings } from '../../lib/tenant/index.ts';

/** What EventBridge Scheduler sends for a bank API pull (the schedule's input); all fields optional. */
export interface BankPullRequest {
  administrations?: string[];
  /** How far back to pull; overlap is harmless, import ids keep lines from booking twice. Default 7. */
  sinceDays?: number;
}

export interface BankImportHandlerDeps {
  observability: Observability;
  tenant: string;
  s3: S3Client;
  archiveBucket: string;
  documents: DocumentStore;
  importer: Pick<BankStatementImporter, 'import'>;
  /** Administration codes this connector serves. */
  administrations: () => string[];
  settings: () => BankImportSettings;
  /** Bank API sources of an administration for scheduled pulls; none configured means nothing to pull. */
  sources?: (administration: string) => BankTransactionSource[];
  now?: () => Date;
  /** Larger objects are refused without being read whole, and stay in the mailbox bucket. Default 20 MB. */
  maxFileBytes?: number;
}

export interface BankFileResult {
  key: string;
  documentId?: string;
  administration?: string;
  status: DocumentStatus | 'ignored' | 'error';
  summary?: BankImportSummary;
  message?: string;
}

export interface BankPullResult {
  administration: string;
  source: string;
  status: 'imported' | 'error';
  summary?: BankImportSummary;
  message?: string;
}

/** Mailbox folders the bank import reads: uploads and mailed statements, and the single address's mail. */
const BANK_FOLDERS: ReadonlySet<string> = new Set(['bank', 'inbox-email']);

/** Ids listed per kind on a file's document (each ~40 bytes). */
const MAX_IDS_ON_FILE = 2_000;

/** Archive key of an original: `originals/<ADM>/<yyyy>/<mm>/<sha256>/<filename>`. */
export function archiveKey(administration: string, at: Date, sha256: string, filename: string): string {
  const year = String(at.getUTCFullYear());
  const month = String(at.getUTCMonth() + 1).padStart(2, '0');
  return `originals/${administration}/${year}/${month}/${sha256}/${filename}`;
}

/** S3 event keys are URL-encoded with `+` for spaces. */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** The file's status from what happened to its statements and lines. */
export function fileStatus(summary: BankImportSummary, parseErrors: number): DocumentStatus {
  const { counts } = summary;
  if (counts.statements === 0 || counts.statements === counts.rejectedStatements) return 'rejected';
  if (
    counts.proposals + counts.none + counts.rejectedStatements + counts.conflicts > 0 ||
    parseErrors > 0 ||
    summary.problems.length > 0
  )
    return 'review';
  if (summary.eventIds.length === 0 && counts.alreadyHandled > 0) return 'duplicate';
  return summary.eventIds.length > 0 ? 'queued' : 'booked';
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The bank-import Lambda: statements dropped in the mailbox bucket under `<ADM>/bank/` are archived
 * unchanged, parsed, checked (a statement that does not add up is rejected whole, with the reason), matched
 * against the CASH mirror's open items and booked or left for review. Each S3 record is handled on its
 * own: a bad file is recorded as rejected and never stops the others. When the storage around a file
 * fails, the other files still run and the invocation then fails so Lambda retries it; every step is
 * idempotent (same document ids, same event ids).
 * Scheduled invocations pull from the configured bank API sources instead.
 */
export function createBankImportHandler(deps: BankImportHandlerDeps) {
  const { logger, metrics } = deps.observability;
  const now = deps.now ?? (() => new Date());
  const maxFileBytes = deps.maxFileBytes ?? DEFAULT_BANK_INPUT_LIMITS.maxFileBytes;

  /** The fields of a bank file's document record. */
  function fileRecord(
    documentId: string,
    administration: string,
    externalId: string,
    document: { bucket: string; key: string },
  ): Partial<DocumentRecord> {
    return {
      id: documentId,
      tenant: deps.tenant,
      administration,
      type: 'bank-statement-file',
      source: { connector: BANK_IMPORT_CONNECTOR, externalId, document },
      kind: 'file',
    };
  }

  /** An over-size object has no content hash: its document is keyed by bucket, key and ETag instead. */
  async function rejectTooLarge(
    bucket: string,
    key: string,
    administration: string,
    etag: string,
    error: BodyTooLargeError,
  ): Promise<BankFileResult> {
    const documentId = `doc_${createHash('sha256').update(`${bucket}/${key}#${etag}`).digest('hex')}`;
    const reason = `${error.message}; it stays in ${bucket}/${key}`;
    await deps.documents.transition(
      documentId,
      'rejected',
      {
        ...fileRecord(documentId, administration, key.slice(0, 200), { bucket, key }),
        payloadHash: etag,
        attempts: 0,
        createdAt: now().toISOString(),
        errors: [
          { source: 'validation', rule: 'BANK-FILE-SIZE', message: reason, path: 'size', value: error.limit },
        ],
      },
      reason,
    );
    return { key, documentId, administration, status: 'rejected', message: reason };
  }

  async function handleRecord(record: S3EventRecord): Promise<BankFileResult> {
    const bucket = record.s3.bucket.name;
    const key = decodeS3Key(record.s3.object.key);
    const parts = key.split('/');
    const administration = parts[0] ?? '';
    const filename = parts[parts.length - 1] ?? '';
    // `inbox-email/`: raw mail to an administration's single address, when no invoice mailbox reads it.
    if (parts.length < 3 || !BANK_FOLDERS.has(parts[1] ?? '') || !filename) {
      logger.warn('not a bank statement upload, ignored', { bucket, key });
      return {
        key,
        status: 'ignored',
        message: 'expected <administration>/bank/<file> or <administration>/inbox-email/<mail>',
      };
    }
    let object: GetObjectCommandOutput;
    try {
      object = await deps.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      // Deleted before we got to it: nothing to import, and retrying will not bring it back.
      if ((error as { name?: string }).name !== 'NoSuchKey') throw error;
      logger.warn('uploaded object no longer exists, ignored', { bucket, key });
      return { key, status: 'ignored', message: 'the object no longer exists' };
    }
    let bytes: Uint8Array;
    try {
      bytes = await readAtMost(object.Body as ByteSource, maxFileBytes, object.ContentLength);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      return rejectTooLarge(bucket, key, administration, object.ETag ?? '', error);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const documentId = `doc_${sha256}`;
    const receivedAt = record.eventTime ? new Date(record.eventTime) : now();
    const archived = archiveKey(
      administration,
      Number.isNaN(receivedAt.getTime()) ? now() : receivedAt,
      sha256,
      filename,
    );
    await deps.s3.send(
      new PutObjectCommand({
        Bucket: deps.archiveBucket,
        Key: archived,
        Body: bytes,
        ...(object.ContentType ? { ContentType: object.ContentType } : {}),
        Metadata: { sha256 },
      }),
    );
    const existing = await deps.documents.get(documentId);
    const base: Partial<DocumentRecord> = {
      ...fileRecord(documentId, administration, sha256, { bucket: deps.archiveBucket, key: archived }),
      ...(existing ? {} : { payloadHash: sha256, attempts: 0, createdAt: now().toISOString() }),
    };
    await deps.documents.transition(
      documentId,
      'received',
      base,
      existing ? `received again as ${bucket}/${key}` : `received as ${bucket}/${key}`,
    );

    if (!deps.administrations().includes(administration)) {
      const reason = `administration ${administration} is not served by bank-import for tenant ${deps.tenant}`;
      await deps.documents.transition(
        documentId,
        'rejected',
        { errors: [{ source: 'validation', message: reason, path: 'key', value: key }] },
        reason,
      );
      return { key, documentId, administration, status: 'rejected', message: reason };
    }

    try {
      return await importFile(bytes, filename, key, documentId, administration, archived);
    } catch (error) {
      // Storage trouble while importing: the file shows as failed until the retry succeeds.
      await deps.documents
        .transition(
          documentId,
          'failed',
          { errors: [{ source: 'system', message: message(error) }] },
          message(error),
        )
        .catch((markError: unknown) =>
          logger.error('could not mark the file failed', { documentId, markError }),
        );
      throw error;
    }
  }

  async function importFile(
    bytes: Uint8Array,
    filename: string,
    key: string,
    documentId: string,
    administration: string,
    archived: string,
  ): Promise<BankFileResult> {
    const parsed = await readStatementSource(bytes, filename);
    const errors: DocumentError[] = parsed.errors.map((error) => ({
      source: 'validation',
      message: error,
      path: filename,
    }));
    const summary = await deps.importer.import(administration, deps.settings(), parsed.statements, {
      fileDocumentId: documentId,
      bucket: deps.archiveBucket,
      key: archived,
    });
    summary.statements.forEach((statement, index) => {
      if (statement.status === 'rejected')
        errors.push({
          source: 'validation',
          message: `statement ${statement.statementId} (${statement.account}) not booked: ${statement.reason}`,
          path: `statements[${index}]`,
          rule: /balance/.test(statement.reason ?? '') ? 'balance' : 'statement',
          value: statement.statementId,
        });
    });
    for (const problem of summary.problems) errors.push({ source: 'mapping', message: problem });
    const status = fileStatus(summary, parsed.errors.length);
    const { counts } = summary;
    const listed = (ids: string[]) => ids.slice(0, MAX_IDS_ON_FILE);
    const truncated = [summary.eventIds, summary.reviewIds, summary.alreadyHandledIds].some(
      (ids) => ids.length > MAX_IDS_ON_FILE,
    );
    await deps.documents.transition(
      documentId,
      status,
      {
        eventIds: listed(summary.eventIds),
        errors,
        result: {
          format: parsed.format,
          encoding: parsed.encoding,
          ...(parsed.attachments.length > 0 ? { attachments: parsed.attachments } : {}),
          counts,
          statements: summary.statements,
          reviewIds: listed(summary.reviewIds),
          alreadyHandledIds: listed(summary.alreadyHandledIds),
          // Every line has its own document; the file lists the first ones so it stays under DynamoDB's 400 KB.
          ...(truncated ? { idsTruncatedAt: MAX_IDS_ON_FILE } : {}),
        },
      },
      `${counts.statements} statement(s), ${counts.rejectedStatements} rejected; ${counts.entries} line(s): ` +
        `${counts.auto} auto, ${counts.suspense} suspense, ${counts.proposals} proposal(s), ${counts.none} unmatched, ` +
        `${counts.alreadyHandled} already handled`,
    );
    metrics.addMetric('BankStatementsRejected', MetricUnit.Count, counts.rejectedStatements);
    metrics.addMetric('BankLinesAuto', MetricUnit.Count, counts.auto);
    metrics.addMetric('BankLinesReview', MetricUnit.Count, counts.proposals + counts.none);
    logger.info('bank file imported', { key, documentId, status, counts });
    return { key, documentId, administration, status, summary };
  }

  async function pull(request: BankPullRequest): Promise<BankPullResult[]> {
    const wanted = request.administrations?.length ? request.administrations : deps.administrations();
    const since = new Date(now().getTime() - (request.sinceDays ?? 7) * 86_400_000).toISOString();
    const results: BankPullResult[] = [];
    for (const administration of wanted) {
      const sources = deps.sources?.(administration) ?? [];
      if (sources.length === 0) logger.warn('no bank API source configured', { administration });
      for (const source of sources) {
        try {
          const statements = await source.fetch(since);
          const summary = await deps.importer.import(administration, deps.settings(), statements);
          results.push({ administration, source: source.name, status: 'imported', summary });
        } catch (error) {
          logger.error('bank API pull failed', { administration, source: source.name, error });
          results.push({ administration, source: source.name, status: 'error', message: message(error) });
        }
      }
    }
    return results;
  }

  const handle = async (
    event: S3Event | BankPullRequest | null | undefined,
  ): Promise<{ files: BankFileResult[]; pulls: BankPullResult[] }> => {
    if (!event || !('Records' in event) || !Array.isArray(event.Records)) {
      return { files: [], pulls: await pull((event ?? {}) as BankPullRequest) };
    }
    const files: BankFileResult[] = [];
    const failed: string[] = [];
    for (const record of event.Records) {
      try {
        files.push(await handleRecord(record));
      } catch (error) {
        const key = decodeS3Key(record.s3?.object?.key ?? '');
        logger.error('bank file not processed', { key, error });
        failed.push(`${key}: ${message(error)}`);
        files.push({ key, status: 'error', message: message(error) });
      }
    }
    metrics.addMetric('BankFilesFailed', MetricUnit.Count, failed.length);
    if (failed.length > 0) {
      // Storage trouble, not bad content: fail the invocation so Lambda retries; every step is idempotent.
      throw new Error(`bank import failed for ${failed.length} file(s): ${failed.join('; ')}`);
    }
    return { files, pulls: [] };
  };

  return middy(handle).use(injectLambdaContext(logger)).use(logMetrics(metrics));
}
