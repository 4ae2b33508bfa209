import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const cache = new Map<string, { value: string; until: number }>();
let client: SecretsManagerClient | undefined;

/**
 * Reads a secret's string value once per container and caches it for five minutes. For local runs
 * without Secrets Manager, `CASHLINK_SECRETS` may hold a JSON object of secret name → value.
 */
export async function readSecretText(name: string, now = Date.now()): Promise<string> {
  const local = process.env.CASHLINK_SECRETS;
  if (local) {
    const value = (JSON.parse(local) as Record<string, string>)[name];
    if (value !== undefined) return value;
  }
  const hit = cache.get(name);
  if (hit && hit.until > now) return hit.value;
  client ??= new SecretsManagerClient({});
  const answer = await client.send(new GetSecretValueCommand({ SecretId: name }));
  const value = answer.SecretString;
  if (!value) throw new Error(`secret ${name} has no string value`);
  cache.set(name, { value, until: now + 5 * 60_000 });
  return value;
}

/** A CASH API key: a bare string, or JSON `{"apiKey": "..."}`. */
export async function readSecret(name: string, now = Date.now()): Promise<string> {
  const value = await readSecretText(name, now);
  const key = value.trim().startsWith('{')
    ? String((JSON.parse(value) as { apiKey?: string }).apiKey ?? '')
    : value;
  if (!key) throw new Error(`secret ${name} holds no apiKey`);
  return key;
}
