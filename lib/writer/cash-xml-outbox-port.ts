import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { NormalizedEvent } from '../../events/index.ts';
import type { InvoiceNumberRegistry } from '../cash/mapping/invoice-number-registry.ts';
import type { CashRecord } from '../cash/records/index.ts';
import { toCashXml } from '../cash/serialize/index.ts';
import type { CashAdapterSettings } from '../cash/settings/index.ts';
import type { WritePlan } from '../documents/index.ts';
import type { CashPort, ImportOutcome, MappingResult, NumberScope } from './cash-port.ts';
import { CashRestPort } from './cash-rest-port.ts';

export interface OutboxNumbering {
  /** First boekstuknummer to hand out per journal and year when nothing was reserved yet. */
  firstEntryNumber?: number;
  firstRelationNumber?: number;
  firstOrderNumber?: number;
}

/**
 * For CASHWin users without the API: each import becomes one CASH XML file in the outbox
 * (`outbox/<administration>/<batchId>.xml`), which CASHWin reads with "Import XML-bestand". The file name
 * is fixed by the batch id that the writer records before the attempt, so after an uncertain put the
 * writer asks S3 whether that file exists instead of writing the bookings a second time.
 */
export class CashXmlOutboxPort implements CashPort {
  private readonly mapper: CashRestPort;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    settings: CashAdapterSettings,
    invoiceNumbers: InvoiceNumberRegistry,
    private readonly numbering: OutboxNumbering = {},
    private readonly prefix = 'outbox/',
  ) {
    // Mapping is the same as for REST; only delivery differs. The client is never called for mapping.
    this.mapper = new CashRestPort(undefined as never, settings, invoiceNumbers);
  }

  key(administration: string, batchId: string): string {
    return `${this.prefix}${administration}/${batchId}.xml`;
  }

  map(event: NormalizedEvent, plan: WritePlan): Promise<MappingResult> {
    return this.mapper.map(event, plan);
  }

  async submit(administration: string, records: CashRecord[], batchId: string): Promise<ImportOutcome> {
    const key = this.key(administration, batchId);
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: toCashXml(records),
        ContentType: 'application/xml; charset=utf-8',
      }),
    );
    return { status: 'delivered', location: `s3://${this.bucket}/${key}` };
  }

  async findExisting(
    administration: string,
    attempts: Array<{ event: NormalizedEvent; plan: WritePlan }>,
  ): Promise<Set<string>> {
    const found = new Set<string>();
    const batches = new Map<string, boolean>();
    for (const { plan } of attempts) {
      if (!batches.has(plan.batchId))
        batches.set(plan.batchId, await this.exists(this.key(administration, plan.batchId)));
      if (batches.get(plan.batchId)) found.add(plan.reference);
    }
    return found;
  }

  async firstFreeNumber(_administration: string, scope: NumberScope): Promise<number> {
    if (scope.kind === 'entry') return this.numbering.firstEntryNumber ?? 1;
    if (scope.kind === 'relation') {
      const first = this.numbering.firstRelationNumber ?? 100_001;
      // CASHWin cannot be asked: the configured first number counts only when it lies in the range.
      if (scope.range && (first < scope.range.from || first > scope.range.to)) return scope.range.from;
      return first;
    }
    return this.numbering.firstOrderNumber ?? 1;
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (error as { name?: string }).name === 'NotFound') return false;
      throw error;
    }
  }
}
