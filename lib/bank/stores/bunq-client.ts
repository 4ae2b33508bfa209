import { createPublicKey, generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto';
import type { BunqAccount, BunqPayment } from './bunq-statement.ts';
import { BunqApiError } from './errors.ts';

/** What a bunq API context consists of; the installation and device outlive sessions. */
export interface BunqContext {
  privateKeyPem: string;
  publicKeyPem: string;
  installationToken: string;
  serverPublicKeyPem: string;
  deviceRegistered: boolean;
  sessionToken?: string;
  userId?: number;
}

/** Keeps the context between invocations (it holds a private key and tokens: store it as a secret). */
export interface BunqContextStore {
  load(): Promise<BunqContext | undefined>;
  save(context: BunqContext): Promise<void>;
}

/** A context store in memory, for one process (and for tests). */
export class MemoryBunqContextStore implements BunqContextStore {
  private context: BunqContext | undefined;
  async load(): Promise<BunqContext | undefined> {
    return this.context ? { ...this.context } : undefined;
  }
  async save(context: BunqContext): Promise<void> {
    this.context = { ...context };
  }
}

export interface BunqClientOptions {
  /** The bunq API key (the "secret" of device-server and session-server). */
  apiKey: string;
  /** `https://api.bunq.com/v1` (default) or `https://public-api.sandbox.bunq.com/v1`. */
  baseUrl?: string;
  store: BunqContextStore;
  userAgent?: string;
  deviceDescription?: string;
  /** IPs the device may call from; `['*']` needs a wildcard API key (Lambda has no fixed IP). */
  permittedIps?: string[];
  /** Verify `X-Bunq-Server-Signature` on responses (default true). */
  verifyResponses?: boolean;
  fetch?: typeof fetch;
  /** Pause before retrying a rate-limited request (bunq allows 3 GETs per 3 s). */
  retryDelayMs?: number;
}

type BunqItem = Record<string, Record<string, unknown>>;
interface BunqResponse {
  Response?: BunqItem[];
  Pagination?: { older_url?: string | null };
  Error?: { error_description?: string }[];
}

const PAGE_SIZE = 200;
const MAX_PAGES = 500;

/**
 * A client for bunq's public API: installation (RSA key pair), device registration and session, request
 * bodies signed with RSA-SHA256 (`X-Bunq-Client-Signature`), server signatures verified, an expired session
 * renewed once per call, rate limits (429) waited out. Reads monetary accounts and payments.
 */
export class BunqClient {
  private readonly baseUrl: string;
  private readonly fetcher: typeof fetch;
  private context: BunqContext | undefined;

  constructor(private readonly options: BunqClientOptions) {
    this.baseUrl = (options.baseUrl ?? 'https://api.bunq.com/v1').replace(/\/$/, '');
    this.fetcher = options.fetch ?? fetch;
  }

  /** Active IBAN accounts of the user (bank, savings and joint accounts). */
  async accounts(): Promise<BunqAccount[]> {
    const userId = await this.userId();
    const accounts: BunqAccount[] = [];
    for (const item of await this.list(`/user/${userId}/monetary-account`)) {
      const account = Object.values(item)[0] as {
        id?: number;
        currency?: string;
        description?: string;
        status?: string;
        alias?: { type?: string; value?: string }[];
      };
      const iban = account?.alias?.find((alias) => alias.type === 'IBAN')?.value;
      if (!account?.id || !iban || (account.status && account.status !== 'ACTIVE')) continue;
      accounts.push({
        id: account.id,
        iban: iban.replace(/\s/g, '').toUpperCase(),
        currency: account.currency ?? 'EUR',
        ...(account.description ? { description: account.description } : {}),
      });
    }
    return accounts;
  }

  /** Payments of one account created at or after `since` (ISO), newest pages first until older than `since`. */
  async payments(accountId: number, since: string): Promise<BunqPayment[]> {
    const userId = await this.userId();
    const sinceKey = since.replace('T', ' ').replace(/Z$/, '');
    const payments: BunqPayment[] = [];
    let path: string | undefined = `/user/${userId}/monetary-account/${accountId}/payment?count=${PAGE_SIZE}`;
    for (let page = 0; path && page < MAX_PAGES; page++) {
      const answer = await this.authorized('GET', path);
      let older = false;
      for (const item of answer.Response ?? []) {
        const payment = item.Payment as unknown as BunqPayment | undefined;
        if (!payment) continue;
        if (payment.created < sinceKey) older = true;
        else payments.push(payment);
      }
      const next = answer.Pagination?.older_url;
      path = older || !next ? undefined : next.replace(/^\/v1/, '');
    }
    return payments;
  }

  private async userId(): Promise<number> {
    const context = await this.session();
    return context.userId as number;
  }

  private async list(path: string): Promise<BunqItem[]> {
    const items: BunqItem[] = [];
    let next: string | undefined = `${path}?count=${PAGE_SIZE}`;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const answer = await this.authorized('GET', next);
      items.push(...(answer.Response ?? []));
      next = answer.Pagination?.older_url?.replace(/^\/v1/, '') ?? undefined;
    }
    return items;
  }

  /** A call with the session token; a session bunq no longer knows is opened again once. */
  private async authorized(method: 'GET' | 'POST', path: string, body?: unknown): Promise<BunqResponse> {
    const context = await this.session();
    try {
      return await this.request(method, path, body, context.sessionToken);
    } catch (error) {
      if (!(error instanceof BunqApiError) || error.status !== 401) throw error;
      const renewed = await this.session(true);
      return this.request(method, path, body, renewed.sessionToken);
    }
  }

  private async session(renew = false): Promise<BunqContext> {
    this.context ??= await this.options.store.load();
    let context = this.context ?? (await this.install());
    if (!context.deviceRegistered) {
      await this.request(
        'POST',
        '/device-server',
        {
          description: this.options.deviceDescription ?? 'cashlink bank-import',
          secret: this.options.apiKey,
          permitted_ips: this.options.permittedIps ?? ['*'],
        },
        context.installationToken,
        context,
      );
      context = { ...context, deviceRegistered: true };
      await this.keep(context);
    }
    if (renew || !context.sessionToken || context.userId === undefined) {
      const answer = await this.request(
        'POST',
        '/session-server',
        { secret: this.options.apiKey },
        context.installationToken,
        context,
      );
      const token = find(answer, 'Token')?.token;
      const user = find(answer, 'UserCompany') ?? find(answer, 'UserPerson') ?? find(answer, 'UserApiKey');
      if (typeof token !== 'string' || typeof user?.id !== 'number') {
        throw new BunqApiError(200, 'bunq session-server answered without a token or user id');
      }
      context = { ...context, sessionToken: token, userId: user.id };
      await this.keep(context);
    }
    return context;
  }

  private async install(): Promise<BunqContext> {
    const keys = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const answer = await this.request('POST', '/installation', { client_public_key: keys.publicKey });
    const token = find(answer, 'Token')?.token;
    const serverKey = find(answer, 'ServerPublicKey')?.server_public_key;
    if (typeof token !== 'string' || typeof serverKey !== 'string') {
      throw new BunqApiError(200, 'bunq installation answered without a token or server public key');
    }
    const context: BunqContext = {
      privateKeyPem: keys.privateKey,
      publicKeyPem: keys.publicKey,
      installationToken: token,
      serverPublicKeyPem: serverKey,
      deviceRegistered: false,
    };
    await this.keep(context);
    return context;
  }

  private async keep(context: BunqContext): Promise<void> {
    this.context = context;
    await this.options.store.save(context);
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    token?: string,
    context: BunqContext | undefined = this.context,
  ): Promise<BunqResponse> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = {
      'Cache-Control': 'no-cache',
      'User-Agent': this.options.userAgent ?? 'cashlink-bank-import',
      'X-Bunq-Language': 'en_US',
      'X-Bunq-Region': 'nl_NL',
      'X-Bunq-Geolocation': '0 0 0 0 000',
      'X-Bunq-Client-Request-Id': randomUUID(),
      ...(text ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { 'X-Bunq-Client-Authentication': token } : {}),
    };
    // Since 2020 bunq signs and checks the body only.
    if (text && context)
      headers['X-Bunq-Client-Signature'] = sign('sha256', Buffer.from(text), context.privateKeyPem).toString(
        'base64',
      );
    for (let attempt = 0; ; attempt++) {
      const response = await this.fetcher(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(text ? { body: text } : {}),
      });
      const raw = await response.text();
      if (response.status === 429 && attempt < 3) {
        await new Promise((resolve) =>
          setTimeout(resolve, (this.options.retryDelayMs ?? 1_100) * (attempt + 1)),
        );
        continue;
      }
      let answer: BunqResponse;
      try {
        answer = JSON.parse(raw) as BunqResponse;
      } catch (cause) {
        throw new BunqApiError(
          response.status,
          `bunq ${method} ${path} answered ${response.status} without JSON`,
          { cause },
        );
      }
      if (!response.ok) {
        const description = answer.Error?.map((e) => e.error_description).join('; ') || raw.slice(0, 200);
        throw new BunqApiError(
          response.status,
          `bunq ${method} ${path} refused (${response.status}): ${description}`,
        );
      }
      const signature = response.headers.get('X-Bunq-Server-Signature');
      if (this.options.verifyResponses !== false && context?.serverPublicKeyPem && path !== '/installation') {
        const valid =
          signature !== null &&
          verify(
            'sha256',
            Buffer.from(raw),
            createPublicKey(context.serverPublicKeyPem),
            Buffer.from(signature, 'base64'),
          );
        if (!valid)
          throw new BunqApiError(
            response.status,
            `bunq ${method} ${path}: response signature does not verify`,
          );
      }
      return answer;
    }
  }
}

function find(answer: BunqResponse, key: string): Record<string, unknown> | undefined {
  return answer.Response?.find((item) => key in item)?.[key];
}
