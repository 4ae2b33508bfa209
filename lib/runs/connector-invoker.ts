import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { RunInvokeError } from './run-invoke-error.ts';

/** Starts a connector's function without waiting for it (the app's "run now"). */
export interface ConnectorInvoker {
  /** Connectors that can be started (those with a function name). */
  readonly connectors: readonly string[];
  invoke(connector: string, payload: Record<string, unknown>): Promise<void>;
}

/**
 * Lambda `Invoke` with `InvocationType: Event` on the connector's function, by the names the stack hands
 * the app-api function (`APP_FUNCTION_NAMES`, a JSON map connector → function name); IAM allows exactly
 * those functions.
 */
export class LambdaConnectorInvoker implements ConnectorInvoker {
  readonly connectors: readonly string[];

  constructor(
    private readonly lambda: Pick<LambdaClient, 'send'>,
    private readonly functionNames: Readonly<Record<string, string>>,
  ) {
    this.connectors = Object.keys(functionNames);
  }

  /** The map of `APP_FUNCTION_NAMES`; a value that is not a JSON object of names is an error naming it. */
  static functionNamesFrom(raw: string | undefined): Record<string, string> {
    if (raw === undefined || raw === '') return {};
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new RunInvokeError(`APP_FUNCTION_NAMES is not JSON: ${raw.slice(0, 80)}`, { cause: error });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new RunInvokeError('APP_FUNCTION_NAMES must be a JSON object of connector → function name');
    const names: Record<string, string> = {};
    for (const [connector, name] of Object.entries(value)) {
      if (typeof name !== 'string' || !/^[A-Za-z0-9_:.-]{1,170}$/.test(name))
        throw new RunInvokeError(`APP_FUNCTION_NAMES.${connector} is not a function name`);
      names[connector] = name;
    }
    return names;
  }

  async invoke(connector: string, payload: Record<string, unknown>): Promise<void> {
    const functionName = this.functionNames[connector];
    if (!functionName) throw new RunInvokeError(`connector ${connector} has no function to start`);
    const answer = await this.lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(payload)),
      }),
    );
    if (answer.StatusCode !== undefined && answer.StatusCode !== 202)
      throw new RunInvokeError(`Lambda answered ${answer.StatusCode} for ${functionName}`);
  }
}
