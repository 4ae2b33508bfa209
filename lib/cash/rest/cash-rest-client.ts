import { CashAuthError } from '../errors/cash-auth-error.ts';
import { CashError } from '../errors/cash-error.ts';
import { CashImportRejectedError } from '../errors/cash-import-rejected-error.ts';
import { CashRateLimitedError } from '../errors/cash-rate-limited-error.ts';
import { CashUnavailableError } from '../errors/cash-unavailable-error.ts';
import { CashUncertainOutcomeError } from '../errors/cash-uncertain-outcome-error.ts';
import { cashApiKeyId } from '../rate-limit/cash-api-key-id.ts';
import { type RateLimiter, realSleep, type Sleep } from '../rate-limit/rate-limiter.ts';
import { type ExportRow, parseExportRows } from '../serialize/export-rows.ts';
import { type CashErrorDetail, parseCashErrors } from './parse-cash-errors.ts';
import type { AdministrationsResponse, ExportResponse, ImportRequest, TransactionResponse } from './wire.ts';

export interface CashRestClientOptions {
  /** e.g. `https://www.cashweb.nl/api/4.0` */
  baseUrl: string;
  apiKey: string;
  rateLimiter: RateLimiter;
  fetch?: typeof fetch;
  /** Per request, including reading the body. Default 30 000 ms. */
  timeoutMs?: number;
  /** Between transaction polls. Default 2 000 ms. */
  pollIntervalMs?: number;
  /** Polls before `import` returns `pending`. Default 10. */
  maxPolls?: number;
  /** How often a 429 is waited out and retried. Default 3. */
  maxRateLimitRetries?: number;
  /** Rate-limiter key; default a hash of the API key, so the secret never lands in a table. */
  apiKeyId?: string;
  sleep?: Sleep;
}

export type ImportResult =
  | { status: 'success'; transaction: string }
  | { status: 'rejected'; errors: CashErrorDetail[]; transaction?: string }
  | { status: 'pending'; transaction: string };

export interface Administration {
  code: string;
  name: string;
  readOnly: boolean;
}

export interface JournalEntryQuery {
  journal: string;
  entryNumber: number;
  /** ISO date of the boekstuk: narrows the search to its month's period. */
  date?: string;
  /** Boekjaar (e.g. 2026) when the date is unknown: searches periods 01-13. */
  year?: number;
  /** Booking period when it differs from the date's month. */
  period?: number;
}

interface RawResponse {
  status: number;
  text: string;
  json: unknown;
  headers: Headers;
}

const MISCONFIGURED = new Set([404, 405, 406, 415]);

// Connection errors that prove the request never reached CASH (so even a POST is safe to retry).
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** `Retry-After` in seconds or as an HTTP date → milliseconds (at least 1 s when absent or unreadable). */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header) {
    const seconds = Number(header.trim());
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const at = Date.parse(header);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  return 1000;
}

function yy(year: number): string {
  return String(year % 100).padStart(2, '0');
}

/**
 * Client for CASH REST API 4.0. Every request first takes a token from the rate limiter; 429 is waited out a
 * bounded number of times; an import whose answer is lost is never resent but reported as
 * CashUncertainOutcomeError, so the caller looks the booking up (findJournalEntry, …) before trying again.
 */
export class CashRestClient {
  readonly #baseUrl: string;
  readonly #apiKey: string;
  readonly #apiKeyId: string;
  readonly #fetch: typeof fetch;
  readonly #rateLimiter: RateLimiter;
  readonly #timeoutMs: number;
  readonly #pollIntervalMs: number;
  readonly #maxPolls: number;
  readonly #maxRateLimitRetries: number;
  readonly #sleep: Sleep;
  /** A token taken ahead (`acquireAhead`) for the next request. */
  #ahead: Promise<void> | undefined;

  constructor(options: CashRestClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#apiKey = options.apiKey;
    this.#apiKeyId = options.apiKeyId ?? cashApiKeyId(options.apiKey);
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#rateLimiter = options.rateLimiter;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.#maxPolls = options.maxPolls ?? 10;
    this.#maxRateLimitRetries = options.maxRateLimitRetries ?? 3;
    this.#sleep = options.sleep ?? realSleep;
  }

