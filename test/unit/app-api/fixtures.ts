import { type NormalizedEvent, validateEvent } from '../../../events/index.ts';
import type {
  AppRoute,
  AppTokenVerifierPort,
  DocumentListFilter,
  DocumentQueriesPort,
  Page,
  PageRequest,
  ReviewQueueFilter,
} from '../../../lib/app-api/index.ts';
import { AppRouter, documentSummary } from '../../../lib/app-api/index.ts';
import { reviewKindOf } from '../../../lib/app-api/review/index.ts';
import {
  type DocumentRecord,
  type DocumentStatus,
  FINAL_STATUSES,
  payloadHash,
} from '../../../lib/documents/index.ts';
import type { AppUser } from '../../../lib/identity/app-user.ts';
import type { CorrectionRecord, HttpRequest, HttpResponse } from '../../../lib/partner-api/index.ts';
import type { PublishOutcome } from '../../../lib/runtime/event-publisher.ts';

export const TENANT = 'acme';
export const NOW = new Date('2026-04-01T10:00:00Z');
export const ADMINISTRATIONS = ['DEMO', 'TWEE'] as const;

export const USERS = {
  operator: {
    id: 'u-op',
    username: 'beheer@acme.nl',
    tenant: TENANT,
    role: 'operator',
    administrations: '*',
  },
  bookkeeper: {
    id: 'u-bk',
    username: 'boekhouder@acme.nl',
    tenant: TENANT,
    role: 'bookkeeper',
    administrations: ['DEMO'],
  },
  reader: {
    id: 'u-ro',
    username: 'lezer@acme.nl',
    tenant: TENANT,
    role: 'read-only',
    administrations: ['DEMO'],
  },
  outsider: {
    id: 'u-out',
    username: 'buiten@acme.nl',
    tenant: TENANT,
    role: 'bookkeeper',
    administrations: ['ANDERS'],
  },
  otherTenant: { id: 'u-x', username: 'x@other.nl', tenant: 'other', role: 'operator', administrations: '*' },
} satisfies Record<string, AppUser>;

/** The shape of lib/identity's AppAuthenticationError (recognised by name and reason). */
export class FakeAuthenticationError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'AppAuthenticationError';
  }
}

/** Tokens are `token-<user key>`; `token-expired`, `token-norole` and `token-jwks` fail like the real verifier. */
export const fakeVerifier: AppTokenVerifierPort = {
  async verify(bearer: string): Promise<AppUser> {
    if (bearer === 'token-expired') throw new FakeAuthenticationError('expired', 'the token expired at …');
    if (bearer === 'token-norole') throw new FakeAuthenticationError('no-role', 'no role group');
    if (bearer === 'token-jwks') throw new FakeAuthenticationError('jwks-unavailable', 'keys unavailable');
    const user = (USERS as Record<string, AppUser>)[bearer.replace(/^token-/, '')];
    if (!user) throw new FakeAuthenticationError('signature', 'invalid signature');
    return user;
  },
};

