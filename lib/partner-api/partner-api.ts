import { PARTNER_CONNECTOR, type PartnerIdentity } from './api-key.ts';
import type { AuthenticationMethod, Authenticator } from './authenticator.ts';
import type { TenantScope } from './authorization.ts';
import type { BankRuleStore } from './bank-rule-store.ts';
import type { CorrectionRecord } from './correction.ts';
import type { CorrectionLearner } from './correction-learning.ts';
import { HttpProblem } from './errors.ts';
import type { EventAdmission } from './event-admission.ts';
import { type HttpRequest, type HttpResponse, header, jsonResponse, problemResponse } from './http.ts';
import { buildOpenApiDocument } from './openapi.ts';
import type { RateDecision, RateLimiter } from './rate-limiter.ts';
import {
  acceptBankRule,
  createBankRule,
  deleteBankRule,
  getBankRule,
  getDenyList,
  listBankRules,
  writeDenyList,
} from './routes/bank-rules.ts';
import { listDeliveries, requestDeliveryRun } from './routes/deliveries.ts';
import { getDocument } from './routes/get-document.ts';
import { postCorrection } from './routes/post-corrections.ts';
import { postEvents } from './routes/post-events.ts';
import type {
  CorrectionWriter,
  DeliveryControlQueues,
  DeliveryReader,
  DocumentReader,
  EventSink,
  RouteContext,
} from './routes/route-context.ts';

/** Bodies above this are refused before anything else is done with them (API Gateway allows 10 MB). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export type LogLevel = 'info' | 'warn' | 'error';

export interface PartnerApiDeps {
  scope: TenantScope;
  authenticator: Authenticator;
  rateLimiter: RateLimiter;
  documents: DocumentReader;
  publisher: EventSink;
  corrections: CorrectionWriter;
  learners?: readonly CorrectionLearner[];
  /** The bank matcher's memory per administration, for the bank-rules and deny-list routes. */
  bankRules?: BankRuleStore;
  /** The door of POST /v1/events: what the writer or CASH would certainly refuse is answered 400 at once. */
  admission?: EventAdmission;
  /** The outbound delivery records (GET /v1/deliveries). */
  deliveries?: DeliveryReader;
  /** Each delivery target's queue (POST /v1/deliveries/full-load, /reconcile). */
  deliveryQueues?: DeliveryControlQueues;
  openApiDocument?: () => Record<string, unknown>;
  maxBodyBytes?: number;
  clock?: () => Date;
  log?: (level: LogLevel, message: string, details?: Record<string, unknown>) => void;
}

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  pattern: RegExp;
  /** How callers must authenticate; none for the public API description. */
  auth: readonly AuthenticationMethod[];
  json: boolean;
  run: (request: HttpRequest, body: unknown, ctx: RouteContext, params: string[]) => Promise<HttpResponse>;
}

const ROUTES: readonly Route[] = [
  {
    method: 'POST',
    pattern: /^\/v1\/events$/,
    auth: ['bearer', 'hmac'],
    json: true,
    // The connector of a partner's events is the key's, never what the body says (issue 10.1).
    run: (_request, body, ctx) =>
      postEvents(body, ctx, { connector: PARTNER_CONNECTOR, requireConnector: true }),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/documents\/([^/]+)$/,
    auth: ['bearer', 'hmac'],
    json: false,
    run: (_request, _body, ctx, [id]) => getDocument(decode(id), ctx),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/corrections$/,
    auth: ['bearer', 'hmac'],
    json: true,
    run: (_request, body, ctx) => postCorrection(body, ctx),
  },
  ...bankRuleRoutes(),
  {
    method: 'GET',
    pattern: /^\/v1\/deliveries$/,
    auth: ['bearer', 'hmac'],
    json: false,
    run: (request, _body, ctx) => listDeliveries(request, ctx),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/deliveries\/(full-load|reconcile)$/,
    auth: ['bearer', 'hmac'],
    json: true,
    run: (_request, body, ctx, [control]) =>
      requestDeliveryRun(body, ctx, control as 'full-load' | 'reconcile'),
  },
  {
    method: 'POST',
    pattern: /^\/webhooks\/([a-z0-9][a-z0-9-]{0,39})$/,
    // Webhook senders sign; a bearer key alone is not accepted on the open webhook routes.
    auth: ['hmac'],
    json: true,
    run: (_request, body, ctx, [connector]) => {
      requireWebhookConnector(ctx, connector as string);
      return postEvents(body, ctx, { connector: connector as string, requireConnector: true });
    },
  },
];

