import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import type {
  AdministrationsResponse,
  CashErrorItem,
  ErrorResponse,
  ImportAccepted,
  ImportRejected,
  TransactionResponse,
} from '../rest/wire.ts';
import { createDemoAdministration } from './demo-administration.ts';
import { CashSimulatorError, SimulatorSnapshotError, UnknownAdministrationError } from './errors.ts';
import { ExportRequestError, exportRecords, normalizeRecordKey } from './exports.ts';
import { FaultPlan } from './fault-plan.ts';
import { flattenImport, type ImportSummary, processImport } from './import-processor.ts';
import type { AmountNotation } from './notation.ts';
import { SlidingWindowLimiter } from './sliding-window-limiter.ts';
import type {
  AdministrationState,
  CashSimulatorOptions,
  InjectedFault,
  SimulatorFaults,
  SimulatorSnapshot,
  SimulatorStats,
  Transaction,
} from './types.ts';

const API_PREFIX = '/api/4.0';
const CONTROL_PREFIX = '/_sim';
const MAX_BODY_BYTES = 20 * 1024 * 1024;
const UNAUTHORIZED: ErrorResponse = { error: '1002 Unauthorized Access' };

/** The result of one import, as the in-process API reports it. */
export type ImportResult =
  | { status: 'committed'; transaction: string; summary: ImportSummary }
  | { status: 'rejected'; transaction: string; errors: CashErrorItem[] }
  | { status: 'stuck'; transaction: string };

/**
 * An HTTP stand-in for CASH REST API 4.0 (`lib/cash/rest/wire.ts`): auth by API key, exports, all-or-nothing
 * imports with CASH-style Dutch errors, open items, 8504, a per-key rate limit, async transactions and
 * replayable faults. State is plain JSON: snapshot, restore and optional persistence to a file.
 */
export class CashSimulator {
  private readonly apiKeys: Record<string, string[]>;
  private readonly initialAdministrations: AdministrationState[];
  private readonly notation: AmountNotation;
  private readonly processing: 'sync' | 'async';
  private readonly pendingPolls: number;
  private readonly now: () => number;
  private readonly vatFromCode: boolean;
  private readonly persistPath: string | undefined;
  private readonly directoryName: string;
  private readonly initialFaults: SimulatorFaults;
  private readonly limiter: SlidingWindowLimiter;
  private readonly faultPlan: FaultPlan;

  private administrations = new Map<string, AdministrationState>();
  private transactions = new Map<string, Transaction>();
  private nextTransaction = 1;
  private counters: SimulatorStats = emptyStats();
  private server: Server | undefined;
  private url: string | undefined;

  constructor(options: CashSimulatorOptions) {
    this.apiKeys = structuredClone(options.apiKeys);
    this.initialAdministrations = structuredClone(options.administrations ?? [createDemoAdministration()]);
    this.notation = options.amountNotation ?? 'decimal-comma';
    this.processing = options.processing ?? 'sync';
    this.pendingPolls = Math.max(0, options.pendingPolls ?? 1);
    this.now = options.now ?? Date.now;
    this.vatFromCode = options.vatFromCode ?? false;
    this.persistPath = options.persistPath;
    this.directoryName = options.directoryName ?? 'CASH simulator';
    this.initialFaults = { ...options.faults };
    this.limiter = new SlidingWindowLimiter(options.rateLimitPerMinute ?? 100);
    this.faultPlan = new FaultPlan(options.seed ?? 1, options.faults);
    this.loadInitialState();
  }

