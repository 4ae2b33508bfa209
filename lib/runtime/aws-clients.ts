import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface AwsClientOptions {
  /** Emulator or LocalStack endpoint; on AWS leave empty. Defaults to `AWS_ENDPOINT_URL`. */
  endpoint?: string;
  region?: string;
}

export interface AwsClients {
  sqs: SQSClient;
  s3: S3Client;
  dynamo: DynamoDBClient;
  documents: DynamoDBDocumentClient;
}

/**
 * Region, and the emulator endpoint with its test credentials when there is one: the configuration for a
 * client of another service (SES v2) that has no emulator traps of its own.
 */
export function awsClientConfig(options: AwsClientOptions = {}): {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
} {
  const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL ?? undefined;
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'eu-west-1';
  return endpoint
    ? {
        region,
        endpoint,
        credentials: {
          accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'test',
          secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
        },
      }
    : { region };
}

/**
 * One place that knows the emulator traps (docs/local-aws.md): path-style S3 and SQS calls that go to
 * the configured endpoint rather than the QueueUrl's host. Both settings are harmless on AWS.
 */
export function createAwsClients(options: AwsClientOptions = {}): AwsClients {
  const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL ?? undefined;
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'eu-west-1';
  const local = endpoint
    ? {
        endpoint,
        credentials: {
          accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'test',
          secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
        },
      }
    : {};
  const dynamo = new DynamoDBClient({ region, ...local });
  return {
    sqs: new SQSClient({ region, ...local, useQueueUrlAsEndpoint: false }),
    s3: new S3Client({ region, ...local, forcePathStyle: Boolean(endpoint) }),
    dynamo,
    documents: DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }),
  };
}

let shared: AwsClients | undefined;

/** Clients reused across invocations of a warm Lambda. */
export function awsClients(): AwsClients {
  shared ??= createAwsClients();
  return shared;
}