/** A path segment decoded; a malformed escape (`%`, `%zz`) stays as sent: an unknown id, not a crash. */
function decode(value: string | undefined): string {
  try {
    return decodeURIComponent(value ?? '');
  } catch {
    return value ?? '';
  }
}

/** A webhook route takes events from keys granted its connector only (403 otherwise, before any event is read). */
function requireWebhookConnector(ctx: RouteContext, connector: string): void {
  if (ctx.identity.webhookConnectors?.includes(connector)) return;
  throw new HttpProblem(403, 'Forbidden', `the API key may not send events of connector ${connector}`, [
    {
      path: 'connector',
      rule: 'connector-not-granted',
      message: 'the API key is not granted this webhook connector',
      value: connector,
    },
  ]);
}

/** The bank matcher's rules and deny-list of one administration (`{administration}` is the first group). */
function bankRuleRoutes(): Route[] {
  const base = '^\\/v1\\/administrations\\/([^/]+)';
  const auth: readonly AuthenticationMethod[] = ['bearer', 'hmac'];
  const at = (suffix: string) => new RegExp(`${base}${suffix}$`);
  return [
    {
      method: 'GET',
      pattern: at('\\/bank-rules'),
      auth,
      json: false,
      run: (request, _body, ctx, [adm]) => listBankRules(request, ctx, decode(adm)),
    },
    {
      method: 'POST',
      pattern: at('\\/bank-rules'),
      auth,
      json: true,
      run: (request, body, ctx, [adm]) => createBankRule(request, body, ctx, decode(adm)),
    },
    {
      method: 'GET',
      pattern: at('\\/bank-rules\\/([^/]+)'),
      auth,
      json: false,
      run: (_request, _body, ctx, [adm, id]) => getBankRule(ctx, decode(adm), decode(id)),
    },
    {
      method: 'DELETE',
      pattern: at('\\/bank-rules\\/([^/]+)'),
      auth,
      json: false,
      run: (request, _body, ctx, [adm, id]) => deleteBankRule(request, ctx, decode(adm), decode(id)),
    },
    {
      method: 'POST',
      pattern: at('\\/bank-rules\\/([^/]+)\\/accept'),
      auth,
      json: false,
      run: (request, _body, ctx, [adm, id]) => acceptBankRule(request, ctx, decode(adm), decode(id)),
    },
    {
      method: 'GET',
      pattern: at('\\/bank-deny-list'),
      auth,
      json: false,
      run: (_request, _body, ctx, [adm]) => getDenyList(ctx, decode(adm)),
    },
    {
      method: 'PUT',
      pattern: at('\\/bank-deny-list'),
      auth,
      json: true,
      run: (request, body, ctx, [adm]) => writeDenyList(request, body, ctx, decode(adm), 'replace'),
    },
    {
      method: 'POST',
      pattern: at('\\/bank-deny-list'),
      auth,
      json: true,
      run: (request, body, ctx, [adm]) => writeDenyList(request, body, ctx, decode(adm), 'add'),
    },
  ];
}

const JSON_CONTENT = /^application\/([a-z0-9.+-]+\+)?json\s*(;.*)?$/i;

/**
 * The partner API as a function of the request: routing, body limits, authentication, rate limiting,
 * content negotiation and the mapping of every failure to an RFC 9457 problem. API Gateway, the Lambda
 * and tests all go through `handle`.
 */
export class PartnerApi {
  private readonly maxBodyBytes: number;
  private readonly clock: () => Date;
  private openApiCache?: string;

  constructor(private readonly deps: PartnerApiDeps) {
    this.maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.clock = deps.clock ?? (() => new Date());
  }