  /**
   * Starts taking the rate-limit token of the next request now, so its limiter round trip overlaps the
   * caller's own work. The token counts from now (a moment early), and a failed take surfaces on that request.
   */
  acquireAhead(): void {
    if (this.#ahead) return;
    const ahead = this.#rateLimiter.acquire(this.#apiKeyId);
    ahead.catch(() => undefined);
    this.#ahead = ahead;
  }

  async administrations(): Promise<Administration[]> {
    const response = await this.#request('GET', '/administrations');
    const body = response.json as Partial<AdministrationsResponse> | undefined;
    const adm = body?.Dir?.Adms?.Adm as unknown;
    const list = Array.isArray(adm) ? adm : adm ? [adm] : [];
    return list.map((a: { Code?: unknown; Name?: unknown; ReadOnly?: unknown }) => ({
      code: String(a.Code ?? ''),
      name: String(a.Name ?? ''),
      readOnly: a.ReadOnly === true || a.ReadOnly === 'true' || a.ReadOnly === 1,
    }));
  }

  /** `GET /get/index/{record}?admin=…&params=a|b` as CASH sends it. */
  async exportRecords(admin: string, record: string, params: string[] = []): Promise<ExportResponse> {
    const query = new URLSearchParams({ admin });
    if (params.length) query.set('params', params.join('|'));
    const response = await this.#request('GET', `/get/index/${encodeURIComponent(record)}?${query}`);
    if (!response.json || typeof response.json !== 'object') return {};
    return response.json as ExportResponse;
  }

  /** Like exportRecords, parsed into typed rows. */
  async exportRows(admin: string, record: string, params: string[] = []): Promise<ExportRow[]> {
    return parseExportRows(await this.exportRecords(admin, record, params));
  }

  /** `POST /import`, then polls the transaction until it is done or maxPolls is reached. */
  async import(admin: string, body: ImportRequest): Promise<ImportResult> {
    if (body.admin !== admin)
      throw new CashError(`import body is for administration ${body.admin}, not ${admin}`);
    const response = await this.#request('POST', '/import', body);
    if (response.status >= 400) {
      return { status: 'rejected', errors: this.#errors(response) };
    }
    const accepted = (response.json ?? {}) as { status?: unknown; transaction?: unknown };
    const transaction = accepted.transaction === undefined ? '' : String(accepted.transaction);
    const status = String(accepted.status ?? '').toLowerCase();
    if (status === 'success' && response.status !== 202) return { status: 'success', transaction };
    if (status === 'pending' || response.status === 202 || status === 'success') {
      if (!transaction)
        throw new CashError(
          `CASH accepted the import without a transaction id: ${response.text.slice(0, 200)}`,
        );
      return this.#poll(transaction);
    }
    const errors = parseCashErrors(response.json ?? response.text);
    if (errors.length) return { status: 'rejected', errors, ...(transaction ? { transaction } : {}) };
    // A 2xx we cannot read says nothing about whether CASH booked the import.
    throw new CashUncertainOutcomeError(
      `CASH answered ${response.status} to the import with an unreadable body: ${response.text.slice(0, 200)}`,
      { method: 'POST', path: '/import' },
    );
  }

  /** Like import, but a rejection throws CashImportRejectedError (for callers that prefer exceptions). */
  async importOrThrow(
    admin: string,
    body: ImportRequest,
  ): Promise<Exclude<ImportResult, { status: 'rejected' }>> {
    const result = await this.import(admin, body);
    if (result.status !== 'rejected') return result;
    const summary = result.errors.map((e) => e.message).join('; ');
    throw new CashImportRejectedError(`CASH rejected the import for ${admin}: ${summary}`, result.errors, {
      ...(result.transaction ? { transaction: result.transaction } : {}),
    });
  }

  async transaction(id: string): Promise<TransactionResponse['transaction']> {
    const response = await this.#request('GET', `/transaction/${encodeURIComponent(id)}`);
    const body = response.json as Partial<TransactionResponse> | undefined;
    if (!body?.transaction)
      throw new CashError(`unexpected transaction answer: ${response.text.slice(0, 200)}`);
    return body.transaction;
  }

  /** 8504: the next free boekstuknummer of a journal in a boekjaar. */
  async nextEntryNumber(admin: string, year: number, journal: string): Promise<number> {
    const body = await this.exportRecords(admin, '8504', [yy(year), journal]);
    const rows = Object.entries(body).find(([key]) => key.includes('8504'))?.[1];
    const value = Array.isArray(rows) ? rows[0]?.Z0303 : undefined;
    if (value === undefined || !/^\d+$/.test(String(value).trim())) {
      throw new CashError(
        `8504 for ${journal} ${year} gave no boekstuknummer: ${JSON.stringify(body).slice(0, 200)}`,
      );
    }
    return Number(String(value).trim());
  }

  /** The booked 0301 lines of one boekstuk, or null when CASH does not have it (for exactly-once recovery). */
  async findJournalEntry(admin: string, query: JournalEntryQuery): Promise<ExportRow[] | null> {
    let params: string[];
    if (query.date) {
      const [year = '', month = ''] = query.date.split('-');
      const period = `${year.slice(2)}${String(query.period ?? Number(month)).padStart(2, '0')}`;
      params = [period, period];
    } else if (query.year !== undefined) {
      params =
        query.period !== undefined
          ? [
              `${yy(query.year)}${String(query.period).padStart(2, '0')}`,
              `${yy(query.year)}${String(query.period).padStart(2, '0')}`,
            ]
          : [`${yy(query.year)}01`, `${yy(query.year)}13`];
    } else throw new CashError('findJournalEntry needs a date or a year');
    const rows = (await this.exportRows(admin, '0301T', params)).filter(
      (row) =>
        String(row.fields['0901'] ?? '').toUpperCase() === query.journal.toUpperCase() &&
        Number(row.fields['0303']) === query.entryNumber,
    );
    return rows.length ? rows : null;
  }

  async findRelation(admin: string, relationNumber: string): Promise<ExportRow | null> {
    const wanted = Number(relationNumber);
    const rows = await this.exportRows(admin, '0101', [relationNumber]);
    return rows.find((row) => row.record === '0101' && Number(row.fields['0101']) === wanted) ?? null;
  }

  /** The 2400 header and its 2410 lines, or null. */
  async findSalesOrder(
    admin: string,
    orderNumber: number,
  ): Promise<{ header: ExportRow; lines: ExportRow[] } | null> {
    const rows = (await this.exportRows(admin, '2400', [String(orderNumber)])).filter(
      (row) => Number(row.fields['2400']) === orderNumber,
    );
    const header = rows.find((row) => row.record === '2400');
    return header ? { header, lines: rows.filter((row) => row.record === '2410') } : null;
  }

  async #poll(transaction: string): Promise<ImportResult> {
    for (let poll = 0; poll < this.#maxPolls; poll++) {
      await this.#sleep(this.#pollIntervalMs);
      let state: TransactionResponse['transaction'];
      try {
        state = await this.transaction(transaction);
      } catch (error) {
        // The import is accepted and has an id: a failed poll only delays the answer, it is not a lost write.
        if (error instanceof CashUnavailableError || error instanceof CashRateLimitedError) {
          return { status: 'pending', transaction };
        }
        throw error;
      }
      const code = Number(state.status);
      if (code === 2) return { status: 'success', transaction };
      if (code === 3) {
        const errors = parseCashErrors(state.err);
        return {
          status: 'rejected',
          transaction,
          errors: errors.length ? errors : [{ message: 'transaction failed without details' }],
        };
      }
    }
    return { status: 'pending', transaction };
  }

  #errors(response: RawResponse): CashErrorDetail[] {
    const errors = parseCashErrors(response.json ?? response.text);
    return errors.length
      ? errors
      : [{ message: `HTTP ${response.status}: ${response.text.slice(0, 200) || 'no details'}` }];
  }

