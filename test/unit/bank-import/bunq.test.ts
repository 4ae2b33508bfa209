import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  amsterdamDate,
  BunqApiError,
  BunqClient,
  type BunqPayment,
  BunqTransactionSource,
  bunqPaymentsToStatement,
  MemoryBunqContextStore,
  SecretsManagerBunqContextStore,
} from '../../../lib/bank/stores/index.ts';

const ACCOUNT = { id: 7, iban: 'NL43BUNQ2060044573', currency: 'EUR' };

function euros(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Payments as bunq lists them: newest first, each with the balance it left. */
function payments(amounts: number[], opening = 10_000, start = Date.UTC(2026, 2, 1, 8)): BunqPayment[] {
  let balance = opening;
  return amounts
    .map((amount, i) => {
      balance += amount;
      const created = new Date(start + i * 3_600_000).toISOString().replace('T', ' ').replace('Z', '000');
      return {
        id: 1000 + i,
        created,
        amount: { value: euros(amount), currency: 'EUR' },
        description: `Betaling ${i}`,
        type: 'EBA_SCT',
        counterparty_alias: { iban: 'NL91ABNA0417164300', display_name: 'Bakkerij De Graaf' },
        balance_after_mutation: { value: euros(balance), currency: 'EUR' },
      };
    })
    .reverse();
}

describe('bunqPaymentsToStatement', () => {
  it('builds a statement oldest first with exact cents, balances and import ids', () => {
    // Act
    const statement = bunqPaymentsToStatement(ACCOUNT, payments([12_100, -4_550, 99]));
    // Assess
    expect(statement).toMatchObject({
      bank: 'bunq',
      accountIban: ACCOUNT.iban,
      openingBalanceCents: 10_000,
      closingBalanceCents: 10_000 + 12_100 - 4_550 + 99,
      balanceCheck: 'ok',
      errors: [],
    });
    expect(statement.entries.map((e) => e.amountCents)).toEqual([12_100, -4_550, 99]);
    expect(statement.entries[0]).toMatchObject({
      counterpartyIban: 'NL91ABNA0417164300',
      bankReference: '1000',
    });
    expect(new Set(statement.entries.map((e) => e.importId)).size).toBe(3);
  });

  it.each([
    { created: '2026-03-01 22:59:59.000000', date: '2026-03-01' },
    { created: '2026-03-01 23:00:00.000000', date: '2026-03-02' },
    { created: '2026-07-01 21:30:00.000000', date: '2026-07-01' },
    { created: '2026-07-01 22:30:00.000000', date: '2026-07-02' },
    { created: 'gisteren', date: undefined },
  ])('books $created (UTC) on the Dutch day $date', ({ created, date }) => {
    // Act + Assess
    expect(amsterdamDate(created)).toBe(date);
  });

  it('adds up for any payments, and a missing payment shows as a balance mismatch', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: -5_000_000, max: 5_000_000 }).filter((n) => n !== 0),
          { minLength: 3, maxLength: 30 },
        ),
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        (amounts, opening) => {
          // Prepare
          const all = payments(amounts, opening);
          const gap = all.filter((_, i) => i !== 1);
          // Act
          const complete = bunqPaymentsToStatement(ACCOUNT, all);
          const missing = bunqPaymentsToStatement(ACCOUNT, gap);
          // Assess
          expect(complete.balanceCheck).toBe('ok');
          expect((complete.closingBalanceCents ?? 0) - (complete.openingBalanceCents ?? 0)).toBe(
            complete.entries.reduce((sum, e) => sum + e.amountCents, 0),
          );
          expect(missing.balanceCheck).toBe('mismatch');
          expect(missing.errors.join()).toMatch(/missing payments/);
        },
      ),
    );
  });

  it('reports a payment whose amount is not a number, naming the field and value', () => {
    // Prepare
    const [bad] = payments([100]);
    // Act
    const statement = bunqPaymentsToStatement(ACCOUNT, [
      { ...(bad as BunqPayment), amount: { value: '1,2.3', currency: 'EUR' } },
    ]);
    // Assess
    expect(statement.entries).toEqual([]);
    expect(statement.errors[0]).toMatch(/payment 1000: amount.value: .*"1,2.3"/);
  });
});

