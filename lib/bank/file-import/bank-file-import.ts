import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { DocumentError, DocumentRecord, DocumentStore } from '../../documents/index.ts';
import { BodyTooLargeError, type ByteSource, readAtMost } from '../../runtime/bounded-read.ts';
import { errorMessage } from '../../runtime/error-message.ts';
import type { Log } from '../../runtime/log.ts';
import { decodeS3Key } from '../../runtime/s3-event-key.ts';
import type { BankImportSettings } from '../../tenant/index.ts';
import { DEFAULT_BANK_INPUT_LIMITS } from '../parsers/index.ts';
import { BANK_IMPORT_CONNECTOR, type BankStatementImporter, readStatementSource } from '../stores/index.ts';
import { archiveKey } from './archive-key.ts';
import type { BankFileResult } from './bank-import-results.ts';
import { fileStatus } from './file-status.ts';

export interface BankFileImportDeps {
  tenant: string;
  s3: S3Client;
  archiveBucket: string;
  documents: DocumentStore;
  importer: Pick<BankStatementImporter, 'import'>;
  /** Administration codes this connector serves. */
  administrations: () => string[];
  /** The settings for the administration, read at each file/pull (the tenant file with its overrides). */
  settings: (administration: string) => BankImportSettings | Promise<BankImportSettings>;
  now?: () => Date;
  /** Larger objects are refused without being read whole, and stay in the mailbox bucket. Default 20 MB. */
  maxFileBytes?: number;
  log?: Log;
}

/** One S3 ObjectCreated record of the mailbox bucket, as much as the import needs. */
export interface BankFileObject {
  bucket: string;
  /** The key as S3 events carry it: URL-encoded, `+` for spaces. */
  rawKey: string;
  /** The event time; fixes the archive month so a redelivery archives to the same key. */
  eventTime?: string;
}

/** Mailbox folders the bank import reads: uploads and mailed statements, and the single address's mail. */
const BANK_FOLDERS: ReadonlySet<string> = new Set(['bank', 'inbox-email']);

/** Ids listed per kind on a file's document (each ~40 bytes). */
const MAX_IDS_ON_FILE = 2_000;

/**
 * One statement file dropped in the mailbox bucket under `<ADM>/bank/`: archived unchanged, parsed, checked
 * (a statement that does not add up is rejected whole, with the reason), matched against the CASH mirror's
 * open items and booked or left for review. A bad file ends as a rejected document and never throws; when
 * the storage around a file fails it throws, after which every step is safe to redo (same document ids,
 * same event ids).
 */
export class BankFileImport {
  private readonly now: () => Date;
  private readonly maxFileBytes: number;

  constructor(private readonly deps: BankFileImportDeps) {
    this.now = deps.now ?? (() => new Date());
    this.maxFileBytes = deps.maxFileBytes ?? DEFAULT_BANK_INPUT_LIMITS.maxFileBytes;
  }

