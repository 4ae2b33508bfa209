import { createHash } from 'node:crypto';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DocumentError, DocumentRecord, DocumentStatus, DocumentStore } from '../documents/index.ts';
import {
  type Direction,
  DuplicateClaimLostError,
  INVOICE_CONNECTOR,
  type InvoiceContext,
  type InvoiceResult,
  InvoiceStoreError,
  processInvoiceFile,
} from '../invoices/index.ts';
import { BodyTooLargeError, type ByteSource, readAtMost } from '../runtime/bounded-read.ts';
import type { PublishOutcome } from '../runtime/event-publisher.ts';
import { attachmentKey, originalKey } from './archive-keys.ts';
import { emailDirection } from './email-direction.ts';
import { MailboxKeyError } from './errors.ts';
import { decodeS3Key, parseMailboxKey } from './mailbox-key.ts';
import { sesVerdictFailures } from './ses-verdicts.ts';
import { type MailboxContentScan, scanMailboxContent } from './statement-attachments.ts';
import { BankStatementHandover, type HandedOverStatement } from './statement-handover.ts';

/** One S3 ObjectCreated record, as much as the intake needs. */
export interface MailboxObject {
  bucket: string;
  /** The key as S3 events carry it: URL-encoded, `+` for spaces. */
  rawKey: string;
  /** The event time; fixes the archive month so a redelivery archives to the same key. */
  eventTime: string;
}

export interface IntakeOutcome {
  key: string;
  documentId?: string;
  status: DocumentStatus | 'missing';
  eventIds: string[];
  /** Bank statements found in the file (mail attachments, or the file itself) and passed to the bank import. */
  handedOver?: HandedOverStatement[];
}

export interface MailboxIntakeDeps {
  tenant: string;
  /** Administrations this connector serves. */
  administrations: readonly string[];
  s3: S3Client;
  archiveBucket: string;
  documents: DocumentStore;
  /** The documents table client, to link event records back to their file. */
  documentsClient: DynamoDBDocumentClient;
  documentsTable: string;
  publisher: { publish(events: unknown[]): Promise<PublishOutcome[]> };
  /** Settings and stores for one administration (throws when its settings are invalid). */
  context: (administration: string) => InvoiceContext;
  /** How often a lost duplicate claim is retried before the record fails (then S3/Lambda retries). */
  claimAttempts?: number;
  /** Larger objects are not read into memory: rejected, left in the mailbox bucket. Default 64 MiB. */
  maxObjectBytes?: number;
  /**
   * Administrations whose bank import takes statements from `<ADM>/bank/` in the mailbox bucket. A statement
   * mailed for another administration is not handed over, and its file says why. Default: every one.
   */
  bankImportAdministrations?: readonly string[];
}

const DEFAULT_MAX_OBJECT_BYTES = 64 * 1024 * 1024;

const MAX_FINDINGS = 200;

/**
 * File statuses after which a byte-identical file is not taken in again. Rejected and review files are:
 * the tenant may have changed settings or added the relation in CASH before uploading it once more.
 */