  async #request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<RawResponse> {
    const writes = method !== 'GET';
    for (let attempt = 0; ; attempt++) {
      const ahead = attempt === 0 ? this.#ahead : undefined;
      this.#ahead = undefined;
      await (ahead ?? this.#rateLimiter.acquire(this.#apiKeyId));
      const response = await this.#send(method, path, body, writes);
      if (response.status === 429) {
        const waitMs = retryAfterMs(response.headers.get('retry-after'));
        if (attempt >= this.#maxRateLimitRetries) {
          throw new CashRateLimitedError(
            `CASH rate limit: ${method} ${path} refused ${attempt + 1} times`,
            waitMs,
          );
        }
        await this.#sleep(waitMs);
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        throw new CashAuthError(
          `CASH refused the API key (${response.status}): ${this.#message(response)}`,
          response.status,
        );
      }
      if (response.status >= 500) {
        // A gateway timeout on a write says nothing about whether CASH booked it.
        if (writes && response.status === 504) {
          throw new CashUncertainOutcomeError(
            `CASH gateway timeout on ${method} ${path}: the import may have been booked`,
            { method, path },
          );
        }
        throw new CashUnavailableError(
          `CASH answered ${response.status} on ${method} ${path}: ${this.#message(response)}`,
          response.status,
        );
      }
      // Not a verdict on the data: a wrong base URL or method. Reads have no rejection to return either.
      if (response.status >= 400 && (!writes || MISCONFIGURED.has(response.status))) {
        throw new CashError(
          `CASH refused ${method} ${path} (${response.status}): ${this.#message(response)}`,
        );
      }
      return response;
    }
  }

  #message(response: RawResponse): string {
    const body = response.json as { error?: unknown; message?: unknown } | undefined;
    const parts = [body?.error, typeof body?.message === 'string' ? body.message : undefined].filter(Boolean);
    return parts.length ? parts.join(': ') : response.text.slice(0, 200);
  }

  async #send(method: string, path: string, body: unknown, writes: boolean): Promise<RawResponse> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
    const headers: Record<string, string> = {
      Authorization: this.#apiKey,
      Accept: 'application/json',
      'Cache-Control': 'no-cache',
      'Sec-Fetch-Mode': 'cors',
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      const response = await this.#fetch(`${this.#baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: controller.signal,
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: response.status, text, json, headers: response.headers };
    } catch (error) {
      const code = errorCode(error);
      const timedOut = controller.signal.aborted;
      if (writes && (timedOut || !code || !NOT_SENT.has(code))) {
        throw new CashUncertainOutcomeError(
          `${timedOut ? `no answer within ${this.#timeoutMs} ms` : 'connection lost'} on ${method} ${path}: the import may have been booked`,
          { method, path },
          { cause: error },
        );
      }
      throw new CashUnavailableError(
        `CASH not reachable on ${method} ${path}${timedOut ? ` (no answer within ${this.#timeoutMs} ms)` : ''}`,
        undefined,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
  }
}
