import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** A refused conditional write, as the SDK raises it or as an emulator names it. */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException'
  );
}

/** A whole number ≥ 0 as the document client gives it (number) or as an error's raw item holds it (`{ N: '3' }`). */
export function wholeNumberOf(value: unknown): number | undefined {
  const raw =
    typeof value === 'object' && value !== null && 'N' in value ? (value as { N: unknown }).N : value;
  const count = Number(raw);
  return raw !== undefined && raw !== null && Number.isSafeInteger(count) && count >= 0 ? count : undefined;
}