export function request(
  method: string,
  path: string,
  options: {
    user?: keyof typeof USERS | null;
    body?: unknown;
    query?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
): HttpRequest {
  const user = options.user === undefined ? 'operator' : options.user;
  const body =
    options.body === undefined
      ? ''
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  return {
    method,
    path,
    headers: {
      ...(user ? { authorization: `Bearer token-${user}` } : {}),
      ...(body !== '' ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body,
    ...(options.query ? { query: options.query } : {}),
    requestId: 'req-1',
  };
}

export function router(routes: readonly AppRoute[]): AppRouter {
  return new AppRouter({
    routes,
    verifier: fakeVerifier,
    tenant: TENANT,
    administrations: ADMINISTRATIONS,
    clock: () => NOW,
  });
}

// biome-ignore lint/suspicious/noExplicitAny: tests read answers freely; the assertions check the shape.
export const parse = (response: HttpResponse) => JSON.parse(response.body) as Record<string, any>;

/**
 * Documents, the index and the publisher in memory. The index obeys DocumentQueries: only the
 * administrations asked, review queue (review, rejected, failed) oldest first, lists newest first, opaque
 * cursors; the publisher makes the same queue decisions as DocumentStore.markQueued.
 */
export class InMemoryDocuments implements DocumentQueriesPort {
  readonly records = new Map<string, DocumentRecord>();
  readonly published: NormalizedEvent[] = [];
  readonly transitions: Array<{ id: string; status: DocumentStatus; note?: string }> = [];
  readonly links: Array<{ eventId: string; documentId: string; relationKey: string | null }> = [];
  readonly corrections: CorrectionRecord[] = [];

  add(...records: DocumentRecord[]): this {
    for (const record of records) this.records.set(record.id, record);
    return this;
  }
  async get(id: string): Promise<DocumentRecord | undefined> {
    return this.records.get(id);
  }
  async getMany(ids: string[]): Promise<Map<string, DocumentRecord>> {
    return new Map(
      ids.flatMap((id) => (this.records.has(id) ? [[id, this.records.get(id) as DocumentRecord]] : [])),
    );
  }
  async transition(id: string, status: DocumentStatus, patch: Partial<DocumentRecord> = {}, note?: string) {
    const record = this.records.get(id);
    if (!record) throw new Error(`no ${id}`);
    const at = NOW.toISOString();
    this.records.set(id, {
      ...record,
      ...patch,
      status,
      updatedAt: at,
      history: [...record.history, { status, at, ...(note ? { note } : {}) }],
    });
    this.transitions.push({ id, status, ...(note ? { note } : {}) });
  }
  async publish(inputs: unknown[]): Promise<PublishOutcome[]> {
    return inputs.map((input, index) => {
      const result = validateEvent(input);
      if (!result.ok) return { index, status: 'invalid', issues: result.issues, message: 'invalid' };
      const event = result.value;
      const existing = this.records.get(event.id);
      const hash = payloadHash(event.data);
      if (existing && FINAL_STATUSES.has(existing.status)) {
        return existing.payloadHash === hash
          ? { id: event.id, status: 'already-final', documentStatus: existing.status }
          : {
              id: event.id,
              status: 'conflict',
              documentStatus: existing.status,
              message: 'changed after booking',
            };
      }
      this.published.push(event);
      this.records.set(event.id, {
        ...(existing ?? { history: [], attempts: 0, createdAt: NOW.toISOString() }),
        id: event.id,
        tenant: event.tenant,
        administration: event.administration,
        type: event.type,
        source: event.source,
        status: 'queued',
        payloadHash: hash,
        updatedAt: NOW.toISOString(),
      } as DocumentRecord);
      return { id: event.id, status: 'queued' };
    });
  }
  async link(eventId: string, documentId: string, relationKey: string | null) {
    this.links.push({ eventId, documentId, relationKey });
  }
  async add_(record: CorrectionRecord) {
    this.corrections.push(record);
    return record;
  }
  readonly correctionWriter = { add: async (record: CorrectionRecord) => this.add_(record) };

  async reviewQueue(filter: ReviewQueueFilter, page: PageRequest): Promise<Page<DocumentRecord>> {
    const all = [...this.records.values()]
      .filter((r) => filter.administrations.includes(r.administration))
      .filter((r) => ['review', 'rejected', 'failed'].includes(r.status))
      .filter((r) => !filter.connector || r.source.connector === filter.connector)
      .filter((r) => !filter.kind || reviewKindOf(r) === filter.kind)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    return paged(all, page);
  }
  async list(filter: DocumentListFilter, page: PageRequest): Promise<Page<DocumentRecord>> {
    const all = [...this.records.values()]
      .filter((r) => filter.administrations.includes(r.administration))
      .filter((r) => !filter.status || r.status === filter.status)
      .filter((r) => !filter.connector || r.source.connector === filter.connector)
      .filter((r) => !filter.kind || (r.kind ?? 'event') === filter.kind)
      .filter((r) => {
        const s = documentSummary(r);
        if (filter.from && (!s.date || s.date < filter.from)) return false;
        if (filter.to && (!s.date || s.date > filter.to)) return false;
        if (filter.minCents !== undefined && (s.amountCents === undefined || s.amountCents < filter.minCents))
          return false;
        if (filter.maxCents !== undefined && (s.amountCents === undefined || s.amountCents > filter.maxCents))
          return false;
        if (filter.q && !s.title.toLowerCase().includes(filter.q.toLowerCase())) return false;
        return true;
      })
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    return paged(all, page);
  }
}

function paged(all: DocumentRecord[], page: PageRequest): Page<DocumentRecord> {
  const start = page.cursor ? Number(Buffer.from(page.cursor, 'base64url').toString('utf8')) : 0;
  const items = all.slice(start, start + page.limit);
  const next = start + page.limit;
  return {
    items,
    ...(next < all.length ? { nextCursor: Buffer.from(String(next)).toString('base64url') } : {}),
  };
}

export function record(overrides: Partial<DocumentRecord> & { id: string }): DocumentRecord {
  return {
    tenant: TENANT,
    administration: 'DEMO',
    type: 'journal-entry.book',
    source: { connector: 'partner-api', externalId: overrides.id },
    status: 'review',
    payloadHash: '',
    attempts: 0,
    history: [],
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    ...overrides,
  };
}

export const hex = (n: number, width = 32) => n.toString(16).padStart(width, '0');
