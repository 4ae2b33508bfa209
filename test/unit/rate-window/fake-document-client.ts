import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A document client that answers every command with `answer` and keeps what was sent. */
export function fakeDocumentClient(answer: (input: Record<string, unknown>) => unknown) {
  const sent: Array<Record<string, unknown>> = [];
  const client = {
    send: async (command: { input: Record<string, unknown> }) => {
      sent.push(command.input);
      return answer(command.input);
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, sent };
}