/** A small stand-in for bunq's API: checks tokens and body signatures, signs its answers, pages payments. */
class FakeBunq {
  readonly server: Server;
  private readonly keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  clientKey = '';
  sessions = 0;
  expireNextSession = false;
  rateLimitNext = false;
  readonly requests: string[] = [];
  activeSession = '';

  constructor(private readonly all: BunqPayment[]) {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const url = req.url ?? '';
        this.requests.push(`${req.method} ${url}`);
        const reply = (status: number, value: unknown) => {
          const text = JSON.stringify(value);
          res.writeHead(status, {
            'Content-Type': 'application/json',
            'X-Bunq-Server-Signature': sign('sha256', Buffer.from(text), this.keys.privateKey).toString(
              'base64',
            ),
          });
          res.end(text);
        };
        const auth = req.headers['x-bunq-client-authentication'];
        const signed = req.headers['x-bunq-client-signature'] as string | undefined;
        if (body && url !== '/v1/installation') {
          if (!signed || !verify('sha256', Buffer.from(body), this.clientKey, Buffer.from(signed, 'base64')))
            return reply(400, { Error: [{ error_description: 'Request signature is invalid' }] });
        }
        if (this.rateLimitNext && req.method === 'GET') {
          this.rateLimitNext = false;
          return reply(429, { Error: [{ error_description: 'Too many requests' }] });
        }
        if (url === '/v1/installation') {
          this.clientKey = JSON.parse(body).client_public_key;
          return reply(200, {
            Response: [
              { Id: { id: 1 } },
              { Token: { id: 2, token: 'install-token' } },
              { ServerPublicKey: { server_public_key: this.keys.publicKey } },
            ],
          });
        }
        if (url === '/v1/device-server' && auth === 'install-token')
          return reply(200, { Response: [{ Id: { id: 3 } }] });
        if (url === '/v1/session-server' && auth === 'install-token') {
          this.sessions++;
          this.activeSession = `session-${this.sessions}`;
          return reply(200, {
            Response: [
              { Id: { id: 4 } },
              { Token: { id: 5, token: this.activeSession } },
              { UserCompany: { id: 42 } },
            ],
          });
        }
        if (auth !== this.activeSession || this.expireNextSession) {
          this.expireNextSession = false;
          this.activeSession = '';
          return reply(401, { Error: [{ error_description: 'Insufficient authorisation.' }] });
        }
        if (url.startsWith('/v1/user/42/monetary-account?')) {
          return reply(200, {
            Response: [
              {
                MonetaryAccountBank: {
                  id: 7,
                  currency: 'EUR',
                  status: 'ACTIVE',
                  alias: [{ type: 'IBAN', value: ACCOUNT.iban }],
                },
              },
              {
                MonetaryAccountSavings: {
                  id: 8,
                  currency: 'EUR',
                  status: 'CANCELLED',
                  alias: [{ type: 'IBAN', value: 'NL02BUNQ2025444662' }],
                },
              },
            ],
            Pagination: { older_url: null },
          });
        }
        const match = /^\/v1\/user\/42\/monetary-account\/7\/payment\?count=\d+(?:&older_id=(\d+))?$/.exec(
          url,
        );
        if (match) {
          const olderThan = match[1] ? Number(match[1]) : Number.POSITIVE_INFINITY;
          const page = this.all.filter((p) => p.id < olderThan).slice(0, 2);
          const last = page[page.length - 1];
          return reply(200, {
            Response: page.map((p) => ({ Payment: p })),
            Pagination: {
              older_url: last ? `/v1/user/42/monetary-account/7/payment?count=200&older_id=${last.id}` : null,
            },
          });
        }
        return reply(404, { Error: [{ error_description: `no route ${url}` }] });
      });
    });
  }
}