const ALREADY_OUT: ReadonlySet<DocumentStatus> = new Set(['queued', 'sending', 'booked', 'duplicate']);

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Takes one file from the mailbox bucket: archives the original unchanged, gives the file a document status
 * record (`doc_<sha256>`), runs it through the invoice logic, archives what was extracted and publishes the
 * events. Problems with the file end in its status record (rejected / review / duplicate); only
 * infrastructure failures are thrown, after which the whole file is safely processed again.
 * Bank statements (recognised by content: a mail's attachments, or the file itself) are handed to the bank
 * import first, through `<ADM>/bank/from-mail/<sha256>/` in the same bucket; a mail that also carries an
 * invoice goes on through the invoice logic.
 */
export class InvoiceMailboxIntake {
  private readonly handover: BankStatementHandover;

  constructor(private readonly deps: MailboxIntakeDeps) {
    this.handover = new BankStatementHandover(deps.s3);
  }

  async receive(object: MailboxObject): Promise<IntakeOutcome> {
    const key = decodeS3Key(object.rawKey);
    const fetched = await this.fetch(object.bucket, key);
    if (!fetched) return { key, status: 'missing', eventIds: [] };
    if ('tooLarge' in fetched) return this.rejectTooLarge(object.bucket, key, fetched.tooLarge, fetched.etag);
    const { bytes, contentType } = fetched;
    const hash = sha256(bytes);
    const documentId = `doc_${hash}`;

    let location: ReturnType<typeof parseMailboxKey> | undefined;
    let keyError: MailboxKeyError | undefined;
    try {
      location = parseMailboxKey(key, this.deps.administrations);
    } catch (error) {
      if (!(error instanceof MailboxKeyError)) throw error;
      keyError = error;
    }
    const administration = location?.administration ?? quarantineFolder(key);
    const filename = location?.filename ?? key.split('/').at(-1) ?? 'file';
    const verdicts = sesVerdictFailures(bytes);
    if (verdicts.length > 0) {
      // Spam or a virus: kept for a person to look at, nothing in it opened, processed or handed over.
      const archived = originalKey(administration, object.eventTime, hash, filename);
      await this.put(archived, bytes, contentType, { 'mailbox-key': encodeURIComponent(key).slice(0, 1024) });
      const existing = await this.deps.documents.get(documentId);
      await this.deps.documents.transition(
        documentId,
        'quarantined',
        {
          ...this.fileRecord(documentId, administration, key, archived, hash, existing),
          errors: verdicts,
        },
        verdicts.map((v) => v.message).join('; '),
      );
      return { key, documentId, status: 'quarantined', eventIds: [] };
    }

    // Bank statements go to the bank import, whatever else the file holds: a mail to the single address
    // (or a statement dropped among the invoices) must reach it, and a retry finds them delivered.
    const scan = location
      ? await scanMailboxContent(
          bytes,
          filename,
          location.folder === 'inbox-email' ? 'message/rfc822' : contentType,
        )
      : undefined;
    if (scan && !scan.email && scan.statements.length > 0 && this.bankImportServes(administration)) {
      // A statement file itself: the bank import archives it and keeps its document (`doc_<sha256>`, the
      // same id as here), so the invoice mailbox writes no record of its own that could race with it.
      const handedOver = await this.handover.deliver(object.bucket, administration, scan.statements, {
        key,
        documentId,
      });
      return { key, documentId, status: 'queued', eventIds: [], handedOver };
    }

    const archived = originalKey(administration, object.eventTime, hash, filename);
    await this.put(archived, bytes, contentType, { 'mailbox-key': encodeURIComponent(key).slice(0, 1024) });

    const existing = await this.deps.documents.get(documentId);
    const base = this.fileRecord(documentId, administration, key, archived, hash, existing);
    if (keyError || !location) {
      const error: DocumentError = {
        source: 'validation',
        rule: keyError?.rule ?? 'MAILBOX-KEY',
        message: keyError?.message ?? `object key "${key}" cannot be read`,
        path: 'key',
        value: key,
      };
      await this.deps.documents.transition(
        documentId,
        'rejected',
        { ...base, errors: [error] },
        error.message,
      );
      return { key, documentId, status: 'rejected', eventIds: [] };
    }
    if (existing && ALREADY_OUT.has(existing.status)) {
      // The very same file again (another key, or a redelivery after success): its events are out already.
      await this.deps.documents.transition(
        documentId,
        existing.status,
        {},
        `received again as ${key}; the same file was taken in before`,
      );
      return { key, documentId, status: 'duplicate', eventIds: [] };
    }
    await this.deps.documents.transition(documentId, 'received', base, `received as ${key}`);

    let handedOver: HandedOverStatement[] | undefined;
    let bankError: DocumentError | undefined;
    if (scan && scan.statements.length > 0) {
      if (this.bankImportServes(administration)) {
        handedOver = await this.handover.deliver(object.bucket, administration, scan.statements, {
          key,
          documentId,
        });
      } else bankError = notServedError(administration, scan);
      if (scan.invoiceCandidates === 0)
        return this.statementsOnly(key, documentId, base, scan, handedOver, bankError);
    }
    const bankResult = handedOver ? { bankStatements: handedOver } : {};
    const bankErrors = bankError ? [bankError] : [];

    const direction: Direction =
      location.folder === 'inbox-email' ? emailDirection(bytes, administration) : location.folder;
    const folder = archived.slice(0, archived.lastIndexOf('/'));
    const result = await this.process(
      {
        bytes,
        filename,
        direction,
        administration,
        tenant: this.deps.tenant,
        ...(location.folder === 'inbox-email'
          ? { mimeType: 'message/rfc822' }
          : contentType
            ? { mimeType: contentType }
            : {}),
        document: { bucket: this.deps.archiveBucket, key: archived },
        attachmentLocation: (a) => ({
          bucket: this.deps.archiveBucket,
          key: attachmentKey(folder, a.sha256, a.filename),
        }),
        documentId,
        occurredAt: new Date(object.eventTime).toISOString(),
      },
      this.deps.context(administration),
    );

    const attachments = [];
    for (const file of result.files) {
      const fileHash = sha256(file.content);
      const location = attachmentKey(folder, fileHash, file.filename.slice(0, 200) || 'attachment');
      await this.put(location, file.content, file.mimeType);
      attachments.push({
        filename: file.filename,
        mimeType: file.mimeType,
        bytes: file.content.byteLength,
        sha256: fileHash,
        location: { bucket: this.deps.archiveBucket, key: location },
      });
    }
    const summary = summarise(result, direction, attachments);
    const patch: Partial<DocumentRecord> = {
      ...base,
      result: { ...summary, ...bankResult },
      ...(result.relationKey ? { relationKey: result.relationKey } : {}),
      ...(bankErrors.length > 0 ? { errors: bankErrors } : {}),
    };
    const delivered = handedOver ? { handedOver } : {};

    switch (result.status) {
      case 'rejected': {
        const errors = result.findings
          .filter((f) => f.severity === 'fatal')
          .slice(0, MAX_FINDINGS)
          .map(
            (f): DocumentError => ({ source: 'validation', rule: f.rule, message: f.message, path: f.path }),
          );
        await this.deps.documents.transition(
          documentId,
          'rejected',
          { ...patch, errors: [...errors, ...bankErrors] },
          errors[0]?.message,
        );
        return { key, documentId, status: 'rejected', eventIds: [], ...delivered };
      }
      case 'duplicate': {
        const first = result.duplicateOf ?? undefined;
        await this.deps.documents.transition(
          documentId,
          'duplicate',
          { ...patch, ...(first ? { duplicateOf: first } : {}) },
          `invoice ${result.invoiceNumber ?? ''} was already received as ${first}`,
        );
        return { key, documentId, status: 'duplicate', eventIds: [], ...delivered };
      }
      case 'review': {
        await this.deps.documents.transition(
          documentId,
          'review',
          { ...patch, ...(result.proposal ? { proposal: result.proposal } : {}) },
          result.reviewReasons.join('; ').slice(0, 1000),
        );
        return { key, documentId, status: 'review', eventIds: [], ...delivered };
      }
      case 'ok':
        return { ...(await this.publish(key, documentId, result, patch)), ...delivered };
    }
  }

  private bankImportServes(administration: string): boolean {
    const served = this.deps.bankImportAdministrations;
    return !served || served.some((a) => a.toLowerCase() === administration.toLowerCase());
  }

  /**
   * A file that holds bank statements and nothing the invoice logic could read: done once the statements
   * are with the bank import (`queued`; each statement's own document, `doc_<sha256>`, follows its import),
   * rejected when no bank import serves the administration.
   */
  private async statementsOnly(
    key: string,
    documentId: string,
    base: Partial<DocumentRecord>,
    scan: MailboxContentScan,
    handedOver: HandedOverStatement[] | undefined,
    bankError: DocumentError | undefined,
  ): Promise<IntakeOutcome> {
    const source = scan.email ? 'email' : 'file';
    if (bankError || !handedOver) {
      const error = bankError ?? notServedError(base.administration ?? '', scan);
      const bankStatements = scan.statements.map(({ filename, format, sha256 }) => ({
        filename,
        format,
        sha256,
      }));
      await this.deps.documents.transition(
        documentId,
        'rejected',
        { ...base, result: { source, bankStatements }, errors: [error] },
        error.message,
      );
      return { key, documentId, status: 'rejected', eventIds: [] };
    }
    await this.deps.documents.transition(
      documentId,
      'queued',
      { ...base, eventIds: [], result: { source, bankStatements: handedOver } },
      `${handedOver.length} bank statement(s) handed over to the bank import: ` +
        handedOver
          .map((h) => h.key)
          .join(', ')
          .slice(0, 900),
    );
    return { key, documentId, status: 'queued', eventIds: [], handedOver };
  }

  /** Publishes the events; an event the queue refuses (invalid, or booked before with other content) sends the file to review. */
  private async publish(
    key: string,
    documentId: string,
    result: InvoiceResult,
    patch: Partial<DocumentRecord>,
  ): Promise<IntakeOutcome> {
    const outcomes = await this.deps.publisher.publish(result.events);
    const earlier = patch.errors ?? [];
    const eventIds = result.events.map((e) => e.id);
    const refused = outcomes.filter(
      (o): o is Extract<PublishOutcome, { message: string }> =>
        o.status === 'invalid' || o.status === 'conflict',
    );
    await Promise.all(eventIds.map((id) => this.linkEvent(id, documentId, result.relationKey)));
    if (refused.length > 0) {
      const reasons = refused.map((o) => o.message);
      await this.deps.documents.transition(
        documentId,
        'review',
        {
          ...patch,
          eventIds,
          ...(result.proposal ? { proposal: result.proposal } : {}),
          errors: [
            ...reasons.map((message): DocumentError => ({ source: 'system', message, rule: 'PUBLISH' })),
            ...earlier,
          ],
          result: { ...patch.result, reviewReasons: reasons },
        },
        reasons.join('; ').slice(0, 1000),
      );
      return { key, documentId, status: 'review', eventIds };
    }
    await this.deps.documents.transition(
      documentId,
      'queued',
      { ...patch, eventIds },
      `${eventIds.length} event(s) published`,
    );
    return { key, documentId, status: 'queued', eventIds };
  }

  /** Runs the invoice logic; a claim lost to a concurrent delivery is retried, and then reads as duplicate. */
  private async process(
    input: Parameters<typeof processInvoiceFile>[0],
    context: InvoiceContext,
  ): Promise<InvoiceResult> {
    const attempts = this.deps.claimAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        return await processInvoiceFile(input, context);
      } catch (error) {
        const lostClaim =
          error instanceof InvoiceStoreError && error.cause instanceof DuplicateClaimLostError;
        if (!lostClaim || attempt >= attempts) throw error;
      }
    }
  }

  /** The event's status record learns which file it came from and the relation key corrections go to. */
  private async linkEvent(eventId: string, documentId: string, relationKey: string | null): Promise<void> {
    try {
      await this.deps.documentsClient.send(
        new UpdateCommand({
          TableName: this.deps.documentsTable,
          Key: { pk: `DOC#${eventId}`, sk: 'STATUS' },
          ConditionExpression: 'attribute_exists(pk)',
          UpdateExpression: `SET fileDocumentId = :file${relationKey ? ', relationKey = :relationKey' : ''}`,
          ExpressionAttributeValues: {
            ':file': documentId,
            ...(relationKey ? { ':relationKey': relationKey } : {}),
          },
        }),
      );
    } catch (error) {
      // The link is a convenience for corrections; the booking does not depend on it.
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  private async fetch(
    bucket: string,
    key: string,
  ): Promise<{ bytes: Uint8Array; contentType?: string } | { tooLarge: number; etag: string } | undefined> {
    let etag = '';
    try {
      const answer = await this.deps.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      etag = answer.ETag ?? '';
      const limit = this.deps.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES;
      // A huge upload must not exhaust the function's memory: refused by its length, or stopped mid-stream.
      const bytes = await readAtMost(answer.Body as ByteSource, limit, answer.ContentLength);
      return { bytes, ...(answer.ContentType ? { contentType: answer.ContentType } : {}) };
    } catch (error) {
      if (error instanceof BodyTooLargeError) return { tooLarge: error.size, etag };
      // Deleted before we got to it (or a test event): nothing to take in, nothing to retry.
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  /**
   * A file too large to take in stays where it is, in the mailbox bucket; its document (keyed by the object,
   * as its bytes are not read) says so, so nothing disappears silently.
   */
  private async rejectTooLarge(
    bucket: string,
    key: string,
    size: number,
    etag: string,
  ): Promise<IntakeOutcome> {
    const documentId = `doc_${sha256(new TextEncoder().encode(`${bucket}/${key}#${etag}`))}`;
    const limit = this.deps.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES;
    const message = `the file has ${size} bytes, more than the ${limit} the mailbox takes in; it stays in the mailbox`;
    let administration = '_unplaced';
    try {
      administration = parseMailboxKey(key, this.deps.administrations).administration;
    } catch {
      // The size is the reason given; an unplaceable key changes nothing about that.
    }
    await this.deps.documents.transition(
      documentId,
      'rejected',
      {
        id: documentId,
        kind: 'file',
        tenant: this.deps.tenant,
        administration,
        type: 'invoice-file',
        source: { connector: INVOICE_CONNECTOR, externalId: key.slice(0, 200), document: { bucket, key } },
        payloadHash: etag,
        attempts: 0,
        createdAt: new Date().toISOString(),
        errors: [{ source: 'validation', rule: 'MAILBOX-SIZE', message, path: 'size', value: size }],
      },
      message,
    );
    return { key, documentId, status: 'rejected', eventIds: [] };
  }

  /** The fields every file's document record carries. */
  private fileRecord(
    documentId: string,
    administration: string,
    key: string,
    archived: string,
    hash: string,
    existing: DocumentRecord | undefined,
  ): Partial<DocumentRecord> {
    return {
      id: documentId,
      kind: 'file',
      tenant: this.deps.tenant,
      administration,
      type: 'invoice-file',
      source: {
        connector: INVOICE_CONNECTOR,
        externalId: key.slice(0, 200),
        document: { bucket: this.deps.archiveBucket, key: archived },
      },
      payloadHash: hash,
      attempts: existing?.attempts ?? 0,
      ...(existing ? {} : { createdAt: new Date().toISOString() }),
    };
  }

  private async put(
    key: string,
    bytes: Uint8Array,
    contentType?: string,
    metadata?: Record<string, string>,
  ): Promise<void> {
    await this.deps.s3.send(
      new PutObjectCommand({
        Bucket: this.deps.archiveBucket,
        Key: key,
        Body: bytes,
        ContentType: contentType || 'application/octet-stream',
        ...(metadata ? { Metadata: metadata } : {}),
      }),
    );
  }
}

/** Statements for an administration no bank import serves: named, with the rule, so a person can act. */
function notServedError(administration: string, scan: MailboxContentScan): DocumentError {
  const names = scan.statements.map((s) => `${s.filename} (${s.format})`).join(', ');
  return {
    source: 'validation',
    rule: 'MAILBOX-BANK-NOT-SERVED',
    message:
      `the ${scan.email ? 'e-mail carries' : 'file is'} bank statement(s) ${names}, but the bank import ` +
      `does not serve administration ${administration}; enable bank-import for it and send the file again`,
    path: 'attachments',
    value: administration,
  };
}

/** Files under a key the connector cannot place are archived under `originals/_unplaced/`. */
function quarantineFolder(_key: string): string {
  return '_unplaced';
}

function summarise(
  result: InvoiceResult,
  direction: Direction,
  attachments: Record<string, unknown>[],
): Record<string, unknown> {
  return {
    direction,
    source: result.source,
    profile: result.profile,
    documentType: result.documentType,
    invoiceNumber: result.invoiceNumber,
    issueDate: result.issueDate,
    currency: result.currency,
    party: result.party,
    totals: result.totals,
    vatBreakdown: result.vatBreakdown,
    findings: result.findings
      .slice(0, MAX_FINDINGS)
      .map((f) => ({ ...f, message: f.message.slice(0, 1000) })),
    reviewReasons: result.reviewReasons,
    dedupKey: result.dedupKey,
    duplicateOf: result.duplicateOf,
    attachments,
  };
}