  async handle(request: HttpRequest): Promise<HttpResponse> {
    let rateHeaders: Record<string, string> = {};
    try {
      const path = request.path.length > 1 ? request.path.replace(/\/+$/, '') : request.path;
      const method = request.method.toUpperCase();
      if (method === 'GET' && path === '/v1/openapi.json') return this.openApi();
      const candidates = ROUTES.map((route) => ({ route, match: route.pattern.exec(path) })).filter(
        (c) => c.match,
      );
      if (candidates.length === 0) {
        throw new HttpProblem(404, 'Not Found', `no route ${path}`, [
          { path: 'path', rule: 'unknown-route', message: `no route ${method} ${path}`, value: path },
        ]);
      }
      const found = candidates.find((c) => c.route.method === method);
      if (!found) {
        const allow = candidates.map((c) => c.route.method).join(', ');
        throw new HttpProblem(
          405,
          'Method Not Allowed',
          `${method} is not allowed on ${path}`,
          [{ path: 'method', rule: 'method', message: `use ${allow}`, value: method }],
          { allow },
        );
      }
      const bytes = Buffer.byteLength(request.body, 'utf8');
      if (bytes > this.maxBodyBytes) {
        throw new HttpProblem(
          413,
          'Content Too Large',
          `the body has ${bytes} bytes; at most ${this.maxBodyBytes}`,
          [
            {
              path: '(body)',
              rule: 'max-bytes',
              message: `at most ${this.maxBodyBytes} bytes`,
              value: bytes,
            },
          ],
        );
      }
      const identity = await this.deps.authenticator.authenticate(request, found.route.auth);
      const decision = await this.deps.rateLimiter.consume(
        identity.id,
        identity.rateLimitPerMinute,
        this.clock(),
      );
      rateHeaders = rateLimitHeaders(decision);
      if (!decision.allowed) {
        throw new HttpProblem(
          429,
          'Too Many Requests',
          `at most ${decision.limit} requests per minute for this key`,
          [
            {
              path: 'authorization',
              rule: 'rate-limit',
              message: `retry after ${decision.resetSeconds} s`,
              value: decision.limit,
            },
          ],
          { 'retry-after': String(decision.resetSeconds) },
        );
      }
      const body = found.route.json ? parseJsonBody(request) : undefined;
      const response = await found.route.run(
        request,
        body,
        this.context(identity),
        found.match?.slice(1) ?? [],
      );
      return { ...response, headers: { ...rateHeaders, ...response.headers } };
    } catch (error) {
      if (error instanceof HttpProblem) {
        if (error.status >= 500) this.deps.log?.('error', error.message, { error });
        return problemResponse(error.status, error.detail, {
          title: error.title,
          errors: error.errors,
          headers: { ...rateHeaders, ...error.headers },
          extra: error.extra,
          ...(request.requestId ? { instance: `urn:request:${request.requestId}` } : {}),
        });
      }
      this.deps.log?.('error', 'partner API request failed', {
        error,
        path: request.path,
        method: request.method,
      });
      return problemResponse(500, 'the request could not be processed; it is safe to send it again', {
        headers: rateHeaders,
        ...(request.requestId ? { instance: `urn:request:${request.requestId}` } : {}),
      });
    }
  }

  private context(identity: PartnerIdentity): RouteContext {
    return {
      identity,
      scope: this.deps.scope,
      now: this.clock(),
      documents: this.deps.documents,
      publisher: this.deps.publisher,
      corrections: this.deps.corrections,
      learners: this.deps.learners ?? [],
      ...(this.deps.bankRules ? { bankRules: this.deps.bankRules } : {}),
      ...(this.deps.admission ? { admission: this.deps.admission } : {}),
      ...(this.deps.deliveries ? { deliveries: this.deps.deliveries } : {}),
      ...(this.deps.deliveryQueues ? { deliveryQueues: this.deps.deliveryQueues } : {}),
      onLearnError: (error: unknown, record: CorrectionRecord) =>
        this.deps.log?.('warn', 'a connector memory did not learn from a correction', {
          error,
          documentId: record.documentId,
          recordedAt: record.recordedAt,
        }),
    };
  }

  /** The API description is public: partners and tools read it before they have a key. */
  private openApi(): HttpResponse {
    this.openApiCache ??= JSON.stringify((this.deps.openApiDocument ?? buildOpenApiDocument)());
    return {
      ...jsonResponse(200, null, { 'cache-control': 'public, max-age=300' }),
      body: this.openApiCache,
    };
  }
}

function parseJsonBody(request: HttpRequest): unknown {
  const type = header(request, 'content-type');
  if (!type || !JSON_CONTENT.test(type)) {
    throw new HttpProblem(
      415,
      'Unsupported Media Type',
      'send the body as application/json',
      [
        {
          path: 'content-type',
          rule: 'media-type',
          message: 'expected application/json',
          value: type ?? '(none)',
        },
      ],
      { accept: 'application/json' },
    );
  }
  try {
    return JSON.parse(request.body) as unknown;
  } catch (error) {
    throw new HttpProblem(400, 'Bad Request', 'the body is not valid JSON', [
      { path: '(body)', rule: 'json', message: error instanceof Error ? error.message : 'not valid JSON' },
    ]);
  }
}

function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(decision.resetSeconds),
  };
}
