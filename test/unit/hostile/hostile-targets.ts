import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostileTargets } from './hostile-inputs.ts';

/**
 * What hostile files point at: a canary file with a random secret that must never appear in any output,
 * and a trap server on 127.0.0.1 that counts every connection (there must be none).
 */
export class HostileTrap {
  readonly directory = mkdtempSync(join(tmpdir(), 'cashlink-hostile-'));
  readonly secret = `canary-${randomBytes(12).toString('hex')}`;
  readonly canaryPath = join(this.directory, 'canary.txt');
  connections = 0;
  private server: Server | undefined;
  private port = 0;

  async open(): Promise<HostileTargets> {
    writeFileSync(this.canaryPath, `${this.secret}\n`);
    const server = createServer((_request, response) => response.end(this.secret));
    server.on('connection', () => {
      this.connections++;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.targets();
  }

  targets(): HostileTargets {
    return { canaryPath: this.canaryPath, trapUrl: `http://127.0.0.1:${this.port}/evil.dtd` };
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    rmSync(this.directory, { recursive: true, force: true });
  }
}
