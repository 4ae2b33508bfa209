import { CashError } from '../errors/cash-error.ts';
import type { CashRecord } from '../records/cash-record.ts';
import { toCashXml } from '../serialize/xml-file.ts';
import type { CashTarget, ImportOutcome } from './cash-target.ts';

export type PutObject = (key: string, body: string, contentType: string) => Promise<void>;

export interface XmlOutboxTargetOptions {
  put: PutObject;
  now?: () => Date;
}

const SAFE_SEGMENT = /^[A-Za-z0-9_.-]+$/;

function stamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}-${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`;
}

/**
 * For CASHWin users without the API: writes the batch as a CASH XML import file to
 * `<administration>/outbox/<yyyymmdd-hhmmss>-<batchId>.xml` (UTC) through an injected put (S3, disk, …).
 */
export class XmlOutboxTarget implements CashTarget {
  readonly #put: PutObject;
  readonly #now: () => Date;

  constructor(options: XmlOutboxTargetOptions) {
    this.#put = options.put;
    this.#now = options.now ?? (() => new Date());
  }

  async submit(administration: string, records: CashRecord[], batchId: string): Promise<ImportOutcome> {
    // Both end up in an object key or file name: refuse anything that could climb out of the outbox.
    for (const [name, value] of [
      ['administration', administration],
      ['batchId', batchId],
    ] as const) {
      if (!SAFE_SEGMENT.test(value) || value === '.' || value === '..') {
        throw new CashError(`${name} ${JSON.stringify(value)} may only contain letters, digits, . _ -`);
      }
    }
    const location = `${administration}/outbox/${stamp(this.#now())}-${batchId}.xml`;
    await this.#put(location, toCashXml(records), 'application/xml; charset=utf-8');
    return { status: 'delivered', location };
  }
}