describe('BunqClient against a stand-in for the bunq API', () => {
  const all = payments([12_100, -4_550, 99, 2_500, -10]);
  const fake = new FakeBunq(all);
  let baseUrl = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => fake.server.close(() => resolve())));

  it('installs, registers, opens a session, pages payments since a moment, renews an expired session', async () => {
    // Prepare
    const store = new MemoryBunqContextStore();
    const client = new BunqClient({ apiKey: 'sandbox-key', baseUrl, store, retryDelayMs: 1 });
    const source = new BunqTransactionSource(client);
    const since = (all[3] as BunqPayment).created.replace(' ', 'T').slice(0, 19);
    // Act
    const statements = await source.fetch(since);
    fake.expireNextSession = true;
    fake.rateLimitNext = true;
    const again = await new BunqTransactionSource(
      new BunqClient({ apiKey: 'sandbox-key', baseUrl, store, retryDelayMs: 1 }),
    ).fetch(`${since}Z`);
    // Assess
    expect(statements).toHaveLength(1);
    expect(statements[0]?.entries.map((e) => e.amountCents)).toEqual([-4_550, 99, 2_500, -10]);
    expect(statements[0]?.balanceCheck).toBe('ok');
    expect(again[0]?.entries.map((e) => e.importId)).toEqual(statements[0]?.entries.map((e) => e.importId));
    expect(fake.sessions).toBe(2);
    expect(fake.requests.filter((r) => r.includes('/installation'))).toHaveLength(1);
    expect((await store.load())?.userId).toBe(42);
  });

  it('refuses an answer whose signature does not verify', async () => {
    // Prepare: a context whose server key is another key
    const store = new MemoryBunqContextStore();
    const client = new BunqClient({ apiKey: 'k', baseUrl, store });
    await client.accounts();
    const context = await store.load();
    const other = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    await store.save({
      ...(context as NonNullable<typeof context>),
      serverPublicKeyPem: other.publicKey,
    });
    // Act + Assess
    await expect(new BunqClient({ apiKey: 'k', baseUrl, store }).accounts()).rejects.toThrow(BunqApiError);
  });
});

describe('SecretsManagerBunqContextStore', () => {
  /** Answers Get/PutSecretValue like Secrets Manager for one secret. */
  function secretsManager(initial: string | undefined) {
    let value = initial;
    const calls: string[] = [];
    return {
      calls,
      client: {
        send: async (command: { constructor: { name: string }; input: { SecretString?: string } }) => {
          calls.push(command.constructor.name);
          if (command.constructor.name === 'PutSecretValueCommand') {
            value = command.input.SecretString;
            return {};
          }
          if (value === undefined) {
            const error = new Error('Secrets Manager can’t find the specified secret value');
            error.name = 'ResourceNotFoundException';
            throw error;
          }
          return { SecretString: value };
        },
      },
    };
  }

  it.each([
    { name: 'no value yet', initial: undefined },
    { name: 'an operator reset ({})', initial: '{}' },
    { name: 'an empty string', initial: '' },
  ])('treats $name as no context', async ({ initial }) => {
    // Prepare
    const fake = secretsManager(initial);
    const store = new SecretsManagerBunqContextStore(fake.client as never, 'bunq/context');
    // Act + Assess
    expect(await store.load()).toBeUndefined();
  });

  it('keeps what the client saves and gives it back on the next cold start', async () => {
    // Prepare
    const fake = secretsManager('{}');
    const context = {
      privateKeyPem: 'private',
      publicKeyPem: 'public',
      installationToken: 'install',
      serverPublicKeyPem: 'server',
      deviceRegistered: true,
      sessionToken: 'session',
      userId: 42,
    };
    // Act
    await new SecretsManagerBunqContextStore(fake.client as never, 'bunq/context').save(context);
    const loaded = await new SecretsManagerBunqContextStore(fake.client as never, 'bunq/context').load();
    // Assess
    expect(loaded).toEqual(context);
    expect(fake.calls).toEqual(['PutSecretValueCommand', 'GetSecretValueCommand']);
  });

  it('names the secret when it does not hold JSON', async () => {
    // Prepare
    const store = new SecretsManagerBunqContextStore(
      secretsManager('not json').client as never,
      'bunq/context',
    );
    // Act + Assess
    await expect(store.load()).rejects.toThrow(/bunq\/context is not JSON/);
  });
});
