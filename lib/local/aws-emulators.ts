import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { LOOPBACK_HOST, onLoopback } from './loopback.ts';

export interface AwsEmulators {
  /** The one endpoint to give the AWS SDK, like LocalStack's `http://localhost:4566`. */
  endpoint: string;
  fauxqs: FauxqsServer;
  /** Which DynamoDB emulator answers. */
  dynamoEngine: 'dynalite' | 'dynamodb-local';
  /**
   * Serves another service's calls on the same endpoint (the hub's Lambda `Invoke`): a request `handler`
   * claims (`matches`) is its to answer; everything else still goes to the emulators.
   */
  serve(handler: EndpointHandler): void;
  stop(): Promise<void>;
}

/** A service answered beside the emulators on the one endpoint. */
export interface EndpointHandler {
  matches(req: IncomingMessage): boolean;
  serve(req: IncomingMessage, res: ServerResponse): void;
}

export interface AwsEmulatorOptions {
  /** Port of the combined endpoint; 0 picks a free one. */
  port?: number;
  /** Directory where dynalite keeps its tables between runs; in memory when absent. */
  dynamoPath?: string;
  /** Run AWS's DynamoDB Local (Java) from this unpacked jar directory instead of dynalite, data in `dbPath`. */
  dynamoDbLocal?: { jarDirectory: string; dbPath: string };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK_HOST, () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function proxy(req: IncomingMessage, res: ServerResponse, port: number): void {
  const upstream = httpRequest(
    { host: LOOPBACK_HOST, port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`emulator unreachable: ${error.message}`);
  });
  req.pipe(upstream);
}

/**
 * Starts SQS + S3 (fauxqs) and DynamoDB (dynalite, or DynamoDB Local when given its jar) behind a single
 * endpoint. A request whose `x-amz-target` names DynamoDB goes to that emulator, everything else to fauxqs, so application code is
 * configured through `AWS_ENDPOINT_URL` alone — exactly as it would be against LocalStack.
 */
export async function startAwsEmulators(options: AwsEmulatorOptions = {}): Promise<AwsEmulators> {
  // fauxqs listens on 0.0.0.0 whatever it is told; it has no authentication, so loopback only.
  const fauxqs = await onLoopback(() => startFauxqs({ port: 0, logger: false }));
  let dynamoPort: number;
  let stopDynamo: () => Promise<void>;
  if (options.dynamoDbLocal) {
    const local = await startDynamoDbLocal({ ...options.dynamoDbLocal, port: await freePort() }).catch(
      async (error: unknown) => {
        await fauxqs.stop();
        throw error;
      },
    );
    dynamoPort = local.port;
    stopDynamo = () => local.stop();
  } else {
    const dynamo = dynalite({
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
      path: options.dynamoPath,
    }) as Server;
    dynamoPort = await listen(dynamo, 0);
    stopDynamo = () => close(dynamo);
  }
  const handlers: EndpointHandler[] = [];
  const router = createServer((req, res) => {
    const handler = handlers.find((h) => h.matches(req));
    if (handler) return handler.serve(req, res);
    const target = String(req.headers['x-amz-target'] ?? '');
    proxy(req, res, target.startsWith('DynamoDB_') ? dynamoPort : fauxqs.port);
  });
  router.keepAliveTimeout = 65_000;
  const port = await listen(router, options.port ?? 0);
  return {
    endpoint: `http://${LOOPBACK_HOST}:${port}`,
    fauxqs,
    dynamoEngine: options.dynamoDbLocal ? 'dynamodb-local' : 'dynalite',
    serve(handler) {
      handlers.push(handler);
    },
    async stop() {
      router.closeAllConnections();
      await close(router);
      await stopDynamo();
      await fauxqs.stop();
    },
  };
}

/** A port that was free a moment ago (for a child process that cannot be told to pick one). */
async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe, 0);
  await close(probe);
  return port;
}
