import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY_FILE_MODE, DemoPartnerKey } from '../../../hub/partner/demo-partner-key.ts';
import { type AwsEmulators, startAwsEmulators } from '../../../lib/local/aws-emulators.ts';
import { ensureTable, pkSkTable } from '../../../lib/local/provision.ts';
import { ApiKeyStore, parseApiKey, signingKeyOf } from '../../../lib/partner-api/index.ts';
import { type AwsClients, createAwsClients } from '../../../lib/runtime/aws-clients.ts';

let emulators: AwsEmulators;
let clients: AwsClients;
const work = mkdtempSync(join(tmpdir(), 'cashlink-demo-key-'));
const TABLE = 'api-keys-demo';

beforeAll(async () => {
  emulators = await startAwsEmulators();
  clients = createAwsClients({ endpoint: emulators.endpoint, region: 'eu-west-1' });
  await ensureTable(clients.dynamo, pkSkTable(TABLE));
}, 30_000);
afterAll(async () => {
  await emulators?.stop();
  rmSync(work, { recursive: true, force: true });
});

const demoKey = (path: string) =>
  new DemoPartnerKey({
    client: clients.documents,
    apiKeysTable: TABLE,
    tenant: 'demo',
    administrations: ['DEMO'],
    path,
  });

describe('Class: DemoPartnerKey', () => {
  it('writes the key file readable by its owner only (0600), in the API-key table (10.5)', async () => {
    // Prepare
    const path = join(work, 'state', 'partner-api-key.json');
    // Act
    const apiKey = await demoKey(path).ensure();
    // Assess
    expect(statSync(path).mode & 0o777).toBe(DEMO_KEY_FILE_MODE);
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { apiKey: string; signingKey: string };
    const { id, secret } = parseApiKey(apiKey);
    expect(saved).toMatchObject({ apiKey, keyId: id, signingKey: signingKeyOf(secret) });
    expect(await new ApiKeyStore(clients.documents, TABLE).get(id)).toMatchObject({ tenant: 'demo' });
  });

  it('narrows a key file an earlier version left readable by others, keeping the key', async () => {
    // Prepare
    const path = join(work, 'old.json');
    const first = await demoKey(path).ensure();
    chmodSync(path, 0o644);
    // Act
    const again = await demoKey(path).ensure();
    // Assess
    expect(again).toBe(first);
    expect(statSync(path).mode & 0o777).toBe(DEMO_KEY_FILE_MODE);
  });
});
