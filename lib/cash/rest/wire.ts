/**
 * The JSON shapes of CASH REST API 4.0 as cashlink speaks them (docs/cash-interface.md §2.3–2.4).
 * Shared by the real client and the simulator so the two cannot drift apart.
 *
 * Base URL: `https://www.cashweb.nl/api/4.0` (simulator: `http://127.0.0.1:<port>/api/4.0`).
 * Auth: header `Authorization: <api key>` (no "Bearer"). A wrong key answers 401 with
 * `{ error: '1002 Unauthorized Access' }`; an administration the key is not linked to answers 403 likewise.
 */

/** One record as sent or exported: rubriek → value, e.g. `{ F0201: '8000', F0307: '-121,00' }`. */
export type CashFields = Record<string, string>;

/** `GET /administrations` */
export interface AdministrationsResponse {
  Dir: { Name: string; Adms: { Adm: Array<{ Code: string; Name: string; ReadOnly: boolean }> } };
}

/**
 * `GET /get/index/{record}?admin=<code>&params=<a>|<b>` → `{ "R0101": [ {...}, ... ] }`.
 * Record keys: `0101T` relations, `0201T` ledger, `0901T` journals, `0911T` cost centres, `0311T` open items,
 * `0301T` mutations (params `JJPP|JJPP`), `2260` articles, `2400` sales orders, `8504` next boekstuknummer
 * (params `JJ|<journal>` → `{ R8504: [{ Z0303: '000123' }] }`). Exports use CASH's own notations:
 * dates `DD-MM-YYYY`, amounts with a decimal comma, relation numbers zero-padded to 6.
 */
export type ExportResponse = Record<string, CashFields[]>;

/**
 * `POST /import` body. `content.cash` is a list of single-record objects; by default each record is its own
 * element (`[{ R301: [line1] }, { R301: [line2] }]`) because CASH was seen keeping only the last line of a
 * shared array. The record key is `R` + record number without leading zero (`R301`) or with (`R0301`):
 * an adapter setting.
 */
export interface ImportRequest {
  admin: string;
  format: 0;
  content: { cash: Array<Record<string, CashFields[]>> };
}

/** 200/201 = processed at once; 202 = accepted, poll the transaction. */
export interface ImportAccepted {
  status: 'Success' | 'Pending';
  transaction: string;
}

/** 4xx on import: CASH's own error list. */
export interface ImportRejected {
  error: string;
  message: { errors: { error: CashErrorItem[] } };
}

export interface CashErrorItem {
  /** e.g. `Ongeldige waarde 0201=8000` */
  message: string;
  /** 1-based position of the failing record in `content.cash`. */
  line?: number | string;
  /** The failing record echoed as `301|0201=8000|0307=-121,00|`. */
  source?: string;
}

/** Transaction status codes: 1 = pending, 2 = success, 3 = error. */
export type TransactionStatusCode = 1 | 2 | 3;

/** `GET /transaction/{id}` */
export interface TransactionResponse {
  transaction: {
    id: string;
    status: TransactionStatusCode;
    creation: string;
    lastUpdate: string;
    administration: { admCode: string; admMap?: string };
    /** Empty when fine; else `<cash><errors><error><message>…</message><line>1</line><source>…</source></error></errors></cash>`. */
    err: string;
  };
}

/** Any non-2xx answer other than an import rejection. 429 carries a `Retry-After` header in seconds. */
export interface ErrorResponse {
  error: string;
  message?: string;
}