  /** Listens on 127.0.0.1 and returns the base URL, e.g. `http://127.0.0.1:50123/api/4.0`. */
  async start(port = 0): Promise<string> {
    if (this.server && this.url) return this.url;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          send(res, 500, { error: 'Internal Server Error', message: errorMessage(error) });
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { port: bound } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${bound}${API_PREFIX}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.url = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Base URL while started. */
  get baseUrl(): string | undefined {
    return this.url;
  }

  /** A copy of an administration's full state. */
  state(admin: string): AdministrationState {
    return structuredClone(this.requireAdministration(admin));
  }

  relations(admin: string) {
    return this.state(admin).relations;
  }

  ledgerAccounts(admin: string) {
    return this.state(admin).ledgerAccounts;
  }

  journals(admin: string) {
    return this.state(admin).journals;
  }

  vatCodes(admin: string) {
    return this.state(admin).vatCodes;
  }

  costCentres(admin: string) {
    return this.state(admin).costCentres;
  }

  /** Booked mutations grouped as boekstukken. */
  boekstukken(admin: string) {
    return this.state(admin).boekstukken;
  }

  /** Open items still outstanding (fully paid items are left out, as in the 0311T export). */
  openItems(admin: string) {
    return this.state(admin).openItems.filter((o) => o.outstandingCents !== 0);
  }

  articles(admin: string) {
    return this.state(admin).articles;
  }

  salesOrders(admin: string) {
    return this.state(admin).salesOrders;
  }

  transaction(id: string): Transaction | undefined {
    const tx = this.transactions.get(id);
    return tx ? structuredClone(tx) : undefined;
  }

  stats(): SimulatorStats {
    return structuredClone(this.counters);
  }

  /** Current fault settings and queued one-shot faults. */
  faults(): { settings: SimulatorFaults; queued: InjectedFault[] } {
    return { settings: this.faultPlan.faults, queued: [...this.faultPlan.queued] };
  }

  /** Merges fault settings (rates 0..1). */
  setFaults(faults: SimulatorFaults): void {
    for (const [name, value] of Object.entries(faults)) {
      if (name === 'rejectAllImports') {
        if (typeof value !== 'boolean') throw new CashSimulatorError(`Fault ${name} must be true or false`);
      } else if (name === 'latencyMs') {
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
          throw new CashSimulatorError(`Fault ${name} must be a number of milliseconds >= 0`);
        }
      } else if (name.endsWith('Rate')) {
        if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
          throw new CashSimulatorError(`Fault ${name} must be a rate between 0 and 1, got ${String(value)}`);
        }
      } else {
        throw new CashSimulatorError(`Unknown fault ${name}`);
      }
    }
    this.faultPlan.set(faults);
  }

  /** Queues a one-shot fault for the next request it applies to (import-only kinds wait for an import). */
  injectNext(fault: InjectedFault): void {
    const kinds = ['5xx', 'timeout-after-commit', 'stuck-pending', 'latency'];
    if (!kinds.includes(fault.kind)) throw new CashSimulatorError(`Unknown fault kind ${String(fault.kind)}`);
    this.faultPlan.inject(fault);
  }

  /** Back to the constructor's administrations and faults; transactions, stats, rate windows and queue cleared. */
  reset(): void {
    this.administrations = new Map(this.initialAdministrations.map((a) => [a.code, structuredClone(a)]));
    this.transactions.clear();
    this.nextTransaction = 1;
    this.counters = emptyStats();
    this.limiter.reset();
    this.faultPlan.reset(this.initialFaults);
    this.persist();
  }

  snapshot(): SimulatorSnapshot {
    return structuredClone({
      version: 1,
      administrations: [...this.administrations.values()],
      transactions: [...this.transactions.values()],
      nextTransaction: this.nextTransaction,
    });
  }

  /** Restores a snapshot (object or its JSON text). */
  restore(snapshot: SimulatorSnapshot | string): void {
    const parsed = readSnapshot(snapshot);
    this.administrations = new Map(parsed.administrations.map((a) => [a.code, a]));
    this.transactions = new Map(parsed.transactions.map((t) => [t.id, t]));
    this.nextTransaction = parsed.nextTransaction;
    this.persist();
  }

  /**
   * Imports `content.cash` in-process, with the same rules as `POST /import` (no faults, no rate limit).
   * Handy to prepare a scenario in a test.
   */
  importRecords(admin: string, cash: unknown[]): ImportResult {
    this.requireAdministration(admin);
    const tx = this.createTransaction(admin);
    const result = this.runImport(tx, cash);
    tx.status = tx.finalStatus;
    tx.pendingPollsLeft = 0;
    this.persist();
    return result;
  }

  // ---------------------------------------------------------------------------------------------- HTTP

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      return this.handleControl(req, res, method, url.pathname.slice(CONTROL_PREFIX.length));
    }
    if (!url.pathname.startsWith(`${API_PREFIX}/`)) {
      return send(res, 404, { error: 'Not Found' });
    }
    const path = url.pathname.slice(API_PREFIX.length);
    const endpoint = endpointLabel(method, path);
    this.counters.requests += 1;
    bump(this.counters.byEndpoint, endpoint);

    const isImport = method === 'POST' && path === '/import';
    const fault = this.faultPlan.decide(isImport);
    if (fault.latencyMs > 0) {
      this.counters.faults.latency += 1;
      await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    }
    if (fault.http5xx) {
      this.counters.faults.http5xx += 1;
      return send(res, 503, { error: 'Service Unavailable' });
    }

    const key = headerValue(req.headers.authorization);
    if (!key || !Object.hasOwn(this.apiKeys, key)) {
      this.counters.unauthorized += 1;
      return send(res, 401, UNAUTHORIZED);
    }
    bump(this.counters.byKey, key);
    const limit = this.limiter.take(key, this.now());
    if (!limit.allowed) {
      this.counters.rateLimited += 1;
      return send(
        res,
        429,
        { error: 'Too Many Requests' },
        { 'Retry-After': String(limit.retryAfterSeconds) },
      );
    }

    if (method === 'GET' && path === '/administrations') return this.listAdministrations(res, key);
    const exportMatch = /^\/get\/index\/([^/]+)$/.exec(path);
    if (method === 'GET' && exportMatch)
      return this.exportIndex(res, key, decodeURIComponent(exportMatch[1] ?? ''), url);
    const txMatch = /^\/transaction\/([^/]+)$/.exec(path);
    if (method === 'GET' && txMatch)
      return this.pollTransaction(res, key, decodeURIComponent(txMatch[1] ?? ''));
    if (isImport) return this.importOverHttp(req, res, key, fault);
    return send(res, 404, { error: 'Not Found', message: `${method} ${path}` });
  }

  private listAdministrations(res: ServerResponse, key: string) {
    const linked = this.apiKeys[key] ?? [];
    const body: AdministrationsResponse = {
      Dir: {
        Name: this.directoryName,
        Adms: {
          Adm: linked.flatMap((code) => {
            const adm = this.administrations.get(code);
            return adm ? [{ Code: adm.code, Name: adm.name, ReadOnly: adm.readOnly }] : [];
          }),
        },
      },
    };
    send(res, 200, body);
  }

  private exportIndex(res: ServerResponse, key: string, record: string, url: URL) {
    const admin = url.searchParams.get('admin');
    if (!admin) return send(res, 400, { error: 'Bad Request', message: 'Parameter admin ontbreekt' });
    const state = this.accessible(key, admin);
    if (!state) return send(res, 403, UNAUTHORIZED);
    const params = (url.searchParams.get('params') ?? '').split('|');
    try {
      send(res, 200, exportRecords(state, record, params, this.now()));
    } catch (error) {
      if (error instanceof ExportRequestError)
        return send(res, 400, { error: 'Export error', message: error.message });
      throw error;
    }
  }

  private pollTransaction(res: ServerResponse, key: string, id: string) {
    const tx = this.transactions.get(id);
    if (!tx)
      return send(res, 404, {
        error: 'Transaction does not exist',
        message: `Transactie ${id} bestaat niet`,
      });
    if (!this.accessible(key, tx.admin)) return send(res, 403, UNAUTHORIZED);
    if (tx.status === 1) {
      if (tx.pendingPollsLeft > 0) tx.pendingPollsLeft -= 1;
      else if (tx.pendingPollsLeft === 0) {
        tx.status = tx.finalStatus;
        tx.lastUpdate = this.now();
      }
      this.persist();
    }
    send(res, 200, transactionBody(tx));
  }

  private async importOverHttp(
    req: IncomingMessage,
    res: ServerResponse,
    key: string,
    fault: { timeoutAfterCommit: boolean; stuckPending: boolean },
  ) {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (error) {
      return send(res, 400, { error: 'Bad Request', message: `Ongeldige JSON: ${errorMessage(error)}` });
    }
    if (!isObject(body) || typeof body.admin !== 'string') {
      return send(res, 400, { error: 'Bad Request', message: 'Veld admin ontbreekt' });
    }
    const state = this.accessible(key, body.admin);
    if (!state) return send(res, 403, UNAUTHORIZED);
    if (body.format !== 0 && body.format !== '0') {
      return send(res, 400, { error: 'Bad Request', message: `Onbekend formaat ${String(body.format)}` });
    }
    const cash = isObject(body.content) ? body.content.cash : undefined;
    if (!Array.isArray(cash))
      return send(res, 400, { error: 'Bad Request', message: 'content.cash ontbreekt' });
    if (state.readOnly) {
      return send(res, 403, {
        error: '1002 Unauthorized Access',
        message: `Administratie ${state.code} is alleen-lezen`,
      });
    }

    const tx = this.createTransaction(state.code);
    let result: ImportResult;
    if (fault.stuckPending) {
      // Accepted but never processed: nothing is applied and the transaction never leaves Pending.
      this.counters.faults.stuckPending += 1;
      this.counters.imports.pending += 1;
      tx.pendingPollsLeft = -1;
      result = { status: 'stuck', transaction: tx.id };
    } else {
      result = this.runImport(tx, cash);
      if (this.processing === 'sync') tx.status = tx.finalStatus;
      else tx.pendingPollsLeft = this.pendingPolls;
    }
    this.persist();

    if (fault.timeoutAfterCommit) {
      // The import stands; the client only loses the answer (connection reset / timeout on its side).
      this.counters.faults.timeoutAfterCommit += 1;
      req.socket.destroy();
      return;
    }
    if (result.status === 'stuck' || this.processing === 'async') {
      const accepted: ImportAccepted = { status: 'Pending', transaction: tx.id };
      return send(res, 202, accepted);
    }
    if (result.status === 'rejected') {
      const rejected: ImportRejected = {
        error: 'Error import',
        message: { errors: { error: result.errors } },
      };
      return send(res, 400, rejected);
    }
    const accepted: ImportAccepted = { status: 'Success', transaction: tx.id };
    send(res, 200, accepted);
  }

  private async handleControl(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
  ): Promise<void> {
    try {
      if (method === 'GET' && (path === '' || path === '/' || path === '/state')) {
        return send(res, 200, this.summary());
      }
      const stateMatch = /^\/state\/([^/]+)$/.exec(path);
      if (method === 'GET' && stateMatch)
        return send(res, 200, this.state(decodeURIComponent(stateMatch[1] ?? '')));
      if (method === 'GET' && path === '/snapshot') return send(res, 200, this.snapshot());
      if (method === 'POST' && path === '/faults') {
        this.setFaults(JSON.parse((await readBody(req)) || '{}') as SimulatorFaults);
        return send(res, 200, this.faults());
      }
      if (method === 'POST' && path === '/inject') {
        this.injectNext(JSON.parse(await readBody(req)) as InjectedFault);
        return send(res, 200, this.faults());
      }
      if (method === 'POST' && path === '/reset') {
        this.reset();
        return send(res, 200, this.summary());
      }
      if (method === 'POST' && path === '/restore') {
        this.restore(await readBody(req));
        return send(res, 200, this.summary());
      }
      return send(res, 404, { error: 'Not Found', message: `${method} ${CONTROL_PREFIX}${path}` });
    } catch (error) {
      if (error instanceof CashSimulatorError || error instanceof SyntaxError) {
        return send(res, 400, { error: 'Bad Request', message: error.message });
      }
      throw error;
    }
  }

  /** What the local hub shows: per administration the sizes of its state, plus stats and faults. */
  summary() {
    return {
      baseUrl: this.url,
      processing: this.processing,
      amountNotation: this.notation,
      administrations: [...this.administrations.values()].map((a) => ({
        code: a.code,
        name: a.name,
        relations: a.relations.length,
        ledgerAccounts: a.ledgerAccounts.length,
        journals: a.journals.length,
        boekstukken: a.boekstukken.length,
        openItems: a.openItems.filter((o) => o.outstandingCents !== 0).length,
        articles: a.articles.length,
        salesOrders: a.salesOrders.length,
      })),
      transactions: this.transactions.size,
      stats: this.stats(),
      faults: this.faults(),
    };
  }

  // ---------------------------------------------------------------------------------------------- internals

  private runImport(tx: Transaction, cash: unknown[]): ImportResult {
    const state = this.requireAdministration(tx.admin);
    const flat = flattenImport(cash);
    tx.records = flat.records.length;
    let errors = flat.errors;
    if (this.faultPlan.faults.rejectAllImports) {
      errors = [
        {
          message: `Import in administratie ${tx.admin} is geblokkeerd`,
          line: 1,
          source: flat.records[0]?.source ?? '',
        },
      ];
    }
    if (errors.length === 0) {
      const outcome = processImport(state, flat.records, {
        notation: this.notation,
        vatFromCode: this.vatFromCode,
        now: this.now(),
        transaction: tx.id,
      });
      if (outcome.ok) {
        this.administrations.set(tx.admin, outcome.state);
        tx.finalStatus = 2;
        this.counters.imports.committed += 1;
        return { status: 'committed', transaction: tx.id, summary: outcome.summary };
      }
      errors = outcome.errors;
    }
    tx.finalStatus = 3;
    tx.err = errorXml(errors);
    this.counters.imports.rejected += 1;
    return { status: 'rejected', transaction: tx.id, errors };
  }

  private createTransaction(admin: string): Transaction {
    const now = this.now();
    const tx: Transaction = {
      id: String(this.nextTransaction++).padStart(8, '0'),
      admin,
      status: 1,
      creation: now,
      lastUpdate: now,
      pendingPollsLeft: 0,
      finalStatus: 2,
      err: '',
      records: 0,
    };
    this.transactions.set(tx.id, tx);
    return tx;
  }

  private accessible(key: string, admin: string): AdministrationState | undefined {
    if (!(this.apiKeys[key] ?? []).includes(admin)) return undefined;
    return this.administrations.get(admin);
  }

  private requireAdministration(admin: string): AdministrationState {
    const state = this.administrations.get(admin);
    if (!state) throw new UnknownAdministrationError(admin);
    return state;
  }

  private loadInitialState(): void {
    if (this.persistPath && existsSync(this.persistPath)) {
      let text: string;
      try {
        text = readFileSync(this.persistPath, 'utf8');
      } catch (error) {
        throw new SimulatorSnapshotError(`Cannot read simulator state ${this.persistPath}`, { cause: error });
      }
      const parsed = readSnapshot(text);
      this.administrations = new Map(parsed.administrations.map((a) => [a.code, a]));
      this.transactions = new Map(parsed.transactions.map((t) => [t.id, t]));
      this.nextTransaction = parsed.nextTransaction;
      return;
    }
    this.administrations = new Map(this.initialAdministrations.map((a) => [a.code, structuredClone(a)]));
    this.persist();
  }

  private persist(): void {
    if (!this.persistPath) return;
    // Write-then-rename so a crash never leaves half a file behind.
    mkdirSync(dirname(this.persistPath), { recursive: true });
    const temporary = `${this.persistPath}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.snapshot()));
    renameSync(temporary, this.persistPath);
  }
}

function readSnapshot(input: SimulatorSnapshot | string): SimulatorSnapshot {
  let value: unknown;
  try {
    value = typeof input === 'string' ? JSON.parse(input) : structuredClone(input);
  } catch (error) {
    throw new SimulatorSnapshotError('Simulator snapshot is not valid JSON', { cause: error });
  }
  if (
    !isObject(value) ||
    value.version !== 1 ||
    !Array.isArray(value.administrations) ||
    !Array.isArray(value.transactions) ||
    typeof value.nextTransaction !== 'number'
  ) {
    throw new SimulatorSnapshotError('Simulator snapshot has an unknown shape (expected version 1)');
  }
  for (const adm of value.administrations as unknown[]) {
    if (!isObject(adm) || typeof adm.code !== 'string' || !Array.isArray(adm.boekstukken)) {
      throw new SimulatorSnapshotError(
        'Simulator snapshot holds an administration without code or boekstukken',
      );
    }
  }
  return value as unknown as SimulatorSnapshot;
}

function transactionBody(tx: Transaction): TransactionResponse {
  return {
    transaction: {
      id: tx.id,
      status: tx.status,
      creation: new Date(tx.creation).toISOString(),
      lastUpdate: new Date(tx.lastUpdate).toISOString(),
      administration: { admCode: tx.admin },
      err: tx.status === 3 ? tx.err : '',
    },
  };
}

/** CASH's error XML as found in `transaction.err`. */
export function errorXml(errors: CashErrorItem[]): string {
  const items = errors
    .map(
      (e) =>
        `<error><message>${xmlEscape(e.message)}</message><line>${xmlEscape(String(e.line ?? ''))}</line>` +
        `<source>${xmlEscape(e.source ?? '')}</source></error>`,
    )
    .join('');
  return `<cash><errors>${items}</errors></cash>`;
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function endpointLabel(method: string, path: string): string {
  if (path === '/administrations' || path === '/import') return `${method} ${path}`;
  const exportMatch = /^\/get\/index\/([^/]+)$/.exec(path);
  if (exportMatch) return `${method} /get/index/${normalizeRecordKey(exportMatch[1] ?? '') ?? 'unknown'}`;
  if (path.startsWith('/transaction/')) return `${method} /transaction`;
  return `${method} other`;
}

function emptyStats(): SimulatorStats {
  return {
    requests: 0,
    byEndpoint: {},
    byKey: {},
    rateLimited: 0,
    unauthorized: 0,
    faults: { http5xx: 0, latency: 0, timeoutAfterCommit: 0, stuckPending: 0 },
    imports: { committed: 0, rejected: 0, pending: 0 },
  };
}

function bump(counter: Record<string, number>, key: string): void {
  counter[key] = (counter[key] ?? 0) + 1;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new CashSimulatorError(`Request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
