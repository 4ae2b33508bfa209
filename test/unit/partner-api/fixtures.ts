import { createEvent, type NormalizedEvent, validateEvent } from '../../../events/index.ts';
import type { DocumentRecord } from '../../../lib/documents/index.ts';
import { FINAL_STATUSES, payloadHash } from '../../../lib/documents/index.ts';
import {
  type ApiKeyParts,
  type ApiKeyRecord,
  Authenticator,
  type CorrectionRecord,
  formatApiKey,
  type HttpRequest,
  InMemoryNonceStore,
  InMemoryRateLimiter,
  PartnerApi,
  type PartnerApiDeps,
  secretDigest,
  signedRequestHeaders,
  signingKeyOf,
} from '../../../lib/partner-api/index.ts';
import type { PublishOutcome } from '../../../lib/runtime/event-publisher.ts';

export const TENANT = 'acme';
export const NOW = new Date('2026-04-01T10:00:00Z');

export const KEY: ApiKeyParts = { id: 'a1b2c3d4e5f6', secret: 'ab'.repeat(32) };
export const API_KEY = formatApiKey(KEY);

export function keyRecord(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id: KEY.id,
    tenant: TENANT,
    partner: 'Webshop Partner B.V.',
    secretDigest: secretDigest(KEY.secret),
    signingKey: signingKeyOf(KEY.secret),
    administrations: ['DEMO'],
    webhookConnectors: ['woocommerce'],
    eventTypes: ['journal-entry.book', 'relation.upsert'],
    rateLimitPerMinute: 100,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export class InMemoryKeys {
  readonly records = new Map<string, ApiKeyRecord>();
  constructor(...records: ApiKeyRecord[]) {
    for (const record of records) this.records.set(record.id, record);
  }
  async get(id: string): Promise<ApiKeyRecord | undefined> {
    return this.records.get(id);
  }
}

/** Documents and the publisher in memory, with the same queue decisions as DocumentStore.markQueued. */
export class InMemoryDocuments {
  readonly records = new Map<string, DocumentRecord>();
  readonly published: NormalizedEvent[] = [];

  async get(id: string): Promise<DocumentRecord | undefined> {
    return this.records.get(id);
  }
  async getMany(ids: string[]): Promise<Map<string, DocumentRecord>> {
    return new Map(
      ids.flatMap((id) => (this.records.has(id) ? [[id, this.records.get(id) as DocumentRecord]] : [])),
    );
  }
  async addNote(id: string, note: string, now = new Date()): Promise<boolean> {
    const record = this.records.get(id);
    if (!record) return false;
    record.history = [...record.history, { status: record.status, at: now.toISOString(), note }];
    return true;
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
          : { id: event.id, status: 'conflict', documentStatus: existing.status, message: 'changed' };
      }
      this.published.push(event);
      this.put(event, 'queued');
      return { id: event.id, status: 'queued' };
    });
  }
  put(
    event: NormalizedEvent,
    status: DocumentRecord['status'],
    patch: Partial<DocumentRecord> = {},
  ): DocumentRecord {
    const record: DocumentRecord = {
      id: event.id,
      tenant: event.tenant,
      administration: event.administration,
      type: event.type,
      source: event.source,
      status,
      payloadHash: payloadHash(event.data),
      attempts: 0,
      history: [{ status, at: NOW.toISOString() }],
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      ...patch,
    };
    this.records.set(event.id, record);
    return record;
  }
}

export class InMemoryCorrections {
  readonly records: CorrectionRecord[] = [];
  async add(record: CorrectionRecord): Promise<CorrectionRecord> {
    this.records.push(record);
    return record;
  }
}

export interface TestApi {
  api: PartnerApi;
  keys: InMemoryKeys;
  documents: InMemoryDocuments;
  corrections: InMemoryCorrections;
}

export function testApi(overrides: Partial<PartnerApiDeps> = {}, ...records: ApiKeyRecord[]): TestApi {
  const keys = new InMemoryKeys(...(records.length > 0 ? records : [keyRecord()]));
  const documents = new InMemoryDocuments();
  const corrections = new InMemoryCorrections();
  const api = new PartnerApi({
    scope: { tenant: TENANT, administrations: ['DEMO', 'OTHER'] },
    authenticator: new Authenticator(keys, TENANT, new InMemoryNonceStore(() => NOW), () => NOW),
    rateLimiter: new InMemoryRateLimiter(),
    documents,
    publisher: documents,
    corrections,
    clock: () => NOW,
    ...overrides,
  });
  return { api, keys, documents, corrections };
}

export function request(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): HttpRequest {
  return {
    method,
    path,
    headers: {
      authorization: `Bearer ${API_KEY}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body),
  };
}

/** A request signed with `KEY` the way a partner signs it (`signedRequestHeaders`), with a fresh nonce. */
export function signedRequest(
  method: string,
  path: string,
  body: string,
  at = NOW,
  query?: Record<string, string>,
  key: ApiKeyParts = KEY,
): HttpRequest {
  return {
    method,
    path,
    headers: {
      ...(body !== '' ? { 'content-type': 'application/json' } : {}),
      ...signedRequestHeaders({
        keyId: key.id,
        signingKey: signingKeyOf(key.secret),
        method,
        path,
        ...(query ? { query } : {}),
        body,
        now: at,
      }),
    },
    body,
    ...(query ? { query } : {}),
  };
}

export function memo(externalId: string, amountCents = 1_000, administration = 'DEMO') {
  return createEvent({
    tenant: TENANT,
    administration,
    type: 'journal-entry.book',
    occurredAt: NOW.toISOString(),
    source: { connector: 'partner-api', externalId },
    data: {
      journal: 'MEM',
      date: '2026-03-31',
      description: `Memo ${externalId}`,
      lines: [
        { ledgerAccount: '4000', amountCents },
        { ledgerAccount: '1900', amountCents: -amountCents },
      ],
    },
  });
}

export function parse(body: string): Record<string, unknown> & { errors?: Record<string, unknown>[] } {
  return JSON.parse(body) as Record<string, unknown>;
}
