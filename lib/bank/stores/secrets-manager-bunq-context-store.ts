import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { BunqContext, BunqContextStore } from './bunq-client.ts';
import { BankImportError } from './errors.ts';

/**
 * Keeps the bunq API context (private key, installation and session tokens) in a Secrets Manager secret,
 * so a cold start reuses the device and session instead of registering again. An empty secret (`{}` or
 * no value yet) means no context: the client installs itself and saves the result.
 */
export class SecretsManagerBunqContextStore implements BunqContextStore {
  constructor(
    private readonly client: Pick<SecretsManagerClient, 'send'>,
    private readonly secretName: string,
  ) {}

  async load(): Promise<BunqContext | undefined> {
    let text: string | undefined;
    try {
      const answer = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretName }));
      text = answer.SecretString;
    } catch (error) {
      if (
        error instanceof ResourceNotFoundException ||
        (error as { name?: string }).name === 'ResourceNotFoundException'
      )
        return undefined;
      throw error;
    }
    if (!text?.trim()) return undefined;
    let value: Partial<BunqContext>;
    try {
      value = JSON.parse(text) as Partial<BunqContext>;
    } catch (cause) {
      throw new BankImportError(`bunq context secret ${this.secretName} is not JSON`, { cause });
    }
    // `{}` is how an operator resets the context (e.g. after revoking the API key).
    if (!value.privateKeyPem || !value.installationToken || !value.serverPublicKeyPem) return undefined;
    return value as BunqContext;
  }

  async save(context: BunqContext): Promise<void> {
    await this.client.send(
      new PutSecretValueCommand({ SecretId: this.secretName, SecretString: JSON.stringify(context) }),
    );
  }
}
