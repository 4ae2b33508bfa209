import { type AddressInfo, connect, createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpApiServer } from '../../../hub/http/http-api-server.ts';
import { CashSimulator } from '../../../lib/cash/simulator/index.ts';
import { type AwsEmulators, startAwsEmulators } from '../../../lib/local/aws-emulators.ts';
import { LOOPBACK_HOST, onLoopback } from '../../../lib/local/loopback.ts';

/** An IPv4 address of this machine that is not loopback, when it has one. */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function listening(server: Server, ...args: unknown[]): Promise<AddressInfo> {
  return new Promise((resolve) => {
    (server.listen as (...a: unknown[]) => Server).call(server, ...args, () =>
      resolve(server.address() as AddressInfo),
    );
  });
}

let emulators: AwsEmulators;
const simulator = new CashSimulator({ apiKeys: { k: ['DEMO'] } });
const api = new HttpApiServer({ routes: [], functions: new Map(), apiId: 'api', accountId: '000000000000' });
let ports: Record<string, number>;

beforeAll(async () => {
  emulators = await startAwsEmulators();
  const simulatorUrl = new URL(await simulator.start());
  const apiUrl = new URL(await api.start(0));
  ports = {
    endpoint: Number(new URL(emulators.endpoint).port),
    fauxqs: emulators.fauxqs.port,
    simulator: Number(simulatorUrl.port),
    api: Number(apiUrl.port),
  };
}, 30_000);
afterAll(async () => {
  await Promise.all([emulators?.stop(), simulator.stop(), api.stop()]);
});

describe('Local servers bind 127.0.0.1 only (10.5)', () => {
  it.each(['endpoint', 'fauxqs', 'simulator', 'api'])('%s answers on loopback', async (name) => {
    // Act & Assess
    expect(await accepts(LOOPBACK_HOST, ports[name] as number)).toBe(true);
  });

  it.runIf(outsideAddress)(
    'none of them answers on the machine’s network address (fauxqs hard-codes 0.0.0.0)',
    async () => {
      // Act
      const reachable = await Promise.all(
        Object.entries(ports).map(async ([name, port]) => [
          name,
          await accepts(outsideAddress as string, port),
        ]),
      );
      // Assess
      expect(Object.fromEntries(reachable)).toEqual({
        endpoint: false,
        fauxqs: false,
        simulator: false,
        api: false,
      });
    },
  );
});

describe('Function: onLoopback', () => {
  it('binds servers that name no host or the any-address to 127.0.0.1, and only while it runs', async () => {
    // Prepare
    const servers = [createServer(), createServer(), createServer(), createServer()];
    // Act
    const inside = await onLoopback(async () => [
      await listening(servers[0] as Server, 0),
      await listening(servers[1] as Server, { port: 0, host: '0.0.0.0' }),
      await listening(servers[2] as Server, 0, '::'),
    ]);
    const outside = await listening(servers[3] as Server, 0);
    for (const server of servers) server.close();
    // Assess
    expect(inside.map((address) => address.address)).toEqual([LOOPBACK_HOST, LOOPBACK_HOST, LOOPBACK_HOST]);
    expect(outside.address).not.toBe(LOOPBACK_HOST);
  });
});