  async receive(file: BankFileObject): Promise<BankFileResult> {
    const { bucket } = file;
    const key = decodeS3Key(file.rawKey);
    const parts = key.split('/');
    const administration = parts[0] ?? '';
    const filename = parts[parts.length - 1] ?? '';
    // `inbox-email/`: raw mail to an administration's single address, when no invoice mailbox reads it.
    if (parts.length < 3 || !BANK_FOLDERS.has(parts[1] ?? '') || !filename) {
      return {
        key,
        status: 'ignored',
        message: 'expected <administration>/bank/<file> or <administration>/inbox-email/<mail>',
      };
    }
    let object: GetObjectCommandOutput;
    try {
      object = await this.deps.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      // Deleted before we got to it: nothing to import, and retrying will not bring it back.
      if ((error as { name?: string }).name !== 'NoSuchKey') throw error;
      return { key, status: 'ignored', message: 'the object no longer exists' };
    }
    let bytes: Uint8Array;
    try {
      bytes = await readAtMost(object.Body as ByteSource, this.maxFileBytes, object.ContentLength);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      return this.rejectTooLarge(bucket, key, administration, object.ETag ?? '', error);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const documentId = `doc_${sha256}`;
    const receivedAt = file.eventTime ? new Date(file.eventTime) : this.now();
    const archived = archiveKey(
      administration,
      Number.isNaN(receivedAt.getTime()) ? this.now() : receivedAt,
      sha256,
      filename,
    );
    await this.deps.s3.send(
      new PutObjectCommand({
        Bucket: this.deps.archiveBucket,
        Key: archived,
        Body: bytes,
        ...(object.ContentType ? { ContentType: object.ContentType } : {}),
        Metadata: { sha256 },
      }),
    );
    const existing = await this.deps.documents.get(documentId);
    const base: Partial<DocumentRecord> = {
      ...this.fileRecord(documentId, administration, sha256, {
        bucket: this.deps.archiveBucket,
        key: archived,
      }),
      ...(existing ? {} : { payloadHash: sha256, attempts: 0, createdAt: this.now().toISOString() }),
    };
    await this.deps.documents.transition(
      documentId,
      'received',
      base,
      existing ? `received again as ${bucket}/${key}` : `received as ${bucket}/${key}`,
    );

    if (!this.deps.administrations().includes(administration)) {
      const reason = `administration ${administration} is not served by bank-import for tenant ${this.deps.tenant}`;
      await this.deps.documents.transition(
        documentId,
        'rejected',
        { errors: [{ source: 'validation', message: reason, path: 'key', value: key }] },
        reason,
      );
      return { key, documentId, administration, status: 'rejected', message: reason };
    }

    try {
      return await this.importFile(bytes, filename, key, documentId, administration, archived);
    } catch (error) {
      // Storage trouble while importing: the file shows as failed until the retry succeeds.
      await this.deps.documents
        .transition(
          documentId,
          'failed',
          { errors: [{ source: 'system', message: errorMessage(error) }] },
          errorMessage(error),
        )
        .catch((markError: unknown) =>
          this.deps.log?.('error', 'could not mark the file failed', { documentId, markError }),
        );
      throw error;
    }
  }

  private async importFile(
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
    const summary = await this.deps.importer.import(
      administration,
      await this.deps.settings(administration),
      parsed.statements,
      {
        fileDocumentId: documentId,
        bucket: this.deps.archiveBucket,
        key: archived,
      },
    );
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
    await this.deps.documents.transition(
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
    return { key, documentId, administration, status, summary };
  }

  /** An over-size object has no content hash: its document is keyed by bucket, key and ETag instead. */
  private async rejectTooLarge(
    bucket: string,
    key: string,
    administration: string,
    etag: string,
    error: BodyTooLargeError,
  ): Promise<BankFileResult> {
    const documentId = `doc_${createHash('sha256').update(`${bucket}/${key}#${etag}`).digest('hex')}`;
    const reason = `${error.message}; it stays in ${bucket}/${key}`;
    await this.deps.documents.transition(
      documentId,
      'rejected',
      {
        ...this.fileRecord(documentId, administration, key.slice(0, 200), { bucket, key }),
        payloadHash: etag,
        attempts: 0,
        createdAt: this.now().toISOString(),
        errors: [
          { source: 'validation', rule: 'BANK-FILE-SIZE', message: reason, path: 'size', value: error.limit },
        ],
      },
      reason,
    );
    return { key, documentId, administration, status: 'rejected', message: reason };
  }

  /** The fields of a bank file's document record. */
  private fileRecord(
    documentId: string,
    administration: string,
    externalId: string,
    document: { bucket: string; key: string },
  ): Partial<DocumentRecord> {
    return {
      id: documentId,
      tenant: this.deps.tenant,
      administration,
      type: 'bank-statement-file',
      source: { connector: BANK_IMPORT_CONNECTOR, externalId, document },
      kind: 'file',
    };
  }
}
