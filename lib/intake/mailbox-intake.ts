import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DocumentError, DocumentRecord, DocumentStore } from '../documents/index.ts';
import type { Direction, InvoiceContext, InvoiceResult } from '../invoices/index.ts';
import type { PublishOutcome } from '../runtime/event-publisher.ts';
import { decodeS3Key } from '../runtime/s3-event-key.ts';
import { attachmentKey, originalKey } from './archive-keys.ts';
import { ArchiveWriter } from './archive-writer.ts';
import { processWithClaimRetry } from './claim-retry.ts';
import { sha256Hex } from './content-hash.ts';
import { emailDirection } from './email-direction.ts';
import { MailboxKeyError } from './errors/index.ts';
import { EventFileLinks } from './event-file-links.ts';
import {
  ALREADY_OUT,
  type FileDocumentScope,
  fileRecord,
  notServedError,
  oversizeRecord,
  UNPLACED_ADMINISTRATION,
} from './file-document.ts';
import { fatalFindingErrors, invoiceSummary } from './invoice-summary.ts';
import { parseMailboxKey } from './mailbox-key.ts';
import type { IntakeOutcome, MailboxObject } from './mailbox-object.ts';
import { MailboxObjectReader } from './mailbox-object-reader.ts';
import { sesVerdictFailures } from './ses-verdicts.ts';
import { type MailboxContentScan, scanMailboxContent } from './statement-attachments.ts';
import { BankStatementHandover, type HandedOverStatement } from './statement-handover.ts';

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
  private readonly reader: MailboxObjectReader;
  private readonly archive: ArchiveWriter;
  private readonly links: EventFileLinks;
  private readonly scope: FileDocumentScope;

  constructor(private readonly deps: MailboxIntakeDeps) {
    this.handover = new BankStatementHandover(deps.s3);
    this.reader = new MailboxObjectReader(deps.s3, deps.maxObjectBytes);
    this.archive = new ArchiveWriter(deps.s3, deps.archiveBucket);
    this.links = new EventFileLinks(deps.documentsClient, deps.documentsTable);
    this.scope = { tenant: deps.tenant, archiveBucket: deps.archiveBucket };
  }

  async receive(object: MailboxObject): Promise<IntakeOutcome> {
    const key = decodeS3Key(object.rawKey);
    const fetched = await this.reader.read(object.bucket, key);
    if (!fetched) return { key, status: 'missing', eventIds: [] };
    if ('tooLarge' in fetched) return this.rejectTooLarge(object.bucket, key, fetched.tooLarge, fetched.etag);
    const { bytes, contentType } = fetched;
    const hash = sha256Hex(bytes);
    const documentId = `doc_${hash}`;

    let location: ReturnType<typeof parseMailboxKey> | undefined;
    let keyError: MailboxKeyError | undefined;
    try {
      location = parseMailboxKey(key, this.deps.administrations);
    } catch (error) {
      if (!(error instanceof MailboxKeyError)) throw error;
      keyError = error;
    }
    const administration = location?.administration ?? UNPLACED_ADMINISTRATION;
    const filename = location?.filename ?? key.split('/').at(-1) ?? 'file';
    const verdicts = sesVerdictFailures(bytes);
    if (verdicts.length > 0) {
      // Spam or a virus: kept for a person to look at, nothing in it opened, processed or handed over.
      const archived = originalKey(administration, object.eventTime, hash, filename);
      await this.archive.put(archived, bytes, contentType, {
        'mailbox-key': encodeURIComponent(key).slice(0, 1024),
      });
      const existing = await this.deps.documents.get(documentId);
      await this.deps.documents.transition(
        documentId,
        'quarantined',
        {
          ...fileRecord(this.scope, { documentId, administration, key, archived, hash }, existing),
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
    await this.archive.put(archived, bytes, contentType, {
      'mailbox-key': encodeURIComponent(key).slice(0, 1024),
    });

    const existing = await this.deps.documents.get(documentId);
    const base = fileRecord(this.scope, { documentId, administration, key, archived, hash }, existing);
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
    const result = await processWithClaimRetry(
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
      this.deps.claimAttempts ?? 3,
    );

    const attachments = [];
    for (const file of result.files) {
      const fileHash = sha256Hex(file.content);
      const location = attachmentKey(folder, fileHash, file.filename.slice(0, 200) || 'attachment');
      await this.archive.put(location, file.content, file.mimeType);
      attachments.push({
        filename: file.filename,
        mimeType: file.mimeType,
        bytes: file.content.byteLength,
        sha256: fileHash,
        location: { bucket: this.deps.archiveBucket, key: location },
      });
    }
    const summary = invoiceSummary(result, direction, attachments);
    const patch: Partial<DocumentRecord> = {
      ...base,
      result: { ...summary, ...bankResult },
      ...(result.relationKey ? { relationKey: result.relationKey } : {}),
      ...(bankErrors.length > 0 ? { errors: bankErrors } : {}),
    };
    const delivered = handedOver ? { handedOver } : {};

    switch (result.status) {
      case 'rejected': {
        const errors = fatalFindingErrors(result);
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
    await Promise.all(eventIds.map((id) => this.links.link(id, documentId, result.relationKey)));
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
    const documentId = `doc_${sha256Hex(new TextEncoder().encode(`${bucket}/${key}#${etag}`))}`;
    let administration = UNPLACED_ADMINISTRATION;
    try {
      administration = parseMailboxKey(key, this.deps.administrations).administration;
    } catch {
      // The size is the reason given; an unplaceable key changes nothing about that.
    }
    const limit = this.reader.maxObjectBytes;
    const { record, message } = oversizeRecord(
      this.deps.tenant,
      { documentId, bucket, key, etag, administration },
      size,
      limit,
    );
    await this.deps.documents.transition(documentId, 'rejected', record, message);
    return { key, documentId, status: 'rejected', eventIds: [] };
  }
}
