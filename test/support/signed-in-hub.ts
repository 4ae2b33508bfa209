import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalHub } from '../../hub/local-hub.ts';
import { REDIRECT, signInForCode, tokenRequest } from '../unit/identity/identity-fixture.ts';
import { quietConsole } from './hub.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A local hub of the demo tenant on free ports with its own state folder, for tests of the web app's API:
 * users sign in at the hub's sign-in provider with the code flow, as the browser does, and call the HTTP
 * API with their access token. What the hub printed is kept in `lines` (for assertion messages).
 */
export class SignedInHub {
  readonly lines: string[] = [];
  private readonly stateDir: string;
  private hub: LocalHub | undefined;
  private api = '';
  private issuer = '';

  constructor(name: string) {
    this.stateDir = mkdtempSync(join(tmpdir(), `hub-${name}-`));
  }

  async start(): Promise<this> {
    this.hub = new LocalHub({
      projectRoot: repoRoot,
      tenant: 'demo',
      stateDir: this.stateDir,
      apiPort: 0,
      identityPort: 0,
      awsPort: 0,
      cashPort: 0,
      shopPort: 0,
      awsEndpoint: '',
      dynamo: 'dynalite',
      mailboxDir: join(this.stateDir, 'mailbox'),
      retryDelaysMs: [50, 100],
      console: quietConsole(this.lines),
    });
    const addresses = await this.hub.start();
    this.api = addresses.api as string;
    this.issuer = addresses.identity as string;
    return this;
  }

  async stop(): Promise<void> {
    await this.hub?.stop();
    rmSync(this.stateDir, { recursive: true, force: true });
  }

  /** The access token of a demo user (hub/identity/demo-users.ts), signed in with the code flow. */
  async accessToken(username: string): Promise<string> {
    const { code, verifier } = await signInForCode(this.issuer, username);
    const answer = await tokenRequest(this.issuer, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    const tokens = (await answer.json()) as { access_token?: string };
    if (!tokens.access_token) throw new Error(`no access token for ${username}: ${answer.status}`);
    return tokens.access_token;
  }

  /** A request to the HTTP API with `token` (none when empty); a body is sent as JSON. */
  call(token: string, method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.api}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** GET `path` with `token`, its JSON answer. */
  async getJson(token: string, path: string): Promise<Record<string, unknown>> {
    return (await (await this.call(token, 'GET', path)).json()) as Record<string, unknown>;
  }
}
