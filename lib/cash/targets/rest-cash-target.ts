import type { CashRecord } from '../records/cash-record.ts';
import type { CashRestClient } from '../rest/cash-rest-client.ts';
import { toImportRequest } from '../serialize/rest-body.ts';
import type { CashAdapterSettings } from '../settings/cash-adapter-settings.ts';
import type { CashTarget, ImportOutcome } from './cash-target.ts';

/** Imports through CASH REST 4.0, with the body shaped by the adapter settings. */
export class RestCashTarget implements CashTarget {
  readonly #client: Pick<CashRestClient, 'import'>;
  readonly #settings: Pick<CashAdapterSettings, 'recordKey' | 'oneRecordPerElement'>;

  constructor(
    client: Pick<CashRestClient, 'import'>,
    settings: Pick<CashAdapterSettings, 'recordKey' | 'oneRecordPerElement'>,
  ) {
    this.#client = client;
    this.#settings = settings;
  }

  async submit(administration: string, records: CashRecord[], _batchId: string): Promise<ImportOutcome> {
    return this.#client.import(administration, toImportRequest(administration, records, this.#settings));
  }
}
