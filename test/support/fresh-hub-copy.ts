import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DocumentRecord } from '../../lib/documents/document-record.ts';
import { DocumentStore } from '../../lib/documents/index.ts';
import { createAwsClients } from '../../lib/runtime/aws-clients.ts';

/** What a started hub printed up to its ready line. */
export interface ReadyHub {
  /** Wall-clock ms from spawning `npm start` to the ready line. */
  readyMs: number;
  /** The "ready in … s" the hub reported itself (from its own process start). */
  reportedSeconds: number;
  /** Whether it synthesized (false: the cached synthesis was reused). */
  synthesized: boolean;
  api: string;
  awsEndpoint: string;
  documentsTable: string;
  output: string;
}

/**
 * A fresh copy of the repository: the files git knows (tracked, and new ones not ignored) and a link to this
 * checkout's node_modules — no `.hub/`, no `.cache/`, no `dist/`. `prepare()` then does what `npm ci` does
 * after installing (the package's `prepare` script: the CLI, hub and web bundles), so the copy is a clone
 * after `npm ci`. `start()` runs `npm start` in it on free ports, so it can run beside another hub.
 */
export class FreshHubCopy {
  private child: ChildProcess | undefined;
  private output = '';

  private constructor(readonly root: string) {}

  static create(repoRoot: string): FreshHubCopy {
    const root = mkdtempSync(join(tmpdir(), 'cashlink-fresh-'));
    const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: repoRoot,
      maxBuffer: 64 * 1024 * 1024,
    });
    for (const file of listed.toString('utf8').split('\0')) {
      // A file deleted in the working tree but not yet in git is not part of the copy.
      if (file === '' || !existsSync(join(repoRoot, file))) continue;
      mkdirSync(dirname(join(root, file)), { recursive: true });
      copyFileSync(join(repoRoot, file), join(root, file));
    }
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
    return new FreshHubCopy(root);
  }

  /** Runs the package's `prepare` script in the copy, as `npm ci` does after installing; the ms it took. */
  prepare(): number {
    const started = Date.now();
    execFileSync('npm', ['run', 'prepare', '--silent'], {
      cwd: this.root,
      stdio: 'ignore',
      timeout: 300_000,
    });
    return Date.now() - started;
  }

  /** `npm start` on free ports; resolves at the ready line, rejects with the output when it fails or times out. */
  start(timeoutMs: number): Promise<ReadyHub> {
    const started = Date.now();
    const env = { ...process.env };
    delete env.AWS_ENDPOINT_URL;
    delete env.CASHLINK_DYNAMODB;
    this.output = '';
    // Its own process group: stop() ends npm, its shell and the hub together.
    const child = spawn(
      'npm',
      ['start', '--', '--api-port', '0', '--aws-port', '0', '--cash-port', '0', '--shop-port', '0'],
      {
        cwd: this.root,
        env: { ...env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    this.child = child;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(`not ready within ${timeoutMs} ms`), timeoutMs);
      const fail = (reason: string) => {
        clearTimeout(timer);
        reject(new Error(`npm start in a fresh copy: ${reason}\n${this.output.slice(-4000)}`));
      };
      const read = (chunk: Buffer) => {
        this.output += chunk.toString('utf8');
        const ready = /ready in ([\d.]+) s/.exec(this.output);
        if (!ready) return;
        clearTimeout(timer);
        child.stdout?.off('data', read);
        child.stdout?.on('data', (more: Buffer) => {
          this.output += more.toString('utf8');
        });
        // The banner is written in one go, so the rows are there with the title.
        const row = (label: string, pattern = '\\S+') =>
          new RegExp(`^\\s+${label}\\s+(${pattern})`, 'm').exec(this.output)?.[1] ?? '';
        resolve({
          readyMs: Date.now() - started,
          reportedSeconds: Number(ready[1]),
          synthesized: this.output.includes('synthesized and bundled'),
          api: row('base URL'),
          awsEndpoint: row('endpoint'),
          documentsTable: row('table', '\\S*Documents\\S*'),
          output: this.output,
        });
      };
      child.stdout?.on('data', read);
      child.stderr?.on('data', (chunk: Buffer) => {
        this.output += chunk.toString('utf8');
      });
      child.on('error', (error) => fail(error.message));
      child.on('exit', (code) => fail(`exited with ${code} before it was ready`));
    });
  }

  /** Everything the hub printed so far. */
  printed(): string {
    return this.output;
  }

  /** The demo partner API key the hub keeps in `.hub/partner-api-key.json`. */
  partnerApiKey(): string {
    const saved = JSON.parse(readFileSync(join(this.root, '.hub', 'partner-api-key.json'), 'utf8')) as {
      apiKey: string;
    };
    return saved.apiKey;
  }

  /** Posts one new relation to the partner API; the id of its event. */
  async postRelation(hub: ReadyHub, externalId: string): Promise<string> {
    const answer = await fetch(`${hub.api}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.partnerApiKey()}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        events: [
          {
            administration: 'DEMO',
            type: 'relation.upsert',
            source: { externalId },
            data: { name: `Fresh copy ${externalId}`, roles: ['customer'], city: 'Utrecht' },
          },
        ],
      }),
    });
    const body = (await answer.json()) as { events?: Array<{ id: string }> };
    const id = body.events?.[0]?.id;
    if (answer.status !== 202 || !id)
      throw new Error(`POST /v1/events → ${answer.status} ${JSON.stringify(body)}`);
    return id;
  }

  /**
   * Polls the documents table (not the API, whose per-key rate limit a tight poll would hit) every 20 ms
   * until the document is booked or failed for good; the record and the ms it took.
   */
  async waitForBooking(
    hub: ReadyHub,
    id: string,
    timeoutMs: number,
  ): Promise<{ document: DocumentRecord; ms: number }> {
    const started = Date.now();
    const clients = createAwsClients({
      endpoint: hub.awsEndpoint,
      region: process.env.AWS_REGION ?? 'eu-west-1',
    });
    const store = new DocumentStore(clients.documents, hub.documentsTable);
    try {
      for (;;) {
        const document = await store.get(id);
        if (document && ['booked', 'duplicate', 'rejected', 'failed'].includes(document.status))
          return { document, ms: Date.now() - started };
        if (Date.now() - started > timeoutMs)
          throw new Error(`${id} not booked within ${timeoutMs} ms (status ${document?.status ?? 'none'})`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      clients.documents.destroy();
    }
  }

  /**
   * Stops the hub (SIGTERM to its process group, as Ctrl-C would) and waits until every process of the
   * group has exited, so the state is saved and DynamoDB's files are free for the next start.
   */
  async stop(): Promise<void> {
    const pid = this.child?.pid;
    this.child = undefined;
    if (!pid || !groupAlive(pid)) return;
    process.kill(-pid, 'SIGTERM');
    const deadline = Date.now() + 20_000;
    while (groupAlive(pid) && Date.now() < deadline + 2_000) {
      if (Date.now() > deadline) process.kill(-pid, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async cleanup(): Promise<void> {
    await this.stop();
    rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * Whether a process of the group `pgid` still runs. On Linux from /proc, so that an exited orphan left
 * unreaped (a container without init) does not count; elsewhere by signal 0.
 */
function groupAlive(pgid: number): boolean {
  if (existsSync('/proc/self/stat')) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(join('/proc', entry, 'stat'), 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses, so read after the last ')'.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
    }
    return false;
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
